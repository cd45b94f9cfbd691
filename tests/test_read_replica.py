"""A read replica for readers' pages: which reads go to it, which stay on the primary.

The replica here is a second connection to the test database, as TEST's MIRROR makes for a
configured one; it is registered when this module is collected (so the test database setup
mirrors it) and used only by these tests, which install the router and middleware the settings
install when DATABASE_REPLICA_URL is set. Queries are counted on each connection.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delivery import marks, page_cache
from newsroom import replica
from outlet.models import OutletSettings
from reader import stored_pages
from tests.factories import ArticleFactory, desk_editor

connections.settings.setdefault(
    replica.REPLICA, {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
)
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", replica.REPLICA])


@pytest.fixture
def with_replica(settings):
    settings.DATABASE_ROUTERS = ["newsroom.replica.PublicReadsRouter"]
    hot = settings.MIDDLEWARE.index("delivery.hot_pages.hot_page_middleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: hot + 1],
        "newsroom.replica.public_page_reads",
        *settings.MIDDLEWARE[hot + 1 :],
    ]
    return connections[replica.REPLICA]


def queries_on_each(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as secondary,
    ):
        response = client.get(url)
    return response, len(primary), len(secondary)


def test_a_readers_story_page_and_lists_are_read_from_the_replica(client, with_replica):
    story = ArticleFactory(headline="복제본에서 읽는 기사")
    # The outlet's settings row is made on first use, a write (on the primary); it exists in a
    # running site.
    OutletSettings.current()

    for url in (story.get_absolute_url(), reverse("articles:home")):
        response, on_primary, on_replica = queries_on_each(client, url)
        assert response.status_code == 200
        assert on_replica > 0 and on_primary == 0, url
    assert "복제본에서 읽는 기사" in response.content.decode()


def test_the_desk_and_signed_in_readers_stay_on_the_primary(client, with_replica):
    story = ArticleFactory()
    client.force_login(desk_editor())

    for url in (
        story.get_absolute_url(),
        reverse("admin:articles_article_change", args=[story.pk]),
    ):
        response, on_primary, on_replica = queries_on_each(client, url)
        assert response.status_code == 200
        assert on_primary > 0 and on_replica == 0, url


def test_writes_and_unknown_addresses_stay_on_the_primary(client, with_replica):
    response, on_primary, on_replica = queries_on_each(client, "/no-such-page/")
    assert response.status_code == 404 and on_replica == 0
    # Outside a request (a worker, a command) everything is the primary's.
    assert replica.PublicReadsRouter().db_for_read(None) is None
    assert replica.PublicReadsRouter().db_for_write(None) is None


def test_a_page_rendered_within_the_replicas_lag_after_a_change_is_not_kept_as_fresh(
    client, settings
):
    """A replica may not have the change yet: the page rendered just after it is served, but
    the next reader gets a new rendering, not that page from the cache."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_REPLICA_LAG_SECONDS = 30
    story = ArticleFactory()
    marks.mark_stories([story.slug])  # a change a moment ago, maybe not on the replica yet

    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] in ("miss", "stale")

    settings.NEWSROOM_REPLICA_LAG_SECONDS = 0  # without a replica: the usual hit
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_only_the_page_caches_views_count_as_public_pages():
    from reader import views

    assert page_cache.is_cached_page(views.article_detail)
    assert not page_cache.is_cached_page(views.robots_txt)


def test_a_stored_story_page_is_read_from_the_replica_and_stored_on_the_primary(
    client, with_replica, settings
):
    settings.NEWSROOM_STORED_STORY_PAGES = True
    OutletSettings.current()
    # Committed: its save rendered and stored its page (newsroom.publishing).
    story = ArticleFactory(headline="복제본에서 읽는 저장된 페이지")

    response, on_primary, on_replica = queries_on_each(client, story.get_absolute_url())
    assert response["X-Story-Page"] == "stored"
    assert (on_primary, on_replica) == (0, 1)
    assert "복제본에서 읽는 저장된 페이지" in response.content.decode()

    # A page no longer fresh is rendered from the replica and stored on the primary.
    stored_pages.invalidate([story.pk])
    response, on_primary, on_replica = queries_on_each(client, story.get_absolute_url())
    # On the primary: the page's INSERT (in BEGIN ... COMMIT on SQLite).
    assert response["X-Story-Page"] == "rendered" and on_replica > 1 and 1 <= on_primary <= 3
