"""Which public URLs a story change alters, and handing them to the purge backend.

Search result pages are not purged: they are short-lived and there are too many of them.
"""

import logging
import time

from django.urls import reverse

from articles.models import Article, SlugRedirect
from articles.site_urls import absolute_url

from .models import PurgeLog
from .purge_backends import PurgeError, configured_backend

logger = logging.getLogger("delivery.purge")

# Site-wide lists and sitemaps every public story appears in (newsroom.urls names them all).
SITE_WIDE_URL_NAMES = (
    "articles:home",
    "articles:feed-rss",
    "articles:feed-atom",
    "sitemap",
    "sitemap-news",
)


def _url(name: str, **kwargs) -> str:
    # A name that does not reverse is a bug here, not a page to skip: let it raise.
    return absolute_url(reverse(name, kwargs=kwargs or None))


def story_page_urls(article: Article, *, slugs=()) -> list[str]:
    """The story's address and every old address that redirects to it."""
    all_slugs = {article.slug, *slugs}
    if article.pk:
        all_slugs.update(
            SlugRedirect.objects.filter(article_id=article.pk).values_list("old_slug", flat=True)
        )
    return sorted(_url("articles:detail", slug=slug) for slug in all_slugs if slug)


def section_urls(slug: str) -> list[str]:
    return [
        _url("articles:section", slug=slug),
        _url("articles:section-feed-rss", slug=slug),
        _url("articles:section-feed-atom", slug=slug),
    ]


def tag_urls(slug: str) -> list[str]:
    return [_url("articles:tag", slug=slug)]


def urls_for_story_change(article: Article, *, dropped_lists=()) -> list[str]:
    """Every URL a publish, update or unpublish of article changes, sorted.

    dropped_lists: section and tag URLs the story was just taken out of (see receivers).
    """
    urls = set(story_page_urls(article))
    urls.update(_url(name) for name in SITE_WIDE_URL_NAMES)
    if article.pk:
        section_slugs = set(article.categories.values_list("slug", flat=True))
        if article.section_id:
            section_slugs.add(article.section.slug)
        for slug in section_slugs:
            urls.update(section_urls(slug))
        for slug in article.tags.values_list("slug", flat=True):
            urls.update(tag_urls(slug))
    urls.update(dropped_lists)
    return sorted(url for url in urls if url)


def purge(
    urls: list[str], *, article: Article | None = None, story_label: str | None = None
) -> PurgeLog | None:
    """Send urls to the configured backend and log it; never raises (the log says if it
    failed). story_label names a story that is gone (deleted) in the log."""
    backend = configured_backend()
    if backend is None or not urls:
        return None
    started = time.monotonic()
    result, detail, error = PurgeLog.Result.OK, "", ""
    try:
        detail = backend.purge(urls)
    except PurgeError as exc:
        result, error = PurgeLog.Result.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 (a broken backend must not break the save)
        result, error = PurgeLog.Result.FAILED, f"{type(exc).__name__}: {exc}"
    if error:
        logger.warning("CDN purge of %d URLs failed: %s", len(urls), error)
    try:
        return PurgeLog.objects.create(
            article=article if article is not None and _still_exists(article) else None,
            story_label=(
                article.headline[:300] if article is not None else (story_label or "")[:300]
            ),
            urls=urls,
            backend=backend.name,
            result=result,
            detail=detail[:2000],
            error=error[:2000],
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    except Exception:  # noqa: BLE001
        logger.exception("Could not log a CDN purge")
        return None


def _still_exists(article: Article) -> bool:
    return article.pk is not None and Article.objects.filter(pk=article.pk).exists()
