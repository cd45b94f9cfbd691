"""Story signals: `story_changed` for everything downstream (the search index is search.receivers).

`story_changed` is sent once the transaction that changed a story has committed, with
`article` (the saved instance), `was_public` (True/False, or None when unknown, e.g. a new
story) and `is_public`. Cache invalidation, CDN purges and distribution pings listen to it;
code that changes what readers see of a story without saving the Article row (a live update,
a correction) sends it too, through `announce_story_change()`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import Article

story_changed = Signal()
# A story's related list ("발견") changed without the story being saved: moderation writes
# with update(). kwargs: article_ids. Sent after commit.
related_list_changed = Signal()


def announce_story_change(article, *, was_public=None, is_public=None, deleted=False):
    """Send story_changed after the current transaction commits (at once outside one)."""
    if is_public is None:
        is_public = False if deleted else article.is_public

    def send():
        story_changed.send(
            sender=Article,
            article=article,
            was_public=was_public,
            is_public=is_public,
            deleted=deleted,
        )

    transaction.on_commit(send, robust=True)


@receiver(post_save, sender=Article, dispatch_uid="articles.announce_saved_article")
def announce_saved_article(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    was_public = None if created else getattr(instance, "_loaded_public", None)
    announce_story_change(instance, was_public=was_public)
    instance._loaded_public = instance.is_public


@receiver(post_delete, sender=Article, dispatch_uid="articles.announce_deleted_article")
def announce_deleted_article(sender, instance, **kwargs):
    announce_story_change(
        instance, was_public=getattr(instance, "_loaded_public", None), deleted=True
    )
