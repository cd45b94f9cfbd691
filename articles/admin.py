from django.contrib import admin, messages
from django.urls import path
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from live.admin import LiveUpdateInline, StoryNoteInline

# revisions registers models before VersionAdmin; admin_tags re-registers taggit's tag admin.
from . import admin_tags, admin_views, editing, revisions  # noqa: F401
from .forms import ArticleAdminForm, AttendeeTableForm
from .models import (
    Article,
    ArticleEvent,
    AttendeeTable,
    Category,
    Highlight,
    HighlightStyle,
    OutletSettings,
    RelatedEntry,
    Source,
    SummaryItem,
)
from .templatetags.newsroom import korean_datetime
from .workflow import can_edit


class SummaryItemInline(admin.TabularInline):
    model = SummaryItem
    extra = 1
    fields = ("text", "position")
    verbose_name_plural = "요약 목록 (본문 아래 글머리표)"


class AttendeeTableInline(admin.StackedInline):
    model = AttendeeTable
    form = AttendeeTableForm
    extra = 0
    show_change_link = True  # to the table's page: names edited one by one, reordered by drag


class RelatedEntryInline(admin.TabularInline):
    """The story's related list; judging entries needs the moderator permission."""

    model = RelatedEntry
    fk_name = "article"
    extra = 1
    fields = (
        "target",
        "title",
        "url",
        "status",
        "origin",
        "pinned",
        "position",
        "score",
        "moderated_by",
        "moderated_at",
    )
    autocomplete_fields = ("target",)
    verbose_name_plural = "관련 기사 목록 (발견) — 검토는 '관련 기사 목록' 화면에서"

    def get_readonly_fields(self, request, obj=None):
        readonly = ["origin", "score", "moderated_by", "moderated_at"]
        if not request.user.has_perm("articles.moderate_relatedentry"):
            readonly += ["status", "pinned"]
        return readonly


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


class ArticleEventInline(admin.TabularInline):
    """Who created, submitted, published, unpublished and scheduled the story, and when."""

    model = ArticleEvent
    extra = 0
    can_delete = False
    fields = ("at_kst", "action", "user", "note")
    readonly_fields = fields
    verbose_name_plural = "기록 (누가, 언제)"

    @admin.display(description="시각 (KST)")
    def at_kst(self, event):
        return kst(event.at)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def kst(value) -> str:
    """A time as the desk reads it: Korea time with its offset, so nobody schedules wrong."""
    return f"{korean_datetime(value)} KST (+09:00)" if value else "-"


WORKFLOW_FIELDS = ("status", "published_at", "is_breaking", "breaking_until", "breaking_priority")


