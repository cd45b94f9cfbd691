"""A story's related-article list ("발견") and its moderation: suggested, approved, rejected,
pinned entries, each recording who moderated it and when."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.changes import follow_story_change
from articles.models import Article


def _announces_related_change(moderate):
    """Moderation writes with update(), which sends no signal: announce the lists it changed."""

    def wrapper(self, *args, **kwargs):
        article_ids = list(self.values_list("article_id", flat=True).distinct())
        count = moderate(self, *args, **kwargs)
        for article in Article.objects.filter(pk__in=article_ids) if count else ():
            follow_story_change(article, was_public=article.is_public, page_only=True)
        return count

    wrapper.__name__, wrapper.__doc__ = moderate.__name__, moderate.__doc__
    return wrapper


class RelatedEntryQuerySet(models.QuerySet):
    """Moderation of related entries; every change records who made it and when."""

    def pending(self):
        return self.filter(status=RelatedEntry.Status.SUGGESTED)

    def for_public_list(self):
        """Entries that may be shown, with the target columns a link needs, in one query."""
        return (
            self.exclude(status=RelatedEntry.Status.REJECTED)
            .select_related("target")
            .defer(*(f"target__{name}" for name in ("body", "deck", "excerpt", "feature_text")))
        )

    def replaceable_suggestions(self):
        """Automatic suggestions nobody has touched: a recomputation may replace them."""
        return self.filter(
            status=RelatedEntry.Status.SUGGESTED,
            origin=RelatedEntry.Origin.AUTOMATIC,
            moderated_at__isnull=True,
            pinned=False,
        )

    @_announces_related_change
    def approve(self, user) -> int:
        """Approve entries, appending each after the last approved entry of its story."""
        entries = list(
            self.exclude(status=RelatedEntry.Status.APPROVED).order_by(
                "article_id", models.F("score").desc(nulls_last=True), "id"
            )
        )
        ends = dict(
            RelatedEntry.objects.filter(
                article_id__in={entry.article_id for entry in entries},
                status=RelatedEntry.Status.APPROVED,
            )
            .values("article_id")
            .annotate(end=models.Max("position"))
            .values_list("article_id", "end")
        )
        now = timezone.now()
        for entry in entries:
            ends[entry.article_id] = ends.get(entry.article_id, -1) + 1
            entry.position = ends[entry.article_id]
            entry.status = RelatedEntry.Status.APPROVED
            entry.moderated_by, entry.moderated_at = user, now
        RelatedEntry.objects.bulk_update(
            entries, ["position", "status", "moderated_by", "moderated_at"]
        )
        return len(entries)

    @_announces_related_change
    def reject(self, user) -> int:
        # A rejected entry is kept, not deleted: it is what stops the same suggestion returning.
        return self.update(
            status=RelatedEntry.Status.REJECTED,
            pinned=False,
            moderated_by=user,
            moderated_at=timezone.now(),
        )

    @_announces_related_change
    def pin(self, user) -> int:
        """Pin entries to the top of their lists; pinning a suggestion approves it."""
        return self.update(
            pinned=True,
            status=RelatedEntry.Status.APPROVED,
            moderated_by=user,
            moderated_at=timezone.now(),
        )

    @_announces_related_change
    def unpin(self, user) -> int:
        return self.filter(pinned=True).update(
            pinned=False, moderated_by=user, moderated_at=timezone.now()
        )


class RelatedEntry(models.Model):
    """An entry of a story's related-article list ("발견").

    It points to another story of ours, or to an external URL with a title, or is a headline
    awaiting resolution (imported without a match).
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "제안"
        APPROVED = "approved", "승인"
        REJECTED = "rejected", "거절"

    class Origin(models.TextChoices):
        AUTOMATIC = "automatic", "자동"
        MANUAL = "manual", "수동"
        IMPORTED = "imported", "가져오기"

    article = models.ForeignKey(Article, models.CASCADE, related_name="related_entries")
    target = models.ForeignKey(
        Article,
        models.CASCADE,
        verbose_name="대상 기사",
        related_name="related_from",
        null=True,
        blank=True,
    )
    url = models.URLField("외부 주소", max_length=500, blank=True)
    title = models.CharField("제목", max_length=300, blank=True)
    status = models.CharField(
        "상태", max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    origin = models.CharField("출처", max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    pinned = models.BooleanField("고정", default=False)
    position = models.PositiveIntegerField("순서", default=0)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="검토자",
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField("검토 시각", null=True, blank=True)
    score = models.FloatField(
        "추천 점수",
        null=True,
        blank=True,
        editable=False,
        help_text="자동 추천의 관련도 (0-1). 채우기에서 높은 순으로 씁니다.",
    )
    created_at = models.DateTimeField("만든 시각", default=timezone.now, editable=False)

    objects = RelatedEntryQuerySet.as_manager()

    class Meta:
        db_table = "articles_relatedentry"  # moved from articles; the table kept its name
        ordering = ("-pinned", "position", "id")
        verbose_name = "관련 기사 항목"
        verbose_name_plural = "관련 기사 목록 (발견)"
        permissions = [("moderate_relatedentry", "관련 기사 목록 검토 (승인, 거절, 고정)")]
        indexes = [models.Index(fields=["status", "article"], name="related_entry_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target"],
                condition=models.Q(target__isnull=False),
                name="related_entry_one_per_target",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.target_id and not self.title:
            return self.target.headline
        return self.title or self.url

    @property
    def is_awaiting_resolution(self) -> bool:
        return not self.target_id and not self.url

    @property
    def href(self) -> str:
        if self.target_id:
            return self.target.get_absolute_url()
        return self.url

    @property
    def links_publicly(self) -> bool:
        """Whether a reader could follow it now: a public story of ours, or an external URL."""
        if self.target_id:
            return self.target_id != self.article_id and self.target.is_public
        return bool(self.url)

    @property
    def is_target_unpublished(self) -> bool:
        return bool(self.target_id) and not self.target.is_public

    @property
    def is_public(self) -> bool:
        if self.status == self.Status.REJECTED:
            return False
        if self.status != self.Status.APPROVED and not self.pinned:
            return False
        return self.links_publicly

    def clean(self):
        if self.target_id and self.target_id == self.article_id:
            raise ValidationError({"target": "기사 자신을 관련 기사로 넣을 수 없습니다."})
        if not (self.target_id or self.url or self.title):
            raise ValidationError("대상 기사, 외부 주소, 제목 중 하나는 있어야 합니다.")
        if self.url and not self.title and not self.target_id:
            raise ValidationError({"title": "외부 주소에는 제목이 필요합니다."})
