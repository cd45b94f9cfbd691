from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from adminkit.media import media_with_nonce

# revisions registers models before VersionAdmin; tags re-registers taggit's tag admin.
from .. import editing, revisions, workflow  # noqa: F401
from ..dates import korean_datetime
from ..forms import (
    ATTENDEE_TABLES_LIMIT,
    SUMMARY_ITEMS_LIMIT,
    ArticleAdminForm,
    AttendeeTableForm,
    SummaryItemForm,
)
from ..models import Article, AttendeeTable, Category, Source, SummaryItem
from ..revisions import RestoreGuard
from ..workflow import can_edit
from . import tags, views  # noqa: F401


class SummaryItemInline(admin.TabularInline):
    model = SummaryItem
    form = SummaryItemForm
    extra = 1
    max_num = SUMMARY_ITEMS_LIMIT
    fields = ("text", "position")
    verbose_name_plural = f"요약 목록 (본문 아래 글머리표, 최대 {SUMMARY_ITEMS_LIMIT}개)"


class AttendeeTableInline(admin.TabularInline):
    model = AttendeeTable
    form = AttendeeTableForm
    extra = 0
    max_num = ATTENDEE_TABLES_LIMIT
    show_change_link = True  # to the table's page: names edited one by one, reordered by drag
    verbose_name_plural = f"참석자 표 (최대 {ATTENDEE_TABLES_LIMIT}개)"


def kst(value) -> str:
    """A time as the desk reads it: Korea time with its offset, so nobody schedules wrong."""
    return f"{korean_datetime(value)} KST (+09:00)" if value else "-"


