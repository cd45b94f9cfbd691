"""The newsroom's content model: stories and every part our story format has."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from taggit.managers import TaggableManager

from . import contrast
from . import highlights as highlight_parser
from .changes import follow_story_change
from .dates import DateRangeValidator, date_range_constraint
from .images import ValidatedImageField
from .plain_text import clean_text
from .reading_time import reading_minutes
from .sanitize import sanitize_html
from .tag_slugs import CleanTagManager

hex_colour = RegexValidator(
    r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$",
    "색상은 #rgb, #rrggbb 또는 #rrggbbaa 형식이어야 합니다 (예: #ee2323).",
)


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


class HighlightStyle(models.Model):
    """One of the outlet's named highlight styles for key sentences, rendered by a CSS class."""

    key = models.SlugField(
        "키",
        max_length=40,
        unique=True,
        help_text="CSS 클래스 이름이 됩니다: hl-<키>. 영문 소문자, 숫자, 하이픈.",
    )
    name = models.CharField("이름", max_length=60)
    text_color = models.CharField("글자색", max_length=9, blank=True, validators=[hex_colour])
    background_color = models.CharField("배경색", max_length=9, blank=True, validators=[hex_colour])
    bold = models.BooleanField("굵게", default=True)
    position = models.PositiveIntegerField("순서", default=0)
    # Old posts carry the colours their editors typed; when the palette colour changes (for
    # contrast), those colours must still import as this style.
    import_colors = models.CharField(
        "가져오기 색",
        max_length=200,
        blank=True,
        help_text=(
            "가져오는 글의 인라인 색 가운데 이 스타일로 바꿀 색을 쉼표로 적습니다 (예: #ee2323). "
            "글자색이 있으면 글자색으로, 없으면 배경색으로 비교합니다. 팔레트 색을 바꿔도 예전 "
            "글의 강조가 이 스타일로 들어옵니다."
        ),
    )

    class Meta:
        ordering = ("position", "key")
        verbose_name = "강조 스타일"
        verbose_name_plural = "강조 스타일 (팔레트)"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(PALETTE_CSS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(PALETTE_CSS_CACHE_KEY)
        return result

    @property
    def css_class(self) -> str:
        return f"hl-{self.key}"

    def clean(self):
        if not self.text_color and not self.background_color:
            raise ValidationError("글자색이나 배경색 중 하나는 정해야 합니다.")
        for colour in self.import_color_list:
            try:
                hex_colour(colour)
            except ValidationError:
                raise ValidationError(
                    {"import_colors": f"'{colour}'은(는) 색이 아닙니다. " + hex_colour.message}
                ) from None

    @property
    def import_color_list(self) -> list[str]:
        return [colour.strip() for colour in self.import_colors.split(",") if colour.strip()]

    @property
    def contrast_ratio(self) -> float | None:
        """WCAG 2.x contrast of the style's text against what is behind it, on the white page.

        A style with no text colour shows the page's text colour; a translucent background
        (#21538527) is blended over the page first. None when a colour cannot be read.
        """
        page = contrast.parse_hex(PAGE_BACKGROUND)[0]
        try:
            behind = contrast.blend(self.background_color, page) if self.background_color else page
            text = contrast.blend(self.text_color or PAGE_TEXT, behind)
        except ValueError:
            return None
        return contrast.contrast_ratio(text, behind)

    @property
    def passes_aa(self) -> bool:
        ratio = self.contrast_ratio
        # Compared unrounded: WCAG does not round 4.49 up to 4.5.
        return ratio is not None and ratio >= contrast.AA_NORMAL_TEXT

    def css_rule(self) -> str:
        declarations = []
        if self.text_color:
            declarations.append(f"color: {self.text_color}")
        if self.background_color:
            declarations.append(f"background-color: {self.background_color}")
        if self.bold:
            declarations.append("font-weight: 700")
        # The rich editor resets every colour inside .ProseMirror; the second, more specific
        # selector lets the desk see each style as readers will.
        selectors = f".{self.css_class}, .ProseMirror .{self.css_class}"
        return f"{selectors} {{ {'; '.join(declarations)}; }}"


# The page behind every highlight and the text colour of a background-only highlight: --paper
# and --ink in static/css/site.css.
PAGE_BACKGROUND = "#ffffff"
PAGE_TEXT = "#1b1f24"
PALETTE_CSS_CACHE_KEY = "newsroom:palette-css"
OUTLET_CACHE_KEY = "newsroom:outlet-settings"


class OutletSettings(models.Model):
    """The outlet's own settings; a single row, edited in the admin."""

    name = models.CharField("매체 이름", max_length=100, default="뉴스룸")
    home_url = models.URLField(
        "매체 홈 주소", blank=True, help_text="비워 두면 이 사이트의 첫 화면으로 연결합니다."
    )
    footer_text = models.CharField("바닥글 문구", max_length=100, default="실시간 뉴스 속보")
    footer_url = models.URLField(
        "바닥글 링크", blank=True, help_text="비워 두면 매체 홈 주소로 연결합니다."
    )
    breaking_image = ValidatedImageField(
        "속보 배너 이미지",
        upload_to="outlet/",
        blank=True,
    )
    breaking_image_alt = models.CharField("속보 배너 대체 텍스트", max_length=200, blank=True)
    related_limit = models.PositiveSmallIntegerField(
        "관련 기사 표시 개수", default=6, help_text="기사 아래 '발견' 목록에 보이는 최대 항목 수."
    )
    # Off by default: the list is a promise that staff chose it; an outlet opts in to
    # showing machine picks nobody has reviewed.
    related_backfill = models.BooleanField(
        "자동 추천으로 채우기",
        default=False,
        help_text="승인된 항목이 표시 개수보다 적으면 검토 전 자동 추천 중 점수가 높은 것으로 "
        "나머지를 채웁니다. 거절된 추천은 쓰지 않습니다.",
    )

    class Meta:
        verbose_name = "매체 설정"
        verbose_name_plural = "매체 설정"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(OUTLET_CACHE_KEY)

    @property
    def footer_link(self) -> str:
        return self.footer_url or self.home_url or "/"

    @classmethod
    def current(cls) -> "OutletSettings":
        outlet = cache.get(OUTLET_CACHE_KEY)
        if outlet is None:
            outlet, _ = cls.objects.get_or_create(pk=1)
            cache.set(OUTLET_CACHE_KEY, outlet, 300)
        return outlet


class ArticleQuerySet(models.QuerySet):
    def delete(self):
        """A bulk delete (the admin's action) follows each story's removal, as delete() does."""
        leaving = [(story, story.is_public, story.lists()) for story in self]
        deleted = super().delete()
        for story, was_public, lists in leaving:
            follow_story_change(story, was_public=was_public, deleted=True, **lists)
        return deleted

    delete.queryset_only = True

    def published(self, now=None):
        """Stories readers may see: published or scheduled, with a publish time now or earlier."""
        now = now or timezone.now()
        return self.filter(
            status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED),
            published_at__lte=now,
        )

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
        """Everything a story page renders, in a fixed number of queries."""
        return self.select_related(
            "section", "source", "related_link_article", "feature_photo", "live_coverage"
        ).prefetch_related(
            "feature_photo__renditions",
            "tags",
            "summary_items",
            "attendee_tables__columns__attendees",
            models.Prefetch("related_entries", queryset=RelatedEntry.objects.for_public_list()),
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
        deleted = super().delete(*args, **kwargs)
        follow_story_change(self, was_public=was_public, deleted=True, **lists)
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
        """Remove invisible characters from every plain-text field (articles.plain_text)."""
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

    def public_related_entries(self):
        """The related list readers see: pinned, then approved, entries that still link.

        Works on self.related_entries.all(), so a prefetch of it (with the targets) keeps the
        cost constant; see articles.related.selectors.
        """
        from .related.selectors import public_related_entries

        outlet = OutletSettings.current()
        return public_related_entries(
            self, limit=outlet.related_limit, backfill=outlet.related_backfill
        )


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


class SearchVectorOrTextField(SearchVectorField):
    """A tsvector column on PostgreSQL; elsewhere an unused text column.

    Only PostgreSQL fills and queries it; SQLite matches the stored term columns instead.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class GinIndexOnPostgres(models.Index):
    """A GIN index on PostgreSQL; elsewhere an ordinary index (of a column left NULL there)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class ArticleSearchIndex(models.Model):
    """A story's search terms, kept current by articles.signals; see articles.search.

    The term columns hold Hangul syllable bigrams and Latin/digit words, each surrounded by
    spaces so that one term is matched by LIKE '% term %'.
    """

    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="search_index"
    )
    headline_terms = models.TextField(blank=True)
    deck_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # Weighted A (headline), B (deck), C (body); PostgreSQL only.
    document = SearchVectorOrTextField(null=True, editable=False)

    class Meta:
        verbose_name = "검색 색인"
        verbose_name_plural = "검색 색인"
        indexes = [GinIndexOnPostgres(fields=["document"], name="article_search_document")]

    def __str__(self):
        return f"검색 색인: {self.article_id}"
