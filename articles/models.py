"""The newsroom's content model: stories and every part our story format has."""

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

from . import highlights as highlight_parser
from .images import ValidatedImageField
from .reading_time import reading_minutes
from .sanitize import sanitize_html

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


class HighlightStyleQuerySet(models.QuerySet):
    def css_classes(self) -> set[str]:
        return {f"hl-{key}" for key in self.values_list("key", flat=True)}


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

    objects = HighlightStyleQuerySet.as_manager()

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

    def css_rule(self) -> str:
        declarations = []
        if self.text_color:
            declarations.append(f"color: {self.text_color}")
        if self.background_color:
            declarations.append(f"background-color: {self.background_color}")
        if self.bold:
            declarations.append("font-weight: 700")
        return f".{self.css_class} {{ {'; '.join(declarations)}; }}"


PALETTE_CSS_CACHE_KEY = "newsroom:palette-css"
OUTLET_CACHE_KEY = "newsroom:outlet-settings"


class OutletSettings(models.Model):
    """The outlet's own settings; a single row, edited in the admin."""

    name = models.CharField("매체 이름", max_length=100, default="뉴스룸")
    home_url = models.URLField("매체 홈 주소", default="http://127.0.0.1:8000/")
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
        return self.footer_url or self.home_url

    @classmethod
    def current(cls) -> "OutletSettings":
        outlet = cache.get(OUTLET_CACHE_KEY)
        if outlet is None:
            outlet, _ = cls.objects.get_or_create(pk=1)
            cache.set(OUTLET_CACHE_KEY, outlet, 300)
        return outlet


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Stories readers may see: published or scheduled, with a publish time now or earlier."""
        now = now or timezone.now()
        return self.filter(
            status__in=(Article.Status.PUBLISHED, Article.Status.SCHEDULED),
            published_at__lte=now,
        )

    def for_listing(self):
        return self.select_related("section").order_by("-published_at", "-id")

    def breaking(self):
        """Live breaking stories for the home banner, newest first."""
        return self.published().filter(is_breaking=True).order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "초안"
        REVIEW = "review", "검토 중"
        SCHEDULED = "scheduled", "예약"
        PUBLISHED = "published", "게시"
        UNPUBLISHED = "unpublished", "게시 중단"

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
        help_text="제목 위에 표시되는 섹션 이름입니다.",
    )
    categories = models.ManyToManyField(
        Category, verbose_name="카테고리", related_name="articles", blank=True
    )
    tags = TaggableManager("태그", blank=True)
    deck = models.TextField("부제", blank=True)
    excerpt = models.TextField("요약문", blank=True)
    feature_text = models.TextField("피처 텍스트", blank=True)

    feature_image = ValidatedImageField(
        "대표 이미지",
        upload_to="features/%Y/%m/",
        blank=True,
        width_field="feature_image_width",
        height_field="feature_image_height",
    )
    feature_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    feature_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    feature_image_alt = models.CharField("대표 이미지 대체 텍스트", max_length=300, blank=True)
    feature_image_caption = models.TextField("사진 설명", blank=True)
    feature_image_credit = models.CharField("사진 출처", max_length=200, blank=True)
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
    published_at = models.DateTimeField("게시 시각", null=True, blank=True, db_index=True)
    is_breaking = models.BooleanField("속보", default=False)
    reading_minutes = models.PositiveSmallIntegerField("읽는 시간(분)", default=1, editable=False)
    import_key = models.CharField(
        "가져오기 키", max_length=255, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField("작성 시각", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("수정 시각", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at", "-id")
        get_latest_by = "published_at"
        verbose_name = "기사"
        verbose_name_plural = "기사"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_listing"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        palette = HighlightStyle.objects.css_classes()
        self.body = sanitize_html(self.body, allowed_classes=palette)
        self.feature_image_caption = sanitize_html(self.feature_image_caption, inline_only=True)
        self.reading_minutes = reading_minutes(self.body, settings.NEWSROOM_READING_RATE)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_highlights()
            if self.section_id:
                self.categories.add(self.section_id)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def body_html(self):
        # Safe to mark: save() is the only writer of body and runs sanitize_html() every time.
        return mark_safe(self.body)  # noqa: S308

    @property
    def caption_html(self):
        return mark_safe(self.feature_image_caption)  # noqa: S308

    @property
    def lead_text(self) -> str:
        return self.feature_text or self.excerpt

    @property
    def related_link_label(self) -> str:
        if self.related_link_title:
            return self.related_link_title
        return self.related_link_article.headline if self.related_link_article_id else ""

    @property
    def related_link_href(self) -> str:
        if self.related_link_article_id and self.related_link_article.is_public:
            return self.related_link_article.get_absolute_url()
        return self.related_link_url

    def clean(self):
        if self.related_link_url and self.related_link_article_id:
            raise ValidationError(
                {"related_link_url": "관련 링크는 주소나 기사 중 하나만 정하세요."}
            )

    def sync_highlights(self):
        """Keep the Highlight records equal to the highlight spans of the stored body."""
        styles = {style.css_class: style for style in HighlightStyle.objects.all()}
        found = [
            Highlight(article=self, style=styles[css_class], text=text, position=position)
            for position, (css_class, text) in enumerate(
                highlight_parser.extract(self.body, styles.keys())
            )
        ]
        self.highlights.all().delete()
        Highlight.objects.bulk_create(found)

    def public_related_entries(self):
        """The related list readers see: pinned, then approved, entries that still link."""
        return [entry for entry in self.related_entries.all() if entry.is_public]


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
                Attendee(column=column, name=name, position=i) for i, name in enumerate(names)
            )


class AttendeeColumn(models.Model):
    table = models.ForeignKey(AttendeeTable, models.CASCADE, related_name="columns")
    heading = models.CharField("열 제목", max_length=200)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")

    def __str__(self):
        return self.heading


class Attendee(models.Model):
    column = models.ForeignKey(AttendeeColumn, models.CASCADE, related_name="attendees")
    name = models.CharField("이름", max_length=200)
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        ordering = ("position", "id")

    def __str__(self):
        return self.name


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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-pinned", "position", "id")
        verbose_name = "관련 기사 항목"
        verbose_name_plural = "관련 기사 목록 (발견)"
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
    def is_public(self) -> bool:
        if self.status != self.Status.APPROVED and not self.pinned:
            return False
        if self.status == self.Status.REJECTED:
            return False
        if self.target_id:
            return self.target.is_public
        return bool(self.url)

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