# The name of the change form's workflow buttons: "지금 게시" saves what was typed, then publishes.
WORKFLOW_BUTTON = "_workflow"
PUBLISH_FIELDS = ("status", "published_at")
BREAKING_FIELDS = ("is_breaking", "breaking_until", "breaking_priority")


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
    autocomplete_fields = (
        "section",
        "categories",
        "source",
        "related_link_article",
        "feature_photo",
    )
    save_as = True  # "저장 및 다른 이름으로 추가": a copy starts as a draft (save_model)
    # Tags live in taggit's generic table, which revisions do not hold: nothing to compare.
    compare_exclude = ("tags",)
    save_on_top = False
    readonly_fields = (
        "reading_minutes",
        "created_kst",
        "updated_kst",
        "first_published_kst",
        "created_by",
        "updated_by",
        "feature_image_reference",
    )
    # Live updates, corrections, related lists and the audit log have pages of their own,
    # linked from the sidebar: the story form stays small however long a story runs.
    inlines = (SummaryItemInline, AttendeeTableInline)
    # The main column holds what every story needs, in writing order; "side" fieldsets go to
    # the sidebar, "collapse" ones start closed.
    fieldsets = (
        (None, {"fields": ("headline", "deck", "body")}),
        ("요약과 발췌", {"fields": ("excerpt", "feature_text")}),
        (
            "분류와 출처",
            {"classes": ("side",), "fields": ("section", "categories", "tags", "byline", "source")},
        ),
        ("게시", {"classes": ("side",), "fields": (*PUBLISH_FIELDS, "minor_edit", "seen_version")}),
        ("속보 설정", {"classes": ("side", "collapse"), "fields": BREAKING_FIELDS}),
        (
            "대표 이미지",
            {
                "classes": ("side",),
                "fields": (
                    "feature_photo",
                    "feature_photo_upload",
                    "feature_photo_credit",
                    "feature_image_alt",
                    "feature_image_caption",
                ),
            },
        ),
        (
            "관련 링크",
            {
                "classes": ("side", "collapse"),
                "fields": ("related_link_title", "related_link_url", "related_link_article"),
            },
        ),
        (
            "주소와 기록",
            {
                "classes": ("side", "collapse"),
                "fields": (
                    "slug",
                    "reading_minutes",
                    "created_kst",
                    "created_by",
                    "first_published_kst",
                    "updated_kst",
                    "updated_by",
                    "feature_image_reference",
                ),
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
        """A restore is a save: it passes every check a save passes, against the story as it
        stands now (django-reversion rewrites the rows before the admin's own checks run)."""
        current = Article.objects.filter(pk=object_id).first()
        if current is None:
            raise Http404("기사가 없습니다.")
        if not self.has_change_permission(request, current):
            raise PermissionDenied("이 기사를 고칠 권한이 없습니다.")
        request.article_before_revert = RestoreGuard.of(current)
        return super().revision_view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        # The restore page is rendered inside reversion's view, out of MediaNonceMiddleware's
        # reach: without the nonce the body editor's importmap is blocked and the editor dies.
        context["media"] = media_with_nonce(request, context["media"])
        guard = getattr(request, "article_before_revert", None)
        if guard:
            context.setdefault("current_version", guard.version)  # the desk panel's version
        return super().render_change_form(request, context, *args, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        guard = getattr(request, "article_before_revert", None)
        form.version_before_revert = guard.version if guard else None
        form.uploading_user = request.user
        pressed = request.POST.get(WORKFLOW_BUTTON) if request.method == "POST" else None
        form.workflow_transition = pressed if pressed in workflow.LABELS else None
        return form

    def save_model(self, request, obj, form, change):
        guard = getattr(request, "article_before_revert", None)
        if guard:
            guard.keep_state(obj)
            # The row now holds the restored revision; what the story was is in the guard.
            previous = {"status": guard.state["status"], "is_breaking": guard.state["is_breaking"]}
        else:
            previous = Article.objects.filter(pk=obj.pk).values("status", "is_breaking").first()
        if not change:
            obj.created_by = request.user
            if "_saveasnew" in request.POST:
                # A copy is a new story: it starts unpublished whatever the original was.
                obj.status, obj.published_at, obj.first_published_at = "draft", None, None
                obj.is_breaking, obj.breaking_until = False, None
        obj.updated_by = request.user
        # A minor edit keeps modified_at and sends no ping; the save follows the change
        # (articles.changes.follow_story_change, after commit: the sections and tags saved
        # below by save_related are in place by then).
        obj.save(minor=change and form.cleaned_data.get("minor_edit", False))
        views.log_form_save(request, obj, previous)
        for note in form.photo_notes:
            self.message_user(request, note, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guard = getattr(request, "article_before_revert", None)
        if guard:
            guard.keep_other_parts(form.instance)
        if form.workflow_transition:
            # The form already passed workflow.check for this button: the text the editor
            # typed is saved first, then the transition runs on it, in the same transaction.
            article = form.instance
            workflow.run(form.workflow_transition, article, request.user, article.version)
            request.workflow_done = form.workflow_transition

    def _workflow_response(self, request, obj):
        """After a save-and-publish button: say what happened to which story, stay on it."""
        done = request.workflow_done
        self.message_user(request, workflow.LABELS[done][1].format(obj.headline), messages.SUCCESS)
        return HttpResponseRedirect(views.change_url(obj))

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "workflow_done", None):
            return self._workflow_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "workflow_done", None):
            return self._workflow_response(request, obj)
        return super().response_change(request, obj)

    # --- pages ------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "flash/",
                view(views.FlashView.as_view(model_admin=self)),
                name="articles_flash",
            ),
            path(
                "<int:pk>/workflow/<str:transition>/",
                view(views.transition_view(self)),
                name="articles_article_transition",
            ),
            path(
                "<int:pk>/preview/",
                view(views.preview_view(self)),
                name="articles_article_preview",
            ),
            path(
                "<int:pk>/preview-link/",
                view(views.preview_link_view(self)),
                name="articles_article_preview_link",
            ),
            path(
                "<int:pk>/editing/",
                view(views.editing_view(self)),
                name="articles_article_editing",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        draft = Article(created_by=request.user)
        extra_context = {
            **(extra_context or {}),
            "transitions": views.transition_buttons(request.user, draft),
        }
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            marker = editing.current_marker(article.pk)
            if self.has_change_permission(request, article):
                marker = editing.hold(article.pk, request.user)
            extra_context.update(views.change_page_context(request, article, marker))
        return super().change_view(request, object_id, form_url, extra_context)

    # --- bulk actions: each goes through the workflow and its version check --------------------

    def _bulk(self, request, queryset, transition):
        done, refused = views.run_bulk(request, queryset, transition)
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
