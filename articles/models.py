"""The newsroom's content model: stories and every part our story format has."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from taggit.managers import TaggableManager

from markup.plain_text import clean_text
from markup.sanitize import sanitize_html
from outlet.models import HighlightStyle

from . import highlights as highlight_parser
from .changes import follow_story_change
from .dates import DateRangeValidator, date_range_constraint
from .reading_time import reading_minutes
from .tag_slugs import CleanTagManager


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """A unicode slug from text, made unique in model by a numeric suffix."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "story"
    candidate, n = base, 2
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        candidate = f"{base[: max_length - 6]}-{n}"
        n += 1
    return candidate


class Category(models.Model):
    """A section of the site ("아시아", "News"); one of a story's categories is its section."""

    name = models.CharField("이름", max_length=100, unique=True)
    slug = models.SlugField("슬러그", max_length=120, unique=True, allow_unicode=True, blank=True)
    description = models.TextField("설명", blank=True)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = "섹션"
        verbose_name_plural = "섹션"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name, self.slug = clean_text(self.name), clean_text(self.slug)
        if not self.slug:
            self.slug = unique_slug(Category, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Source(models.Model):
    """A wire service or outlet a story comes from, credited as "출처: AA"."""

    name = models.CharField("이름", max_length=100, unique=True)
    url = models.URLField("주소", blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = "출처"
        verbose_name_plural = "출처"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        super().save(*args, **kwargs)


def follow_links_dropped(stories) -> None:
    """These stories' related link named a story just deleted: the database cleared it (SET_NULL,
    without a save), so their pages change though nothing saved them."""
    for story in stories:
        follow_story_change(story, was_public=story.is_public, page_only=True)


class ArticleQuerySet(models.QuerySet):
    def delete(self):
        """A bulk delete (the admin's action) follows each story's removal, as delete() does."""
        leaving = [(story, story.is_public, story.lists()) for story in self]
        linking = list(Article.objects.filter(related_link_article__in=self).exclude(pk__in=self))
        deleted = super().delete()
        for story, was_public, lists in leaving:
            follow_story_change(story, was_public=was_public, deleted=True, **lists)
        follow_links_dropped(linking)
        return deleted

    delete.queryset_only = True

    def published(self, now=None):
        """Stories readers may see: published or scheduled, with a publish time now or earlier."""
        return self.filter(Article.public_filter(now))

    def in_section(self, section):
        """The stories a section's page and feeds list: those whose 섹션 is section, plus those
        cross-listed there through 카테고리.

        The cross-listing is a subquery, not a join, so a story filed both ways appears once
        without DISTINCT and the newest-first LIMIT (keyset pages, feeds) stays a plain one.
        """
        cross_listed = Article.categories.through.objects.filter(category=section)
        return self.filter(
            models.Q(section=section) | models.Q(pk__in=cross_listed.values("article_id"))
        )

    def with_feature_photo(self):
        """The feature photo and its renditions, in one join and one query per list."""
        return self.select_related("feature_photo").prefetch_related("feature_photo__renditions")

    def for_listing(self):
        return self.select_related("section").with_feature_photo().order_by("-published_at", "-id")

    def with_story_parts(self):
        """The story and its own parts, in a fixed number of queries.

        Parts that apps above the core add to the page (the related list, live coverage) are
        loaded by the page that shows them: see reader.stored_pages.story_queryset.
        """
        return self.select_related(
            "section", "source", "related_link_article", "feature_photo"
        ).prefetch_related(
            "feature_photo__renditions",
            "tags",
            "summary_items",
            "attendee_tables__columns__attendees",
        )

    def breaking(self, now=None):
        """Live breaking stories for the banner: highest priority first, then newest.

        A breaking mark ends by itself at breaking_until; no job has to clear it.
        """
        now = now or timezone.now()
        return (
            self.published(now)
            .filter(is_breaking=True)
            .filter(models.Q(breaking_until__isnull=True) | models.Q(breaking_until__gt=now))
            .order_by("-breaking_priority", "-published_at", "-id")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "초안"
        REVIEW = "review", "검토 중"
        SCHEDULED = "scheduled", "예약"
        PUBLISHED = "published", "게시"
        UNPUBLISHED = "unpublished", "게시 중단"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    headline = models.CharField("제목", max_length=300)
    slug = models.SlugField(
        "슬러그",
        max_length=255,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="비워 두면 제목에서 만듭니다. 한글을 그대로 씁니다.",
    )
    section = models.ForeignKey(
        Category,
        models.PROTECT,
        verbose_name="섹션",
        related_name="section_articles",
        null=True,
        blank=True,
        help_text=(
            "기사의 대표 섹션입니다. 제목 위 섹션 이름, 경로 표시, 첫 화면의 섹션 묶음, "
            "피드 분류에 쓰이고, 이 섹션의 페이지와 피드에 실립니다."
        ),
    )
    categories = models.ManyToManyField(
        Category,
        verbose_name="카테고리",
        related_name="articles",
        blank=True,
        help_text=(
            "대표 섹션 말고도 이 기사를 함께 실을 섹션입니다. 고른 섹션의 페이지와 피드에도 "
            "실립니다. 대표 섹션은 여기서 고르지 않아도 실립니다."
        ),
    )
    tags = TaggableManager("태그", blank=True, manager=CleanTagManager)
    deck = models.TextField("부제", blank=True)
    excerpt = models.TextField("요약문", blank=True)
    feature_text = models.TextField("피처 텍스트", blank=True)

    # PROTECT: a photo a story shows cannot vanish from under it; the library's delete page
    # lists the stories to change first (SET_NULL would silently strip published stories).
    feature_photo = models.ForeignKey(
        "photos.Photo",
        models.PROTECT,
        verbose_name="대표 사진",
        related_name="feature_of",
        null=True,
        blank=True,
        help_text="사진 라이브러리에서 고르거나, 아래에서 새 파일을 올리세요.",
    )
    feature_image_alt = models.CharField(
        "대체 텍스트 (이 기사에서만)",
        max_length=300,
        blank=True,
        help_text="비워 두면 사진 라이브러리의 대체 텍스트를 씁니다.",
    )
    feature_image_caption = models.TextField(
        "사진 설명", blank=True, help_text="비워 두면 사진의 기본 설명을 씁니다."
    )
    feature_image_reference = models.CharField(
        "원본 이미지 참조",
        max_length=500,
        blank=True,
        help_text="가져오기에서 찾지 못한 이미지의 원래 경로입니다.",
    )

    body = models.TextField("본문 (HTML)", blank=True)
    byline = models.CharField("기자", max_length=200, blank=True)
    source = models.ForeignKey(Source, models.SET_NULL, verbose_name="출처", null=True, blank=True)

    related_link_title = models.CharField("관련 링크 제목", max_length=300, blank=True)
    related_link_url = models.URLField("관련 링크 주소", max_length=500, blank=True)
    related_link_article = models.ForeignKey(
        "self",
        models.SET_NULL,
        verbose_name="관련 기사",
        related_name="+",
        null=True,
        blank=True,
    )

    status = models.CharField(
        "상태", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "게시 시각",
        null=True,
        blank=True,
        db_index=True,
        validators=[DateRangeValidator("게시 시각")],
    )
    first_published_at = models.DateTimeField(
        "최초 게시 시각",
        null=True,
        blank=True,
        editable=False,
        validators=[DateRangeValidator("최초 게시 시각")],
    )
    is_breaking = models.BooleanField("속보", default=False)
    breaking_until = models.DateTimeField(
        "속보 종료 시각",
        null=True,
        blank=True,
        help_text="이 시각이 지나면 속보 배너에서 저절로 빠집니다.",
        validators=[DateRangeValidator("속보 종료 시각")],
    )
    breaking_priority = models.PositiveSmallIntegerField(
        "속보 우선순위", default=0, help_text="숫자가 클수록 먼저 배너에 나옵니다."
    )
    version = models.PositiveIntegerField(
        "버전",
        default=1,
        editable=False,
        help_text="저장할 때마다 1씩 올라갑니다 (동시 편집 확인용).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="작성자",
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="마지막 수정자",
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    reading_minutes = models.PositiveSmallIntegerField("읽는 시간(분)", default=1, editable=False)
    import_key = models.CharField(
        "가져오기 키", max_length=255, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField("작성 시각", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)
    modified_at = models.DateTimeField(
        "내용 수정 시각",
        default=timezone.now,
        editable=False,
        help_text="독자에게 보이는 마지막 수정 시각입니다. 사소한 수정은 바꾸지 않습니다.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        verbose_name = "기사"
        verbose_name_plural = "기사"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_listing"),
            # The banner asks on every page; few stories are breaking at once, so a partial
            # index keeps that lookup off a scan of the whole catalogue.
            models.Index(
                fields=["-breaking_priority", "-published_at"],
                condition=models.Q(is_breaking=True),
                name="article_breaking_banner",
            ),
        ]
        # Every writer, not only forms and imports: a date out of range breaks pages.
        constraints = [
            date_range_constraint("published_at", "게시 시각"),
            date_range_constraint("first_published_at", "최초 게시 시각"),
            date_range_constraint("breaking_until", "속보 종료 시각"),
        ]
        permissions = [
            ("submit_article", "기사를 검토 요청할 수 있음"),
            ("publish_article", "기사를 게시·예약·게시 중단할 수 있음"),
            ("mark_breaking", "기사를 속보로 지정할 수 있음"),
            ("send_flash", "속보 플래시를 보낼 수 있음"),
            ("edit_others_articles", "다른 사람의 기사를 고칠 수 있음"),
            ("take_over_editing", "다른 사람이 편집 중인 기사를 넘겨받을 수 있음"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, minor=False, follow=True, **kwargs):
        """Store the story; then, unless follow=False, tell the site what changed.

        minor: an edit marked minor (typo, tag order) keeps the date readers and crawlers see
        and sends no pings. follow=False is for callers that call follow_story_change
        themselves (the workflow, which knows what the story was before the transition).
        """
        palette = {style.css_class: style for style in HighlightStyle.objects.all()}
        self.clean_plain_text()
        self.body = sanitize_html(self.body, allowed_classes=palette.keys())
        self.feature_image_caption = sanitize_html(self.feature_image_caption, inline_only=True)
        self.reading_minutes = reading_minutes(self.body, settings.NEWSROOM_READING_RATE)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status in self.PUBLIC_STATUSES and self.first_published_at is None:
            self.first_published_at = self.published_at
        if self.is_breaking and self.breaking_until is None:
            self.breaking_until = timezone.now() + timedelta(hours=settings.NEWSROOM_BREAKING_HOURS)
        adding = self._state.adding
        if not adding:
            self.version += 1
        # A save marked minor (typo, tag order) leaves the date readers and crawlers see alone.
        if adding or not minor:
            self.modified_at = timezone.now()
        old_slug = getattr(self, "_loaded_slug", None)
        was_public = None if adding else getattr(self, "_loaded_public", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_highlights(palette)
            if self.section_id:
                self.categories.add(self.section_id)
            if old_slug and old_slug != self.slug and self.first_published_at:
                # A published URL has been shared: keep it working.
                SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
        self._loaded_slug = self.slug
        self._loaded_public = self.is_public
        if follow:
            follow_story_change(
                self,
                was_public=was_public,
                minor=minor and not adding,
                old_slug=old_slug if old_slug != self.slug else None,
            )

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        was_public, lists = self.is_public, self.lists()
        linking = list(Article.objects.filter(related_link_article=self).exclude(pk=self.pk))
        deleted = super().delete(*args, **kwargs)
        follow_story_change(self, was_public=was_public, deleted=True, **lists)
        follow_links_dropped(linking)
        return deleted

    def lists(self) -> dict:
        """The slugs of the sections and tags the story is listed in, for the lists it leaves."""
        return {
            "left_sections": list(self.categories.values_list("slug", flat=True)),
            "left_tags": list(self.tags.values_list("slug", flat=True)),
        }

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = getattr(instance, "slug", None) if "slug" in field_names else None
        instance._loaded_public = (
            instance.is_public if {"status", "published_at"} <= set(field_names) else None
        )
        return instance

    @classmethod
    def public_filter(cls, now=None) -> models.Q:
        """The rule for what readers may see, on the columns `status` and `published_at`:
        published or scheduled, with a publish time now or earlier.

        Written once for the stories (published()) and for the copy of those two columns that
        search keeps in its index (search.models.ArticleSearchIndex).
        """
        return models.Q(status__in=cls.PUBLIC_STATUSES, published_at__lte=now or timezone.now())

    @classmethod
    def public_sql(cls, status: str, published_at: str) -> str:
        """public_filter() written out, on these quoted columns (of the stories or of search's
        copy), for SQL written once per process (articles.sql_names); its parameters are
        public_sql_params()."""
        statuses = ", ".join(["%s"] * len(cls.PUBLIC_STATUSES))
        return f"{status} IN ({statuses}) AND {published_at} <= %s"

    @classmethod
    def public_sql_params(cls, database, now=None) -> list:
        """The parameters of public_sql() on database (a connection)."""
        return [
            *cls.PUBLIC_STATUSES,
            database.ops.adapt_datetimefield_value(now or timezone.now()),
        ]

    @property
    def is_public(self) -> bool:
        return (
            self.status in self.PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def date_modified(self):
        """dateModified for readers, feeds and crawlers: never before the publish time."""
        if self.published_at is None:
            return self.modified_at
        return max(self.modified_at, self.published_at)

    @property
    def body_html(self):
        # Safe to mark: save() is the only writer of body and runs sanitize_html() every time.
        return mark_safe(self.body)  # noqa: S308

    @property
    def caption_html(self):
        """The story's caption for its photo, else the photo's own; sanitized on save."""
        if self.feature_image_caption:
            return mark_safe(self.feature_image_caption)  # noqa: S308
        return self.feature_photo.caption_html if self.feature_photo_id else ""

    @property
    def feature_alt(self) -> str:
        """The feature photo's alt text as this story reads it: its override, else the photo's."""
        if not self.feature_photo_id:
            return ""
        return (self.feature_image_alt or self.feature_photo.alt_text).strip()

    @property
    def feature_credit(self) -> str:
        return self.feature_photo.credit if self.feature_photo_id else ""

    @property
    def lead_text(self) -> str:
        return self.feature_text or self.excerpt

    @property
    def public_related_link_article(self) -> "Article | None":
        """The story of ours the related link points at, only while readers may see it."""
        if not self.related_link_article_id:
            return None
        story = self.related_link_article
        return story if story.is_public else None

    @property
    def related_link_label(self) -> str:
        """The "관련" line's text; empty while it points at a story readers may not see.

        A typed title is hidden then too: it usually repeats the unpublished headline.
        """
        story = self.public_related_link_article
        if self.related_link_article_id and story is None:
            return ""
        return self.related_link_title or (story.headline if story else "")

    @property
    def related_link_href(self) -> str:
        story = self.public_related_link_article
        return story.get_absolute_url() if story else self.related_link_url

    def clean(self):
        if self.related_link_url and self.related_link_article_id:
            raise ValidationError(
                {"related_link_url": "관련 링크는 주소나 기사 중 하나만 정하세요."}
            )
        self.clean_plain_text()
        errors = {}
        if not self.headline.strip():
            errors["headline"] = "제목에 보이는 글자가 없습니다 (보이지 않는 문자는 지웁니다)."
        # save() sanitizes again; here a body over the sanitizer's limits is a form error
        # on its field (text kept), not an error while saving.
        for name, inline_only in (("body", False), ("feature_image_caption", True)):
            try:
                sanitize_html(getattr(self, name), inline_only=inline_only)
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    def clean_plain_text(self):
        """Remove invisible characters from every plain-text field (markup.plain_text)."""
        for name in ("headline", "slug", "byline", "feature_image_alt", "related_link_title"):
            setattr(self, name, clean_text(getattr(self, name)))
        for name in ("deck", "excerpt", "feature_text", "feature_image_caption"):
            setattr(self, name, clean_text(getattr(self, name), multiline=True))

    def sync_highlights(self, styles: dict[str, "HighlightStyle"]):
        """Keep the Highlight records equal to the highlight spans of the stored body."""
        found = [
            Highlight(article=self, style=styles[css_class], text=text, position=position)
            for position, (css_class, text) in enumerate(
                highlight_parser.extract(self.body, styles.keys())
            )
        ]
        self.highlights.all().delete()
        Highlight.objects.bulk_create(found)


class SlugRedirect(models.Model):
    """An old public URL of a story whose slug changed after publication."""

    old_slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "옛 주소"
        verbose_name_plural = "옛 주소"

    def __str__(self):
        return self.old_slug


class ArticleEvent(models.Model):
    """The audit trail of a story: who did what to it, and when."""

    class Action(models.TextChoices):
        CREATED = "created", "작성"
        EDITED = "edited", "수정"
        SUBMITTED = "submitted", "검토 요청"
        PUBLISHED = "published", "게시"
        SCHEDULED = "scheduled", "예약"
        UNPUBLISHED = "unpublished", "게시 중단"
        BREAKING_ON = "breaking_on", "속보 지정"
        BREAKING_OFF = "breaking_off", "속보 해제"
        FLASH = "flash", "속보 플래시"
        TAKEOVER = "takeover", "편집 넘겨받음"
        RESTORED = "restored", "이전 판 복원"
        PREVIEW_LINK = "preview_link", "미리보기 링크"

    article = models.ForeignKey(Article, models.CASCADE, related_name="events")
    action = models.CharField("동작", max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, verbose_name="사용자", null=True, blank=True
    )
    at = models.DateTimeField("시각", default=timezone.now, db_index=True)
    note = models.CharField("메모", max_length=300, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = "기사 기록"
        verbose_name_plural = "기사 기록 (감사)"

    def __str__(self):
        return f"{self.get_action_display()} · {self.user or '시스템'}"


class PreviewLink(models.Model):
    """A signed, expiring link to a story's rendering, for someone without an account."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField("만료 시각")
    revoked_at = models.DateTimeField("취소 시각", null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "미리보기 링크"
        verbose_name_plural = "미리보기 링크"

    def __str__(self):
        return f"{self.article} ({self.expires_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Highlight(models.Model):
    """A key sentence of a story's body, derived from its highlight spans on every save."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="highlights")
    style = models.ForeignKey(HighlightStyle, models.PROTECT, related_name="highlights")
    text = models.TextField()
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ("article", "position")
        verbose_name = "강조 문장"
        verbose_name_plural = "강조 문장"

    def __str__(self):
        return self.text


class SummaryItem(models.Model):
    article = models.ForeignKey(Article, models.CASCADE, related_name="summary_items")
    text = models.TextField("요약 항목")
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = "요약 항목"
        verbose_name_plural = "요약 목록"

    def __str__(self):
        return self.text


class AttendeeTable(models.Model):
    """Who sat on each side of a meeting: one column per side, names in order."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="attendee_tables")
    title = models.CharField("표 제목", max_length=200, blank=True)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = "참석자 표"
        verbose_name_plural = "참석자 표"

    def __str__(self):
        return self.title or f"참석자 표 {self.position + 1}"

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        super().save(*args, **kwargs)

    def rows(self):
        """Names by row, for rendering: one list per row with one cell (or None) per column."""
        columns = list(self.columns.all())
        depth = max((len(column.attendees.all()) for column in columns), default=0)
        return [
            [
                column.attendees.all()[i] if i < len(column.attendees.all()) else None
                for column in columns
            ]
            for i in range(depth)
        ]

    @transaction.atomic
    def replace_columns(self, columns: list[tuple[str, list[str]]]):
        """Replace this table's columns and names: [(heading, [name, ...]), ...]."""
        self.columns.all().delete()
        for col_position, (heading, names) in enumerate(columns):
            column = AttendeeColumn.objects.create(
                table=self, heading=heading, position=col_position
            )
            Attendee.objects.bulk_create(
                Attendee(column=column, name=clean_text(name), position=i)
                for i, name in enumerate(names)
            )


class AttendeeColumn(models.Model):
    table = models.ForeignKey(AttendeeTable, models.CASCADE, related_name="columns")
    heading = models.CharField("열 제목", max_length=200)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = "참석자 표의 열 (측)"
        verbose_name_plural = "참석자 표의 열 (측)"

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.heading = clean_text(self.heading)
        super().save(*args, **kwargs)


class Attendee(models.Model):
    column = models.ForeignKey(AttendeeColumn, models.CASCADE, related_name="attendees")
    name = models.CharField("이름", max_length=200)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")
        verbose_name = "참석자"
        verbose_name_plural = "참석자"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        super().save(*args, **kwargs)
