"""Removing an update or a note changes what readers see of the story, like adding one."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article

from .changes import story_changed_now
from .models import Cursor, LiveCoverage, LiveUpdate, StoryNote

# Removals remembered for open pages; a page asleep for longer than this many removals
# keeps a removed update until it is reloaded.
REMOVALS_KEPT = 100


@receiver(post_delete, sender=LiveUpdate, dispatch_uid="live.update_deleted")
@receiver(post_delete, sender=StoryNote, dispatch_uid="live.note_deleted")
@receiver(post_delete, sender=LiveCoverage, dispatch_uid="live.coverage_deleted")
def story_part_deleted(sender, instance, origin=None, **kwargs):
    # Deleting the story itself takes its parts along; the story's own deletion is announced.
    if isinstance(origin, Article):
        return
    story_changed_now(instance.article_id)


@receiver(post_delete, sender=LiveUpdate, dispatch_uid="live.update_removed_from_pages")
def update_removed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, (Article, LiveCoverage)):
        return
    with transaction.atomic():
        # After story_part_deleted took the story's row lock: removals and updates of one
        # story get their cursor times in commit order.
        coverage = LiveCoverage.objects.select_for_update().filter(article_id=instance.article_id)
        removed = coverage.values_list("removed_updates", flat=True).first()
        if removed is None:
            return
        at = Cursor(timezone.now(), 0).micros
        coverage.update(removed_updates=[*removed, [instance.pk, at]][-REMOVALS_KEPT:])
