"""What a live update or a correction does to its story: a new dateModified, and the news."""

from django.utils import timezone

from articles.changes import follow_story_change
from articles.models import Article


def story_changed_now(article_id: int) -> None:
    """Bump the story's public modification time and announce the change after commit.

    An UPDATE of the row, not Article.save(): the story's text, version and revisions stay
    as they are. Inside a transaction the UPDATE also locks the story's row until commit.
    """
    Article.objects.filter(pk=article_id).update(modified_at=timezone.now())
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        follow_story_change(article, was_public=article.is_public)