@admin.register(Article)
class ArticleAdmin(CompareVersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    list_display = (
        "headline",
        "section",
        "status",
        "breaking_flag",
        "published_kst",
        "updated_kst",
        "seen_version",
    )
    list_filter = ("status", "section", "is_breaking", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "source", "related_link_article", "feature_photo")
    filter_horizontal = ("categories",)
    readonly_fields = (
        "reading_minutes",
        "created_kst",
        "updated_kst",
        "first_published_kst",
        "created_by",
        "updated_by",
        "feature_image_reference",
    )
    inlines = (
        SummaryItemInline,
        AttendeeTableInline,
        RelatedEntryInline,
        HighlightInline,
        LiveUpdateInline,
        StoryNoteInline,
        ArticleEventInline,
    )
    fieldsets = (
        (None, {"fields": ("headline", "slug", "section", "categories", "tags", "byline")}),
        ("요약", {"fields": ("deck", "excerpt", "feature_text")}),
        (
            "대표 이미지",
            {
                "fields": (
                    "feature_photo",
                    "feature_photo_upload",
                    "feature_photo_credit",
                    "feature_image_alt",
                    "feature_image_caption",
                    "feature_image_reference",
                )
            },
        ),
        ("본문", {"fields": ("body", "reading_minutes")}),
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
        ("게시", {"fields": (*WORKFLOW_FIELDS, "seen_version", "minor_edit")}),
        (
            "기록",
            {
                "fields": (
                    "created_kst",
                    "created_by",
                    "first_published_kst",
                    "updated_kst",
                    "updated_by",
                )
            },
        ),
    )
    actions = (
        "publish_selected",
        "unpublish_selected",
        "mark_breaking_selected",
        "unmark_breaking_selected",
        "submit_selected",
    )

    # --- columns, in Korea time with the offset -------------------------------------------

    @admin.display(description="게시 (KST)", ordering="published_at")
    def published_kst(self, article):
        return kst(article.published_at)

    @admin.display(description="수정 (KST)", ordering="updated_at")
    def updated_kst(self, article):
        return kst(article.updated_at)

    @admin.display(description="작성 (KST)")
    def created_kst(self, article):
        return kst(article.created_at)

    @admin.display(description="최초 게시 (KST)")
    def first_published_kst(self, article):
        return kst(article.first_published_at)

    @admin.display(description="속보", boolean=True, ordering="is_breaking")
    def breaking_flag(self, article):
        return article.is_breaking

    @admin.display(description="버전")
    def seen_version(self, article):
        # Posted with a bulk action, so the action refuses stories changed since this list loaded.
        return format_html(
            '{}<input type="hidden" name="seen_version_{}" value="{}">',
            article.version,
            article.pk,
            article.version,
        )

    # --- who may do what, checked on the server ---------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or request.user.has_perm("articles.edit_others_articles")
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        user = request.user
        if not user.has_perm("articles.publish_article"):
            readonly += ["status", "published_at"]
        if not user.has_perm("articles.mark_breaking"):
            readonly += ["is_breaking", "breaking_until", "breaking_priority"]
        if obj and obj.first_published_at and not user.is_superuser:
            readonly.append("slug")  # shared URLs stay stable; administrators may still change it
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj and obj.first_published_at:
            return {}
        return super().get_prepopulated_fields(request, obj)

    # --- saving -----------------------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring rewrites the row (version included) before the form runs; keep the real count.
        request.article_version_before_revert = (
            Article.objects.filter(pk=object_id).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.version_before_revert = getattr(request, "article_version_before_revert", None)
        form.uploading_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if form.version_before_revert is not None:
            obj.version = form.version_before_revert
        previous = Article.objects.filter(pk=obj.pk).values("status", "is_breaking").first()
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # Article.save() keeps modified_at for a minor edit; distribution sends no ping.
        obj.minor_edit = change and form.cleaned_data.get("minor_edit", False)
        super().save_model(request, obj, form, change)
        admin_views.log_form_save(request, obj, previous)
        for note in form.photo_notes:
            self.message_user(request, note, messages.WARNING)

    # --- pages ------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "flash/",
                view(admin_views.FlashView.as_view(model_admin=self)),
                name="articles_flash",
            ),
            path(
                "<int:pk>/workflow/<str:transition>/",
                view(admin_views.transition_view(self)),
                name="articles_article_transition",
            ),
            path(
                "<int:pk>/preview/",
                view(admin_views.preview_view(self)),
                name="articles_article_preview",
            ),
            path(
                "<int:pk>/preview-link/",
                view(admin_views.preview_link_view(self)),
                name="articles_article_preview_link",
            ),
            path(
                "<int:pk>/editing/",
                view(admin_views.editing_view(self)),
                name="articles_article_editing",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            marker = editing.current_marker(article.pk)
            if self.has_change_permission(request, article):
                marker = editing.hold(article.pk, request.user)
            extra_context.update(admin_views.change_page_context(request, article, marker))
        return super().change_view(request, object_id, form_url, extra_context)

    # --- bulk actions: each goes through the workflow and its version check --------------------

    def _bulk(self, request, queryset, transition):
        done, refused = admin_views.run_bulk(request, queryset, transition)
        if done:
            self.message_user(request, f"{done}건을 처리했습니다.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="선택한 기사를 지금 게시", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="선택한 기사 게시 중단", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description="선택한 기사를 속보로 지정", permissions=["breaking"])
    def mark_breaking_selected(self, request, queryset):
        self._bulk(request, queryset, "breaking_on")

    @admin.action(description="선택한 기사의 속보 해제", permissions=["breaking"])
    def unmark_breaking_selected(self, request, queryset):
        self._bulk(request, queryset, "breaking_off")

    @admin.action(description="선택한 기사 검토 요청", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_breaking_permission(self, request):
        return request.user.has_perm("articles.mark_breaking")

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")


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


from . import admin_attendees, admin_related  # noqa: E402,F401
