"""Stored files leave with their rows, once the deleting transaction has committed.

And `renditions_made`, sent when a photo's renditions are stored (in bulk, so without
post_save): the pages and cards that draw the photo change, and the apps above that keep them
(newsroom.receivers) hear of it here, since photos imports none of them.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import Photo, Rendition

renditions_made = Signal()  # sender: Photo; photo: the photo


@receiver(post_delete, sender=Photo)
@receiver(post_delete, sender=Rendition)
def delete_stored_file(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # robust: the row is gone for good; a store failing now is logged, never the
        # editor's error (a leftover object is only litter).
        transaction.on_commit(lambda: storage.delete(name), robust=True)
