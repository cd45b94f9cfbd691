"""Compute a story's related suggestions when it is published."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article

from .suggest import refresh_if_due


@receiver(post_save, sender=Article, dispatch_uid="articles.related.suggest_on_publish")
def suggest_on_publish(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) stores rows as they are; the command catches those up.
    if raw or not instance.is_public:
        return
    article_id = instance.pk
    # After commit: the admin saves tags and categories after the story itself, and the
    # suggestions need them. Robust: a failure here is logged and never undoes a publish.
    transaction.on_commit(lambda: refresh_if_due(article_id), robust=True)
