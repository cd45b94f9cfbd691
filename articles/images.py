"""Image fields validated by the upload pipeline's checks (photos.processing).

Story photos live in the photo library (photos.Photo), re-encoded on the way in. This field
remains for the outlet's breaking-news banner and for the migrations that name it.
"""

from django import forms
from django.db import models

from photos.processing import check_image, read_upload


def validate_image_upload(file) -> None:
    """Raise ValidationError naming what is wrong with an image file, or return None."""
    check_image(read_upload(file))


class ValidatedImageFormField(forms.ImageField):
    """Django's Pillow check, then the newsroom's limits, markup checks and a full decode."""

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is not None:
            validate_image_upload(uploaded)
        return uploaded


class ValidatedImageField(models.ImageField):
    """An ImageField whose forms (admin included) validate new uploads by our rules."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})
