"""Validation of uploaded and imported images, by Pillow, within the configured limits."""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_upload(file) -> None:
    """Raise ValidationError naming what is wrong with an image file, or return None.

    Checks the byte limit, that Pillow recognises one of the accepted formats, the pixel limit
    (read from the header, before any decoding) and that the whole image decodes (a truncated
    file fails here, where Pillow's verify() would let it pass).
    """
    max_bytes = settings.NEWSROOM_MAX_UPLOAD_BYTES
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            "파일이 너무 큽니다 (%(size)s). 최대 %(limit)s까지 올릴 수 있습니다.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        "%(format)s 형식은 받지 않습니다. JPEG, PNG, GIF, WebP만 올릴 수 있습니다.",
                        code="unsupported_format",
                        params={"format": image.format},
                    )
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        "이미지 크기가 너무 큽니다 (%(width)s×%(height)s 픽셀). "
                        "최대 %(limit)s 픽셀까지 받습니다.",
                        code="too_many_pixels",
                        params={"width": width, "height": height, "limit": f"{max_pixels:,}"},
                    )
                image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "이미지 파일이 아니거나 알 수 없는 형식입니다.", code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "이미지 파일이 손상되었거나 잘려 있습니다 (%(detail)s).",
            code="corrupt_image",
            params={"detail": str(exc)},
        ) from None
    finally:
        if position is not None:
            file.seek(position)


class ValidatedImageFormField(forms.ImageField):
    """Django's Pillow check, then the newsroom's limits and a full decode, on every upload."""

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is not None:
            validate_image_upload(uploaded)
        return uploaded


class ValidatedImageField(models.ImageField):
    """An ImageField whose forms (admin included) validate new uploads by our rules."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})
