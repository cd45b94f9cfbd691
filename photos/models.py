"""The photo library: each picture stored once, re-encoded, and reused by many stories."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe

from markup.plain_text import clean_text
from markup.sanitize import sanitize_html

# The width readers' link previews (og:image, JSON-LD, feed enclosures) ask for.
SHARE_WIDTH = 1200


def photo_path(photo, filename: str) -> str:
    # Named by content, so a URL never serves two different pictures (CDN caches stay right).
    return f"photos/{photo.content_hash[:2]}/{photo.content_hash}.{filename.rsplit('.', 1)[-1]}"


def rendition_path(rendition, filename: str) -> str:
    digest = rendition.photo.content_hash
    return f"renditions/{digest[:2]}/{digest}-{rendition.width}w.{rendition.format}"


class Photo(models.Model):
    """A stored original: the upload re-encoded (no metadata), with its words for readers."""

    class Format(models.TextChoices):
        JPEG = "JPEG", "JPEG"
        PNG = "PNG", "PNG (투명 배경)"

    file = models.FileField("원본 (다시 저장한 파일)", upload_to=photo_path, editable=False)
    format = models.CharField("형식", max_length=4, choices=Format.choices, editable=False)
    width = models.PositiveIntegerField("너비", editable=False)
    height = models.PositiveIntegerField("높이", editable=False)
    alt_text = models.CharField(
        "대체 텍스트",
        max_length=300,
        blank=True,
        help_text="사진을 볼 수 없는 독자를 위한 설명. 게시하려면 필요합니다.",
    )
    credit = models.CharField("사진 출처", max_length=200, blank=True)
    caption = models.TextField(
        "기본 사진 설명", blank=True, help_text="기사에 사진 설명이 없을 때 씁니다."
    )
    # Of the bytes as uploaded, not as stored: uploading the same file again finds this row.
    content_hash = models.CharField("내용 해시 (SHA-256)", max_length=64, editable=False)
    original_name = models.CharField("올린 파일 이름", max_length=255, blank=True, editable=False)
    processing_note = models.CharField("처리 메모", max_length=300, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="올린 사람",
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField("올린 시각", default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = "사진"
        verbose_name_plural = "사진 라이브러리"
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="photo_unique_content"),
        ]

    def __str__(self):
        label = self.alt_text or self.original_name or f"사진 {self.pk}"
        return f"{label} ({self.width}×{self.height})"

    def save(self, *args, **kwargs):
        self.alt_text, self.credit = clean_text(self.alt_text), clean_text(self.credit)
        self.caption = sanitize_html(clean_text(self.caption, multiline=True), inline_only=True)
        super().save(*args, **kwargs)

    @property
    def caption_html(self):
        # Safe to mark: save() is the only writer of caption and sanitizes it every time.
        return mark_safe(self.caption)  # noqa: S308

    # --- renditions, read from self.renditions.all() so a prefetch serves every call -------

    @property
    def fallback_format(self) -> str:
        """The format of the <img> (and link previews): JPEG, or PNG for transparent photos."""
        return Rendition.Format.PNG if self.format == self.Format.PNG else Rendition.Format.JPEG

    def renditions_in(self, fmt: str) -> list["Rendition"]:
        return sorted((r for r in self.renditions.all() if r.format == fmt), key=lambda r: r.width)

    @property
    def webp_srcset(self) -> str:
        return srcset(self.renditions_in(Rendition.Format.WEBP))

    @property
    def fallback_srcset(self) -> str:
        return srcset(self.renditions_in(self.fallback_format))

    @property
    def share_image(self):
        """The fallback-format rendition nearest SHARE_WIDTH without going over (else the
        smallest), or the original while no rendition has been made yet."""
        renditions = self.renditions_in(self.fallback_format)
        fitting = [r for r in renditions if r.width <= SHARE_WIDTH]
        if fitting:
            return fitting[-1]
        return renditions[0] if renditions else self

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def bytes(self) -> int:
        try:
            return self.file.size
        except OSError:
            return 0

    @property
    def mime_type(self) -> str:
        return f"image/{self.format.lower()}"


def srcset(renditions) -> str:
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


class Rendition(models.Model):
    """A resized copy of a Photo in one format; made once, never rewritten."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"
        PNG = "png", "PNG"

    photo = models.ForeignKey(Photo, models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField("너비")
    height = models.PositiveIntegerField("높이")
    format = models.CharField("형식", max_length=4, choices=Format.choices)
    file = models.FileField("파일", upload_to=rendition_path, max_length=200)
    bytes = models.PositiveIntegerField("크기 (바이트)")
    created_at = models.DateTimeField("만든 시각", default=timezone.now, editable=False)

    class Meta:
        ordering = ("photo", "format", "width")
        verbose_name = "사진 크기별 사본"
        verbose_name_plural = "사진 크기별 사본"
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "width", "format"], name="rendition_one_per_size_and_format"
            ),
        ]

    def __str__(self):
        return f"{self.photo_id}: {self.width}w {self.format}"

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"
