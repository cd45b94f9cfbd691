"""The moderation queue of related-article lists ("발견"), for the moderator role.

By default it lists pending suggestions across all stories, newest stories first, for bulk
approval or rejection. Following a story's name lists that story's whole list, where entries
are pinned, reordered (the position column) and added by hand, and where a headline awaiting
resolution is linked to the matching story by picking it (autocomplete).

Judging an entry (status, pin) needs moderate_relatedentry; editing one needs
change_relatedentry. Both are checked here on the server, not only by hiding buttons.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article

from .models import RelatedEntry

MODERATE_PERMISSION = "related.moderate_relatedentry"


def can_moderate(user) -> bool:
    return user.has_perm(MODERATE_PERMISSION)


class QueueFilter(admin.SimpleListFilter):
    """What part of the lists to look at; pending suggestions unless asked otherwise."""

    title = "검토 상태"
    parameter_name = "queue"
    PENDING = "pending"

    def lookups(self, request, model_admin):
        return (
            (self.PENDING, "검토 대기"),
            ("awaiting", "해결 대기 제목"),
            ("approved", "승인"),
            ("rejected", "거절"),
            ("all", "전체"),
        )

    def value(self):
        return super().value() or self.PENDING

    def choices(self, changelist):
        # No "모두" link of Django's own: without the parameter this filter means "pending".
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        match self.value():
            case self.PENDING:
                return queryset.pending()
            case "awaiting":
                return queryset.filter(target__isnull=True, url="")
            case "approved":
                return queryset.filter(status=RelatedEntry.Status.APPROVED)
            case "rejected":
                return queryset.filter(status=RelatedEntry.Status.REJECTED)
        return queryset


class TargetStateFilter(admin.SimpleListFilter):
    title = "대상 기사"
    parameter_name = "target_state"

    def lookups(self, request, model_admin):
        return (("unpublished", "비공개 (목록에서 숨겨짐)"), ("public", "공개"))

    def queryset(self, request, queryset):
        public = Article.objects.published().values("pk")
        if self.value() == "unpublished":
            return queryset.filter(target__isnull=False).exclude(target__in=public)
        if self.value() == "public":
            return queryset.filter(target__in=public)
        return queryset


@admin.register(RelatedEntry)
class RelatedEntryAdmin(admin.ModelAdmin):
    list_display = (
        "entry",
        "story",
        "status",
        "origin",
        "score",
        "target_state",
        "pinned",
        "position",
        "moderated_by",
        "moderated_at",
    )
    list_display_links = ("entry",)
    list_editable = ("position",)
    list_filter = (QueueFilter, TargetStateFilter, "origin", "pinned")
    list_select_related = ("article", "target", "moderated_by")
    list_per_page = 50
    # Newest stories first; within a story, the order readers see, then the best suggestions.
    ordering = (
        F("article__published_at").desc(nulls_last=True),
        "-article_id",
        "-pinned",
        "position",
        F("score").desc(nulls_last=True),
        "id",
    )
    search_fields = ("article__headline", "target__headline", "title", "url")
    autocomplete_fields = ("article", "target")
    fields = (
        "article",
        "target",
        "title",
        "url",
        "status",
        "pinned",
        "position",
        "origin",
        "score",
        "moderated_by",
        "moderated_at",
        "created_at",
    )
    actions = ("approve", "reject", "pin", "unpin")

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["origin", "score", "moderated_by", "moderated_at", "created_at"]
        if obj is not None:
            readonly.append("article")  # an entry belongs to its story; add a new one instead
        if not self.has_moderate_permission(request):
            readonly += ["status", "pinned"]
        return readonly

    def get_changeform_initial_data(self, request):
        # "Add" from a story's list comes with ?article=<id>; a person's pick is approved.
        return {
            "status": RelatedEntry.Status.APPROVED,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = RelatedEntry.Origin.MANUAL
        # Whoever adds an entry by hand chose it: they are on record as its moderator.
        judged = not change or bool({"status", "pinned"} & set(form.changed_data))
        resolved = change and "target" in form.changed_data and not form.initial.get("target")
        if resolved and self.has_moderate_permission(request) and "status" not in form.changed_data:
            # Picking the story an imported headline meant is the judgement: it is approved.
            obj.status = RelatedEntry.Status.APPROVED
            judged = True
        if judged:
            obj.moderated_by, obj.moderated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, verb: str, done: str):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        count = getattr(queryset, verb)(request.user)
        self.message_user(request, f"항목 {count}건을 {done}.", messages.SUCCESS)

    @admin.action(description="선택한 항목 승인", permissions=("moderate",))
    def approve(self, request, queryset):
        self._moderate(request, queryset, "approve", "승인했습니다")

    @admin.action(description="선택한 항목 거절 (다시 추천되지 않음)", permissions=("moderate",))
    def reject(self, request, queryset):
        self._moderate(request, queryset, "reject", "거절했습니다")

    @admin.action(description="선택한 항목 고정 (맨 위에, 승인 포함)", permissions=("moderate",))
    def pin(self, request, queryset):
        self._moderate(request, queryset, "pin", "고정했습니다")

    @admin.action(description="선택한 항목 고정 해제", permissions=("moderate",))
    def unpin(self, request, queryset):
        self._moderate(request, queryset, "unpin", "고정 해제했습니다")

    @admin.display(description="항목", ordering="title")
    def entry(self, obj):
        if obj.is_awaiting_resolution:
            return format_html("{} <small>(해결 대기)</small>", obj.title or "(제목 없음)")
        return obj.display_title or "(제목 없음)"

    @admin.display(description="기사", ordering="article__published_at")
    def story(self, obj):
        url = reverse("admin:related_relatedentry_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;queue=all" title="이 기사의 목록 전체">{}</a>',
            url,
            obj.article_id,
            obj.article.headline,
        )

    @admin.display(description="대상 상태")
    def target_state(self, obj):
        if obj.is_awaiting_resolution:
            return "해결 대기"
        if not obj.target_id:
            return "외부 링크"
        if obj.is_target_unpublished:
            return format_html('<strong style="color:#ba2121">{}</strong>', "비공개 — 숨겨짐")
        return "공개"
