"""Story pages rendered when their story changes, stored in the database, served from there.

A story page changes only when something on it changes, and the publish path
(newsroom.publishing) hears of every such change: so it renders the story's page right after
the change commits, and a reader's request costs one query (the story's row, its stored page
and the site's last change, joined) and no template work, whether or not the page cache is on
and on any node, since the page lives with the story. The bytes are those a render gives.

A stored page is served only if it is at least as new as everything it shows:
- its rendering began after the story's last invalidation (`stale_since`, set when the story
  or a story it links to changes) and after the site's last change (SiteRendering: the outlet,
  palette, sections, a tag's name);
- it was rendered with this build's templates, code and settings (build_id());
- the moment it changes by itself has not come (`fresh_until`: a linked story scheduled to go
  live, as the page cache's lifetimes, delivery.schedule), nor its maximum age.
Signed-in users (the desk) always get a page rendered for them, as from the page cache.
Comparing start times, not deleting rows, closes the race where a reader renders from the old
row, the save commits and invalidates, and the reader then stores the old page.

Anything else is rendered as before and stored for the next reader.
"""

import functools
import hashlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpResponse
from django.utils import timezone

from articles.models import Article
from articles.sql_names import SqlNames
from articles.story_page import render_story
from delivery.http import set_story_validators
from delivery.schedule import seconds_until_next_change
from related.selectors import public_list_prefetch

from . import stored_cards
from .models import SiteRendering, StoredStoryPage

logger = logging.getLogger("newsroom.stored_pages")

SITE_ROW = 1
NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # rendered_at of a page marked stale before any
# What the rendered bytes depend on besides the data: the templates and the code that fills
# them. A deploy that changes any of it makes every stored page stale, to be rendered anew.
RENDERING_SOURCES = (
    "templates",
    "articles",
    "delivery",
    "live",
    "markup",
    "newsroom",
    "outlet",
    "photos",
    "reader",
    "related",
    "search",
)
# The settings whose values show in a story page's bytes.
RENDERING_SETTINGS = (
    "SITE_URL",
    "STATIC_URL",
    "MEDIA_URL",
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "NEWSROOM_LIVE_POLL_SECONDS",
    "NEWSROOM_READING_RATE",
    "NEWSROOM_RENDITION_WIDTHS",
)
CONTENT_TYPE = "text/html; charset=utf-8"


@functools.cache
def build_id() -> str:
    """A digest of the templates, code, static file names and settings a page is rendered with."""
    digest = hashlib.blake2b(digest_size=16)
    base = Path(settings.BASE_DIR)
    for folder in RENDERING_SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and staticfiles_storage.exists(manifest):
        with staticfiles_storage.open(manifest) as stored:
            digest.update(stored.read())
    for name in RENDERING_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, None)!r}".encode())
    return digest.hexdigest()


def story_queryset(articles):
    """Everything the story page shows, in a fixed number of queries: the story's own parts,
    its live coverage and its related list (with the targets a link needs)."""
    return (
        articles.with_story_parts()
        .select_related("live_coverage")
        .prefetch_related(public_list_prefetch())
    )


def render_public_story(article, request=None) -> HttpResponse:
    """The public page of an article loaded by story_queryset(), with its validators.

    Nothing on it depends on the request (no user, token or nonce): the page rendered after a
    save for every reader is byte for byte the one a reader's request renders.
    """
    response = set_story_validators(render_story(request, article), article)
    response["X-Story-Page"] = "rendered"
    return response


def refresh(article_id: int) -> None:
    """Render and store a public story's page and its cards now (after its change has
    committed)."""
    if not enabled():
        return
    started_at = time.time()
    stories = story_queryset(Article.objects.using(router.db_for_write(Article)).published())
    article = stories.filter(pk=article_id).first()
    if article is not None:
        store(article, render_public_story(article), started_at, from_primary=True)
        stored_cards.refresh(article, started_at)


def enabled() -> bool:
    return settings.NEWSROOM_STORED_STORY_PAGES


