"""The upload pipeline: refuse what is not a plain raster image, then re-encode what is.

Every picture the newsroom stores (library photos, live-update photos, the breaking banner,
imports, demo images) passes through here, so
nothing a camera or an attacker put into a file reaches readers: the pixels are decoded and
written out again, which drops EXIF (GPS included), XMP, comments, ICC profiles (after
converting to sRGB) and any bytes appended to or hidden in the file. It lives in the core app
so that the core's own image field (photos.fields) and the photo library share it.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
ACCEPTED_NAMES = "JPEG, PNG, GIF, WebP"
ORIGINAL_JPEG_QUALITY = 90

# Markup a browser would act on. A real photo has none of these; a file that has them is a
# polyglot (valid image and HTML at once) or a document with an image's name. XMP metadata
# (<x:xmpmeta>, <rdf:RDF>) is ordinary XML and is not matched.
MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|object|embed|svg|!doctype\s+html)\b|javascript:",
    re.IGNORECASE,
)
SVG_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+svg|<svg\b)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class ProcessedImage:
    """A re-encoded image, ready to store: bytes in `format` (JPEG, or PNG when transparent)."""

    content: bytes
    format: str
    width: int
    height: int
    content_hash: str  # of the bytes as uploaded: the same upload again finds the same Photo
    notes: list[str] = field(default_factory=list)

    @property
    def extension(self) -> str:
        return "png" if self.format == "PNG" else "jpg"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_upload(file) -> bytes:
    """The whole upload, refused above the byte limit before it is read into memory."""
    size = getattr(file, "size", None)
    if size is not None:
        _check_bytes(size)
    file.seek(0)
    data = file.read()
    file.seek(0)
    _check_bytes(len(data))
    return data


def _check_bytes(size: int) -> None:
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    if size > limit:
        raise ValidationError(
            "파일이 너무 큽니다 (%(size)s). 최대 %(limit)s까지 올릴 수 있습니다.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def check_image(data: bytes) -> None:
    """Raise ValidationError naming what is wrong with the bytes, or return None."""
    _check_before_decoding(data)
    with _opened(data):
        pass
    _check_markup(data)


def _check_before_decoding(data: bytes) -> None:
    """Size and vector files; the pixel count follows from the header in _opened, before any
    pixel is decoded, so a small file claiming huge dimensions (a decompression bomb) is cheap.
    """
    _check_bytes(len(data))
    if SVG_START.match(data[:4096]):
        raise ValidationError(
            "SVG 파일은 받지 않습니다 (SVG에는 스크립트가 들어갈 수 있습니다). "
            "%(formats)s 파일로 올려 주세요.",
            code="svg",
            params={"formats": ACCEPTED_NAMES},
        )


def _check_markup(data: bytes) -> None:
    # Re-encoding would drop the markup anyway; refusing says out loud that the file is hostile.
    if MARKUP.search(data):
        raise ValidationError(
            "이미지 안에 HTML이나 스크립트가 들어 있어 받지 않습니다. "
            "사진을 다시 저장해서 올려 주세요.",
            code="markup_in_image",
        )


class _opened:
    """Image.open for a checked upload: accepted format, pixel limit, a full decode."""

    def __init__(self, data: bytes):
        self.data = data
        self.image = None

    def __enter__(self) -> Image.Image:
        max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                self.image = Image.open(io.BytesIO(self.data))
                if self.image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        "%(format)s 형식은 받지 않습니다. %(formats)s만 올릴 수 있습니다.",
                        code="unsupported_format",
                        params={"format": self.image.format, "formats": ACCEPTED_NAMES},
                    )
                width, height = self.image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        "이미지 크기가 너무 큽니다 (%(width)s×%(height)s 픽셀). "
                        "최대 %(limit)s 픽셀까지 받습니다.",
                        code="too_many_pixels",
                        params={"width": width, "height": height, "limit": f"{max_pixels:,}"},
                    )
                self.image.load()
        except ValidationError:
            self._close()
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # Pillow's own guard, for dimensions far beyond ours: same answer, no size known.
            self._close()
            raise ValidationError(
                "이미지 크기가 너무 큽니다 (압축 폭탄으로 보이는 파일). 최대 %(limit)s 픽셀까지 "
                "받습니다.",
                code="too_many_pixels",
                params={"limit": f"{settings.NEWSROOM_MAX_IMAGE_PIXELS:,}"},
            ) from None
        except UnidentifiedImageError:
            self._close()
            if MARKUP.search(self.data[:65536]):
                raise ValidationError(
                    "이미지가 아니라 HTML 문서입니다. 파일 이름이 .jpg여도 받지 않습니다.",
                    code="html_document",
                ) from None
            raise ValidationError(
                "이미지 파일이 아니거나 알 수 없는 형식입니다. %(formats)s만 올릴 수 있습니다.",
                code="not_an_image",
                params={"formats": ACCEPTED_NAMES},
            ) from None
        except (OSError, SyntaxError, ValueError) as exc:
            self._close()
            raise ValidationError(
                "이미지 파일이 손상되었거나 잘려 있습니다 (%(detail)s).",
                code="corrupt_image",
                params={"detail": str(exc)},
            ) from None
        return self.image

    def __exit__(self, *exc_info):
        self._close()

    def _close(self):
        if self.image is not None:
            self.image.close()


def process_image(data: bytes) -> ProcessedImage:
    """Check the bytes, then re-encode them: upright, sRGB, 8-bit, no metadata.

    Raises ValidationError (see check_image). An animated GIF or WebP keeps its first frame,
    said in notes.
    """
    _check_before_decoding(data)
    notes = []
    with _opened(data) as image:
        if getattr(image, "n_frames", 1) > 1:
            notes.append("움직이는 이미지는 첫 장면만 정지 사진으로 저장했습니다.")
            image.seek(0)
        upright = ImageOps.exif_transpose(image)
        pixels = to_srgb_8bit(upright)
    _check_markup(data)
    transparent = has_transparency(pixels)
    if transparent:
        pixels, fmt = pixels.convert("RGBA"), "PNG"
    else:
        pixels, fmt = pixels.convert("RGB"), "JPEG"
    content = encode(pixels, fmt, quality=ORIGINAL_JPEG_QUALITY)
    return ProcessedImage(
        content=content,
        format=fmt,
        width=pixels.width,
        height=pixels.height,
        content_hash=content_hash(data),
        notes=notes,
    )


def to_srgb_8bit(image: Image.Image) -> Image.Image:
    """RGB or RGBA, 8 bits a channel, in sRGB: CMYK, 16-bit, palette and grey images included."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall through to Pillow's own conversion
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits rather than letting convert() clip everything to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "La", "RGBa", "PA"):
        image = image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    return image


def has_transparency(image: Image.Image) -> bool:
    if image.mode != "RGBA":
        return False
    low, _high = image.getchannel("A").getextrema()
    return low < 255


def encode(image: Image.Image, fmt: str, *, quality: int = 82) -> bytes:
    """Pixels only: no exif, icc_profile or comment is passed, so none is written."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(buffer, format="WEBP", quality=quality, method=4)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
