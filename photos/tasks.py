"""A photo's renditions, made by a worker after the upload stored the original."""

from background import background_task

from .models import Photo
from .renditions import make_renditions


@background_task()
def make_photo_renditions(photo_id: int) -> int:
    """Make the renditions the photo is missing; how many. Idempotent: what exists is kept
    (one row per photo, width and format); a concurrent maker's win raises, and the retry
    finds nothing left to make. Pages show the original until the renditions exist."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted since the upload
        return 0
    return len(make_renditions(photo))
