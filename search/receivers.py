"""The search index kept current: every story save rewrites its row."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article

from .engine import index_article


@receiver(post_save, sender=Article, dispatch_uid="articles.index_article_for_search")
def index_saved_article(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) saves rows as they are; the index is rebuilt by the migration.
    if not raw:
        index_article(instance)
