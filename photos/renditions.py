"""Renditions: each photo resized to a few widths, in WebP and JPEG (PNG when transparent).

A rendition is made once per (photo, width, format) and never rewritten; what exists is read
from the database, so asking again costs one query and writes nothing.
"""

from __future__ import annotations

import contextlib
import io

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from photos.pipeline import encode

from .models import Photo, Rendition
from .signals import renditions_made

RENDITION_QUALITY = {"jpeg": 82, "webp": 80, "png": None}


def planned_widths(original_width: int) -> list[int]:
    """The configured widths below the original, plus the original width when it is smaller
    than the widest configured one. Never larger than the original: no upscaling."""
    widths = sorted(w for w in settings.NEWSROOM_RENDITION_WIDTHS if w < original_width)
    if original_width <= max(settings.NEWSROOM_RENDITION_WIDTHS):
        widths.append(original_width)
    return widths


def planned_renditions(photo: Photo) -> list[tuple[int, str]]:
    formats = (Rendition.Format.WEBP, photo.fallback_format)
    return [(width, fmt) for width in planned_widths(photo.width) for fmt in formats]


def missing_renditions(photo: Photo) -> list[tuple[int, str]]:
    existing = {(r.width, r.format) for r in photo.renditions.all()}
    return [spec for spec in planned_renditions(photo) if spec not in existing]


def make_renditions(photo: Photo, *, written: list | None = None) -> list[Rendition]:
    """Store the photo's missing renditions and return them.

    Names of files written are appended to `written`, so a caller can remove them if a later
    step fails. If this call fails (an OSError from the storage, or a concurrent maker's rows
    winning the unique constraint) it removes the files it wrote and re-raises.
    """
    missing = missing_renditions(photo)
    if not missing:
        return []
    made: list[Rendition] = []
    try:
        _store(photo, missing, made)
        Rendition.objects.bulk_create(made)
    except Exception:
        # A concurrent maker's rows may name the same files (the names are fixed): keep those.
        kept = set(
            Rendition.objects.filter(file__in=[r.file.name for r in made]).values_list(
                "file", flat=True
            )
        )
        for rendition in made:
            if rendition.file.name not in kept:
                with contextlib.suppress(OSError):
                    rendition.file.storage.delete(rendition.file.name)
        raise
    if written is not None:
        written.extend(rendition.file.name for rendition in made)
    photo._prefetched_objects_cache = {}  # the next renditions.all() sees the new rows
    renditions_made.send(sender=Photo, photo=photo)
    return made


def _store(photo: Photo, missing: list[tuple[int, str]], made: list[Rendition]) -> None:
    """Write one file per missing (width, format), appending each unsaved row to made."""
    with photo.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as original:
        original.load()
        for width, fmt in missing:
            height = max(1, round(original.height * width / original.width))
            pixels = (
                original
                if width == original.width
                else original.resize((width, height), Image.Resampling.LANCZOS)
            )
            if fmt == Rendition.Format.JPEG and pixels.mode != "RGB":
                pixels = pixels.convert("RGB")
            content = encode(pixels, fmt.upper(), quality=RENDITION_QUALITY[fmt] or 0)
            rendition = Rendition(
                photo=photo, width=width, height=height, format=fmt, bytes=len(content)
            )
            name = rendition.file.field.generate_filename(rendition, f"{width}.{fmt}")
            if rendition.file.storage.exists(name):
                # Written by a maker stopped before its rows were saved (a killed worker): no
                # row names it, so it is replaced rather than left beside a suffixed copy.
                rendition.file.storage.delete(name)
            rendition.file.save(f"{width}.{fmt}", ContentFile(content), save=False)
            made.append(rendition)
