"""The first pages of the home page and the sections, stored when rendered, served from there.

What readers load most after the story pages are the home page and the sections' first pages;
even from stored cards (reader.stored_cards) each costs its lists' queries and the page
frame's rendering. So the page a reader's request renders is stored, and the next readers get
it in one query, whether or not the page cache is on and on any node, until something on it
changes:

- a story the lists show or could show changes (publishing.lists_changed: a public story
  saved, published, unpublished or deleted, a story scheduled, a photo a story leads with, a
  story taken out of a section), which marks every stored list page stale (ListsRendering);
- the site changes (SiteRendering: the outlet, the sections' names, the palette);
- the build changes (stored_pages.build_id());
- the page changes by itself: a scheduled story's time comes, a breaking banner ends
  (`fresh_until`, delivery.schedule), or NEWSROOM_LIST_CACHE_SECONDS pass, as for cached
  lists (a row changed outside Django tells the publish path nothing).

As for story pages, freshness compares the moment rendering began with the marks, so a page
rendered from rows a change has since replaced is never stored as fresh. Later pages (a
cursor in the address) and signed-in users' pages are rendered, never stored. Off with
NEWSROOM_STORED_LIST_PAGES (or NEWSROOM_STORED_STORY_PAGES).
"""

import functools
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpResponse
from django.utils import timezone

from articles.sql_names import SqlNames
from delivery.page_cache import is_signed_in
from delivery.schedule import seconds_until_next_change

from . import stored_pages
from .models import ListsRendering, SiteRendering, StoredListPage

logger = logging.getLogger("newsroom.stored_pages")

LISTS_ROW = 1


def serve(request, render, *, breaking: bool) -> HttpResponse:
    """The stored page at request.path if fresh, else render() stored for the next reader.
    breaking: the page shows the breaking banner, which ends by itself."""
    if not enabled() or is_signed_in(request) or request.GET:
        return render()
    stored = stored_response(request.path)
    if stored is not None:
        return stored
    started_at = time.time()
    response = render()
    store(request.path, response, started_at, breaking=breaking)
    return response


def enabled() -> bool:
    return settings.NEWSROOM_STORED_LIST_PAGES and stored_pages.enabled()


def stored_response(path: str) -> HttpResponse | None:
    database = connections[router.db_for_read(StoredListPage)]
    now = timezone.now()  # fresh_until holds the page's maximum age too
    with database.cursor() as cursor:
        cursor.execute(
            stored_list_sql(database.alias),
            [path, stored_pages.build_id(), database.ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return HttpResponse(row[0], content_type=stored_pages.CONTENT_TYPE)


@functools.cache
def stored_list_sql(alias: str) -> str:
    """The one query of a stored list page: its content, if fresh. Written once per process,
    as stored_pages.stored_page_sql."""
    page = SqlNames(StoredListPage, alias)
    site = SqlNames(SiteRendering, alias)
    lists = SqlNames(ListsRendering, alias)
    return (
        f"SELECT p.{page['content']} FROM {page.table} p "  # noqa: S608
        f"WHERE p.{page['path']} = %s AND p.{page['build']} = %s AND p.{page['fresh_until']} > %s "
        f"AND NOT EXISTS (SELECT 1 FROM {site.table} s "
        f"WHERE s.{site['changed_at']} >= p.{page['rendered_at']}) "
        f"AND NOT EXISTS (SELECT 1 FROM {lists.table} l "
        f"WHERE l.{lists['changed_at']} >= p.{page['rendered_at']})"
    )


def store(path: str, response, started_at: float, *, breaking: bool) -> None:
    if response.status_code != 200:
        return
    # Read from a replica, the page may lack the last few seconds' changes (newsroom/replica).
    seen_up_to = started_at - settings.NEWSROOM_REPLICA_LAG_SECONDS
    lifetime = min(
        settings.NEWSROOM_LIST_CACHE_SECONDS,
        seconds_until_next_change(started_at, breaking=breaking),
    )
    page = StoredListPage(
        path=path,
        content=response.content.decode(),
        rendered_at=datetime.fromtimestamp(seen_up_to, tz=UTC),
        fresh_until=datetime.fromtimestamp(started_at + lifetime, tz=UTC),
        build=stored_pages.build_id(),
    )
    try:
        # In a savepoint: a failed write must not break a transaction the request is in.
        with transaction.atomic(using=router.db_for_write(StoredListPage)):
            StoredListPage.objects.bulk_create(
                [page],
                update_conflicts=True,
                unique_fields=["path"],
                update_fields=["content", "rendered_at", "fresh_until", "build"],
            )
    except DatabaseError:
        # A read-only node or a busy database: the reader has the page; the next one renders.
        logger.warning("Could not store the list page %s", path, exc_info=True)


def lists_changed() -> None:
    """A story the lists show or could show changed: no stored list page is served until
    rendered again."""
    ListsRendering.objects.update_or_create(pk=LISTS_ROW, defaults={"changed_at": timezone.now()})
