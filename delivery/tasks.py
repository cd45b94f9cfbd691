"""The CDN purge, off the editor's request: the cache marks stay synchronous (publishing)."""

from articles.models import Article
from background import background_task

from . import purge


class PurgeFailed(Exception):
    """The CDN answered with an error or not at all; the task runs again later."""


@background_task()
def purge_urls(urls: list[str], article_id: int | None = None, story_label: str = ""):
    """Purge urls at the configured backend and log it. Idempotent: a purge may repeat."""
    article = Article.objects.filter(pk=article_id).first() if article_id else None
    log = purge.purge(urls, article=article, story_label=story_label)
    if log is not None and log.result == log.Result.FAILED:
        raise PurgeFailed(log.error)
    return len(urls)
