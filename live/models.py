"""Live coverage of a story: its state, its timestamped updates, and the corrections log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import cursors
from articles.dates import date_range_problem
from articles.models import Article
from markup.plain_text import clean_text
from markup.sanitize import html_to_text, sanitize_html
from outlet.models import HighlightStyle
from photos.fields import ValidatedImageField

from .changes import story_changed_now


class LiveCoverage(models.Model):
    """A story covered live: while live, readers see new updates arrive; then it ends."""

    class State(models.TextChoices):
        LIVE = "live", "실시간"
        ENDED = "ended", "중계 종료"

    article = models.OneToOneField(
        Article, models.CASCADE, related_name="live_coverage", verbose_name="기사"
    )
    state = models.CharField("상태", max_length=10, choices=State.choices, default=State.LIVE)
    started_at = models.DateTimeField("중계 시작", default=timezone.now)
    ended_at = models.DateTimeField("중계 종료", null=True, blank=True)
    # [[update id, cursor microseconds], ...] of the latest removed updates, so that pages
    # left open take a retracted update down too; read with the coverage, at no extra query.
    removed_updates = models.JSONField("삭제된 업데이트", default=list, editable=False)

    class Meta:
        verbose_name = "실시간 중계"
        verbose_name_plural = "실시간 중계"

    def __str__(self):
        return f"{self.article} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            story_changed_now(self.article_id)
            super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    def end(self):
        self.state, self.ended_at = self.State.ENDED, timezone.now()
        self.save()

    def resume(self):
        self.state, self.ended_at = self.State.LIVE, None
        self.save()

    def removed_since(self, cursor: "Cursor") -> list[int]:
        since = cursor.micros
        return [update_id for update_id, at in self.removed_updates if at >= since]

    def updates(self) -> list["LiveUpdate"]:
        """The story's updates, newest first, loaded once per article instance (2 queries)."""
        prefetch_related_objects([self.article], LIVE_UPDATES_WITH_AUTHORS)
        return list(self.article.live_updates.all())

    def updates_for_readers(self) -> list["LiveUpdate"]:
        """Key updates first, then the rest, each newest first."""
        return sorted(self.updates(), key=lambda update: not update.is_key)


class LiveUpdateQuerySet(models.QuerySet):
    def changed_since(self, cursor: "Cursor"):
        """Updates added or edited after the cursor, in the order they changed."""
        return self.filter(
            models.Q(updated_at__gt=cursor.at)
            | models.Q(updated_at=cursor.at, id__gt=cursor.update_id)
        ).order_by("updated_at", "id")


class LiveUpdate(models.Model):
    """One timestamped entry of a live story; key updates are pinned above the rest."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="live_updates", verbose_name="기사"
    )
    body = models.TextField(
        "내용", help_text="짧게 씁니다. 줄을 바꾸면 문단이 나뉩니다. 강조 스타일을 쓸 수 있습니다."
    )
    image = ValidatedImageField("사진", upload_to="live/%Y/%m/", blank=True)
    image_alt = models.CharField("사진 대체 텍스트", max_length=300, blank=True)
    is_key = models.BooleanField(
        "핵심 업데이트", default=False, help_text="독자 화면 맨 위에 고정하고 강조합니다."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="작성자",
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(
        "표시 시각",
        default=timezone.now,
        db_index=True,
        help_text="독자에게 보이는 시각이며 순서를 정합니다. 바꾸면 순서가 바뀝니다.",
    )
    # Set on every save, after the story's row is locked: the readers' polling cursor.
    updated_at = models.DateTimeField("수정 시각", editable=False, default=timezone.now)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = "실시간 업데이트"
        verbose_name_plural = "실시간 업데이트"
        indexes = [
            models.Index(fields=["article", "updated_at", "id"], name="live_update_cursor"),
        ]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        palette = {style.css_class for style in HighlightStyle.objects.all()}
        self.body = self.clean_body(palette)
        self.image_alt = clean_text(self.image_alt)
        with transaction.atomic():
            # Locks the story's row first, so updates of one story commit in updated_at order
            # and a reader's cursor never skips one that commits late.
            story_changed_now(self.article_id)
            self.updated_at = timezone.now()
            super().save(*args, **kwargs)
            LiveCoverage.objects.get_or_create(article_id=self.article_id)

    def clean(self):
        # The desk re-times updates in the story's inline; a year like 9999 would break the page.
        if problem := date_range_problem(self.created_at, "표시 시각"):
            raise ValidationError({"created_at": problem})
        palette = HighlightStyle.objects.values_list("key", flat=True)
        try:
            cleaned = self.clean_body({f"hl-{key}" for key in palette})
        except ValidationError as error:  # over the sanitizer's size or nesting limit
            raise ValidationError({"body": error}) from None
        if not html_to_text(cleaned):
            raise ValidationError({"body": "업데이트 내용을 입력하세요."})
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "사진을 올리면 대체 텍스트도 넣어야 합니다."})

    def clean_body(self, palette_classes) -> str:
        """The body as stored: plain text becomes paragraphs; HTML goes through the allowlist."""
        body = self.body or ""
        if "<" not in body:
            body = linebreaks_filter(body, autoescape=True)
        return sanitize_html(body, allowed_classes=palette_classes)

    @property
    def body_html(self):
        # Safe to mark: save() is the only writer of body and sanitizes it every time.
        return mark_safe(self.body)  # noqa: S308

    @property
    def text(self) -> str:
        return html_to_text(self.body)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"


LIVE_UPDATES_WITH_AUTHORS = Prefetch(
    "live_updates", queryset=LiveUpdate.objects.select_related("author")
)


class StoryNote(models.Model):
    """A dated line of the story's log: a correction (정정) or a substantive update (수정)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "정정"
        UPDATE = "update", "수정"

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="story_notes", verbose_name="기사"
    )
    kind = models.CharField("종류", max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField("내용", help_text="무엇을 어떻게 고쳤는지 독자에게 알리는 문장입니다.")
    created_at = models.DateTimeField("시각", default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="작성자",
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = "정정·수정 기록"
        verbose_name_plural = "정정·수정 기록 (독자에게 표시)"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60]}"

    def save(self, *args, **kwargs):
        # Notes are plain text: the template escapes them, so no HTML is stored or rendered.
        self.note = self.note.strip()
        with transaction.atomic():
            story_changed_now(self.article_id)
            super().save(*args, **kwargs)

    def clean(self):
        if not self.note.strip():
            raise ValidationError({"note": "기록 내용을 입력하세요."})


class Cursor:
    """Where a reader's page stands: the last change seen, as '<microseconds>-<update id>'."""

    def __init__(self, at, update_id: int):
        self.at, self.update_id = at, update_id

    START = None  # set below: before everything

    @classmethod
    def parse(cls, text: str | None) -> "Cursor":
        """A cursor from the query string; ValueError naming the problem if it is not one."""
        if not text:
            return cls.START
        try:
            at, update_id = cursors.parse_cursor(text)
        except ValueError as error:
            raise ValueError(f"since={error}") from None
        return cls(at, update_id)

    @classmethod
    def after(cls, update: LiveUpdate) -> "Cursor":
        return cls(update.updated_at, update.pk)

    @property
    def micros(self) -> int:
        return cursors.micros(self.at)

    def __str__(self):
        return cursors.format_cursor(self.at, self.update_id)


Cursor.START = Cursor(cursors.EPOCH, 0)
