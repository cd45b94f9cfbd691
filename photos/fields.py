"""Image fields stored through the upload pipeline (photos.pipeline).

Story photos live in the photo library (photos.Photo). This field serves the images stored
outside it, the outlet's breaking-news banner and live-update photos: whatever path writes
the file (an admin form, a script, FieldFile.save), the stored bytes are the re-encoded
pixels, never the upload, and the file goes when its row goes or the field is cleared.
"""

from pathlib import PurePosixPath

from django import forms
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save

from .pipeline import ProcessedImage, check_image, process_image, read_upload


def validate_image_upload(file) -> None:
    """Raise ValidationError naming what is wrong with an image file, or return None."""
    check_image(read_upload(file))


class ValidatedImageFormField(forms.ImageField):
    """Django's Pillow check, then the whole pipeline, so a refusal is an error on the field."""

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is not None:
            # Kept on the upload: the field file stores these bytes without a second pass.
            uploaded.processed_image = process_image(read_upload(uploaded))
        return uploaded


class ProcessedImageFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the re-encoded pixels of content under name with their real extension.

        Raises ValidationError (in Korean) when content is not an image the pipeline takes.
        """
        processed: ProcessedImage | None = getattr(content, "processed_image", None)
        if processed is None:
            processed = process_image(read_upload(content))
        stem = PurePosixPath(name or "image").stem or "image"
        super().save(f"{stem}.{processed.extension}", ContentFile(processed.content), save=False)
        # The field's width and height columns, from the pixels just stored: Django leaves
        # them unset when the name it assigns equals the file's own, and reading them back
        # from the store would cost a request to it.
        self._dimensions_cache = (processed.width, processed.height)
        if self.field.width_field:
            setattr(self.instance, self.field.width_field, processed.width)
        if self.field.height_field:
            setattr(self.instance, self.field.height_field, processed.height)
        if save:
            self.instance.save()


class ValidatedImageField(models.ImageField):
    """An ImageField whose every stored file has been through the upload pipeline."""

    attr_class = ProcessedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_stored_name, sender=cls, weak=False)
            post_save.connect(self._delete_replaced_file, sender=cls, weak=False)
            post_delete.connect(self._delete_stored_file, sender=cls, weak=False)

    def _remember_stored_name(self, instance, **kwargs):
        if self.attname in instance.__dict__:
            instance.__dict__[f"_stored_{self.attname}"] = getattr(instance, self.attname).name

    def _delete_replaced_file(self, instance, **kwargs):
        key = f"_stored_{self.attname}"
        previous = instance.__dict__.get(key)
        current = getattr(instance, self.attname).name
        if previous and previous != current:
            self._delete_after_commit(previous)
        instance.__dict__[key] = current

    def _delete_stored_file(self, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            self._delete_after_commit(name)

    def _delete_after_commit(self, name: str):
        # After commit: a rolled-back delete or save must still find its file. robust: a store
        # failing then is logged, never the editor's error (a leftover file is only litter).
        transaction.on_commit(lambda: self.storage.delete(name), robust=True)