def stored_response(slug: str) -> HttpResponse | None:
    """The stored page of the public story at slug, if it may be served; else None."""
    if not enabled():
        return None
    # The database the router reads stories from (a public page may read from a replica).
    database = connections[router.db_for_read(StoredStoryPage)]
    now = timezone.now()
    with database.cursor() as cursor:
        cursor.execute(
            stored_page_sql(database.alias),
            [
                slug,
                *Article.public_sql_params(database, now),
                build_id(),
                database.ops.adapt_datetimefield_value(now),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    content, etag, last_modified = row
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["X-Story-Page"] = "stored"
    return response


@functools.cache
def stored_page_sql(alias: str) -> str:
    """The one query of a stored page: the story's row (public by Article.public_filter(),
    written out here; tests/test_stored_story_pages.py holds the two together), its page if
    fresh, and the site's last change, joined.

    Written out once, not built by the ORM on every request: building and compiling the
    equivalent queryset cost as much CPU as the rest of the request together.
    """
    article = SqlNames(Article, alias)
    page = SqlNames(StoredStoryPage, alias)
    site = SqlNames(SiteRendering, alias)
    return (
        f"SELECT p.{page['content']}, p.{page['etag']}, p.{page['last_modified']} "  # noqa: S608
        f"FROM {article.table} a JOIN {page.table} p ON p.{page['article']} = a.{article['id']} "
        f"WHERE a.{article['slug']} = %s "
        f"AND {Article.public_sql('a.' + article['status'], 'a.' + article['published_at'])} "
        f"AND p.{page['build']} = %s "
        f"AND p.{page['content']} <> '' "
        f"AND p.{page['fresh_until']} > %s "
        f"AND (p.{page['stale_since']} IS NULL "
        f"OR p.{page['rendered_at']} > p.{page['stale_since']}) "
        f"AND NOT EXISTS (SELECT 1 FROM {site.table} s "
        f"WHERE s.{site['changed_at']} >= p.{page['rendered_at']})"
    )


def store(article, response, started_at: float, *, from_primary: bool = False) -> None:
    """Keep a story page rendered from article, whose rendering began at started_at (UNIX)."""
    if not enabled() or response.status_code != 200 or not article.is_public:
        return
    # Read from a replica, the page may lack the last few seconds' changes (newsroom/replica).
    seen_up_to = started_at - (0 if from_primary else settings.NEWSROOM_REPLICA_LAG_SECONDS)
    page = StoredStoryPage(
        article_id=article.pk,
        content=response.content.decode(),
        etag=response["ETag"],
        last_modified=response["Last-Modified"],
        rendered_at=datetime.fromtimestamp(seen_up_to, tz=UTC),
        fresh_until=datetime.fromtimestamp(started_at + lifetime(started_at), tz=UTC),
        build=build_id(),
    )
    try:
        # In a savepoint: a failed write must not break a transaction the request is in.
        with transaction.atomic(using=router.db_for_write(StoredStoryPage)):
            StoredStoryPage.objects.bulk_create(
                [page],
                update_conflicts=True,
                unique_fields=["article"],
                update_fields=[
                    "content",
                    "etag",
                    "last_modified",
                    "rendered_at",
                    "fresh_until",
                    "build",
                ],
            )
    except DatabaseError:
        # A read-only node or a busy database: the reader has the page; the next one renders.
        logger.warning("Could not store the page of story %s", article.pk, exc_info=True)


def lifetime(started_at: float) -> float:
    """How long a page rendered at started_at may be served: until something on it changes by
    itself (delivery.schedule), and at most NEWSROOM_STORED_PAGE_MAX_SECONDS, so that a row
    changed outside Django (an SQL fix, which tells the publish path nothing) shows in time."""
    return min(
        settings.NEWSROOM_STORED_PAGE_MAX_SECONDS,
        seconds_until_next_change(started_at, breaking=False),
    )


def invalidate(article_ids) -> None:
    """The pages and cards of these stories may show something that changed: none is served
    until rendered again (stale_since is the mark for both: reader.stored_cards). A story
    without a stored page gets a marker, so that a rendering already under way when this ran
    is not stored as fresh."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    now = timezone.now()
    existing = Article.objects.filter(pk__in=ids).values_list("pk", flat=True)
    StoredStoryPage.objects.bulk_create(
        [
            StoredStoryPage(article_id=pk, rendered_at=NEVER, stale_since=now, fresh_until=NEVER)
            for pk in existing
        ],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["stale_since"],
    )


def site_changed() -> None:
    """Something every page shows changed: no stored page is served until rendered again."""
    SiteRendering.objects.update_or_create(pk=SITE_ROW, defaults={"changed_at": timezone.now()})
