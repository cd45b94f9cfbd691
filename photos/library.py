"""Putting pictures into the library: one Photo per distinct upload; its renditions by a task."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from background import enqueue_with_change
from photos.pipeline import ProcessedImage, content_hash, process_image

from .models import Photo
from .tasks import make_photo_renditions


class PhotoStorageError(Exception):
    """The media storage refused a write; nothing of the photo was kept."""

    message = (
        "사진 파일을 저장하지 못했습니다 (저장소 오류: %(detail)s). "
        "입력한 내용은 그대로 있으니 잠시 뒤 다시 저장해 주세요."
    )

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code="storage", params={"detail": self.detail})


def existing_photo(data: bytes) -> Photo | None:
    return Photo.objects.filter(content_hash=content_hash(data)).first()


def photo_for_bytes(
    data: bytes, *, name: str = "", uploaded_by=None, **words
) -> tuple[Photo, bool]:
    """(the library's Photo for these bytes, created?).

    The same bytes again give the existing Photo, whose words are kept. New bytes go through
    process_image (ValidationError when refused) and store_photo (PhotoStorageError).
    `words` are Photo fields for a new photo: alt_text, credit, caption.
    """
    found = existing_photo(data)
    if found:
        return found, False
    processed = process_image(data)
    try:
        return store_photo(processed, name=name, uploaded_by=uploaded_by, **words), True
    except IntegrityError:
        # Someone stored the same bytes between the lookup and the insert: use theirs.
        return Photo.objects.get(content_hash=processed.content_hash), False


def store_photo(processed: ProcessedImage, *, name: str = "", uploaded_by=None, **words) -> Photo:
    """Write the original, then its row, all of it or none of it; the renditions are made by
    a task (photos.tasks) enqueued with the row."""
    photo = Photo(
        format=processed.format,
        width=processed.width,
        height=processed.height,
        content_hash=processed.content_hash,
        original_name=name[:255],
        processing_note=" ".join(processed.notes)[:300],
        uploaded_by=uploaded_by if uploaded_by and uploaded_by.pk else None,
        **words,
    )
    written: list[str] = []
    try:
        with transaction.atomic():
            photo.file.save(
                f"original.{processed.extension}", ContentFile(processed.content), save=False
            )
            written.append(photo.file.name)
            photo.save()
            enqueue_with_change(make_photo_renditions, photo.pk)
    except (OSError, IntegrityError) as exc:
        for stored in written:
            # The storage is failing; the rows are gone, and a leftover file is only litter.
            with contextlib.suppress(OSError):
                photo.file.storage.delete(stored)
        photo.pk = None
        if isinstance(exc, IntegrityError):
            raise
        raise PhotoStorageError(exc.strerror or str(exc)) from exc
    return photo
