"""The search index kept current with every save of a story.

Synchronous on purpose: the desk searches for a story right after saving it, and the index
row commits with the story, so the index never disagrees with the row. Everything else a
change sets off goes through articles.changes.follow_story_change (see newsroom.publishing).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Article
from .search import index_article


@receiver(post_save, sender=Article, dispatch_uid="articles.index_article_for_search")
def index_saved_article(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) saves rows as they are; the index is rebuilt by the migration.
    if not raw:
        index_article(instance)
