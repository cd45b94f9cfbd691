"""Pings follow every change readers or crawlers can see: publish, update, unpublish."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from articles.signals import story_changed

from . import outbox


@receiver(story_changed, dispatch_uid="distribution.queue_pings")
def queue_pings(sender, article, was_public=None, is_public=False, **kwargs):
    # A save marked minor keeps dateModified; nothing to tell crawlers either, unless the
    # same save published or unpublished the story.
    if getattr(article, "minor_edit", False) and was_public == is_public:
        return
    # Drafts and stories never public: nobody outside knows their address.
    if not (was_public or is_public):
        return
    if outbox.enqueue(article) and settings.NEWSROOM_PING_IN_BACKGROUND:
        # story_changed arrives after commit already; on_commit also covers a caller's atomic.
        transaction.on_commit(outbox.drain_in_background)
