from django.contrib import admin
from django.utils import timezone

from .forms import AttendeeTableForm
from .models import (
    Article,
    AttendeeTable,
    Category,
    Highlight,
    HighlightStyle,
    OutletSettings,
    RelatedEntry,
    Source,
    SummaryItem,
)


class SummaryItemInline(admin.TabularInline):
    model = SummaryItem
    extra = 1
    fields = ("text", "position")
    verbose_name_plural = "요약 목록 (본문 아래 글머리표)"


class AttendeeTableInline(admin.StackedInline):
    model = AttendeeTable
    form = AttendeeTableForm
    extra = 0


class RelatedEntryInline(admin.TabularInline):
    model = RelatedEntry
    fk_name = "article"
    extra = 1
    fields = ("target", "title", "url", "status", "origin", "pinned", "position")
    autocomplete_fields = ("target",)


class HighlightInline(admin.TabularInline):
    """Key sentences found in the body on save; edited through the body, listed here."""

    model = Highlight
    extra = 0
    can_delete = False
    fields = ("position", "style", "text")
    readonly_fields = fields
    verbose_name_plural = "강조 문장 (본문에서 자동 추출)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "headline",
        "section",
        "status",
        "is_breaking",
        "published_at",
        "updated_at",
    )
    list_filter = ("status", "section", "is_breaking", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "source", "related_link_article")
    filter_horizontal = ("categories",)
    readonly_fields = ("reading_minutes", "created_at", "updated_at", "feature_image_reference")
    inlines = (SummaryItemInline, AttendeeTableInline, RelatedEntryInline, HighlightInline)
    fieldsets = (
        (None, {"fields": ("headline", "slug", "section", "categories", "tags", "byline")}),
        ("요약", {"fields": ("deck", "excerpt", "feature_text")}),
        (
            "대표 이미지",
            {
                "fields": (
                    "feature_image",
                    "feature_image_alt",
                    "feature_image_caption",
                    "feature_image_credit",
                    "feature_image_reference",
                )
            },
        ),
        (
            "본문",
            {
                "fields": ("body", "reading_minutes"),
                "description": (
                    "강조 문장은 팔레트의 클래스로 표시합니다: "
                    '<code>&lt;span class="hl-red"&gt;…&lt;/span&gt;</code>. '
                    "저장할 때 허용되지 않은 태그와 속성은 지워집니다."
                ),
            },
        ),
        (
            "출처와 관련 링크",
            {
                "fields": (
                    "source",
                    "related_link_title",
                    "related_link_url",
                    "related_link_article",
                )
            },
        ),
        ("게시", {"fields": ("status", "published_at", "is_breaking", "created_at", "updated_at")}),
    )

    @admin.action(description="선택한 기사를 지금 게시")
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save()
            count += 1
        self.message_user(request, f"기사 {count}건을 게시했습니다.")

    actions = ("publish_now",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url")
    search_fields = ("name",)


@admin.register(HighlightStyle)
class HighlightStyleAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "text_color", "background_color", "bold", "position")
    list_editable = ("position",)


@admin.register(OutletSettings)
class OutletSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "home_url", "footer_text")

    def has_add_permission(self, request):
        return not OutletSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
