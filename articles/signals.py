"""Keep each story's search index current whenever the story is saved."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Article
from .search import index_article


@receiver(post_save, sender=Article, dispatch_uid="articles.index_article_for_search")
def index_saved_article(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) saves rows as they are; the index is rebuilt by the migration.
    if not raw:
        index_article(instance)
