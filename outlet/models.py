"""The outlet's own settings and its highlight palette: site-wide data the desk edits.

The layer below articles: stories render with this palette and under this outlet's name.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import DatabaseError, models

from photos.fields import ValidatedImageField

from . import contrast

hex_colour = RegexValidator(
    r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$",
    "색상은 #rgb, #rrggbb 또는 #rrggbbaa 형식이어야 합니다 (예: #ee2323).",
)


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
        db_table = "articles_highlightstyle"  # moved from articles; the table kept its name
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
        # Kept with the row when the file is stored: the home page sizes the banner without
        # reading the file (on S3, a request to the store on every render).
        width_field="breaking_image_width",
        height_field="breaking_image_height",
    )
    breaking_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    breaking_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
        db_table = "articles_outletsettings"  # moved from articles; the table kept its name
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

    @classmethod
    def current_or_default(cls) -> "OutletSettings":
        """The settings for every page, even while the database is away: then the cached row
        or the defaults (cached_or_default). Never raises a database error."""
        try:
            return cls.current()
        except DatabaseError:
            return cls.cached_or_default()

    @classmethod
    def cached_or_default(cls) -> "OutletSettings":
        """The cached row or the defaults, without asking the database at all: the one fallback
        of every page that must render without it (the 500 and 503 pages, current_or_default)."""
        try:
            outlet = cache.get(OUTLET_CACHE_KEY)
        except Exception:  # noqa: BLE001 - the cache may be as broken as the rest
            outlet = None
        return outlet or cls()
