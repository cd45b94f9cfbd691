"""Hits from the process's own copy of a page, before the middleware a hit does not need.

The copy must answer exactly as the shared page cache would (same bytes and headers), cost no
database query and no read of the page from the shared cache, and never outlive what makes the
shared copy stale: a change mark set by any node, a flushed or unreachable shared cache, the
page's own lifetime, a signed-in user.
"""

import time

import pytest
import time_machine
from django.core.cache import cache, caches
from django.test import override_settings

from delivery import hot_pages, marks
from tests.factories import ArticleFactory, desk_editor
from tests.test_caching_redis import NOBODY_PORT, REDIS_HOST, nothing_listens, redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


@pytest.fixture
def cache_reads(monkeypatch):
    """Every key the request path asks the shared cache for, in order."""
    asked: list[str] = []
    backend = type(caches["default"])
    get_many, get = backend.get_many, backend.get

    def counting_get_many(self, keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(self, keys, *args, **kwargs)

    def counting_get(self, key, *args, **kwargs):
        asked.append(key)
        return get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counting_get_many)
    monkeypatch.setattr(backend, "get", counting_get)
    return asked


def story_page_key(story):
    return f"{marks.PREFIX}page:story:{marks.digest(story.slug)}"


def test_a_repeat_read_is_answered_from_the_process_copy_without_the_page_or_the_database(
    client, cache_reads, django_assert_num_queries
):
    story = ArticleFactory(headline="프로세스에 남은 기사")
    first = client.get(story.get_absolute_url())  # rendered, stored in both caches
    cache_reads.clear()

    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Only the marks (and the cache's life) were read: not the page, not a session.
    assert story_page_key(story) not in cache_reads
    assert set(cache_reads) == {marks.GENERATION, marks.story_mark(story.slug), marks.SITE}
    assert not second.cookies


def test_the_copy_carries_the_same_headers_as_a_shared_hit(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    hot_pages.PAGES.clear()
    shared = client.get(story.get_absolute_url())  # a hit on the shared cache, then copied
    local = client.get(story.get_absolute_url())

    assert shared["X-Page-Cache"] == local["X-Page-Cache"] == "hit"
    assert local.content == shared.content
    assert dict(local.items()) == dict(shared.items())


def test_a_change_mark_from_any_node_makes_the_copy_unusable(client):
    story = ArticleFactory(headline="처음 제목")
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"

    # What another node's save does: the story row changes and its mark is set in the cache.
    type(story).objects.filter(pk=story.pk).update(headline="다른 서버에서 고친 제목")
    marks.mark_stories([story.slug])
    after = client.get(story.get_absolute_url())

    assert after["X-Page-Cache"] == "miss"
    assert "다른 서버에서 고친 제목" in after.content.decode()


def test_a_flushed_shared_cache_makes_every_copy_unusable(client):
    story = ArticleFactory(headline="처음 제목")
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    type(story).objects.filter(pk=story.pk).update(headline="비운 뒤 바뀐 제목")

    cache.clear()  # a restarted Redis: the marks of changes made before are gone too
    after = client.get(story.get_absolute_url())

    assert after["X-Page-Cache"] == "miss" and "비운 뒤 바뀐 제목" in after.content.decode()


def test_a_copy_is_not_served_while_redis_is_unreachable(client):
    if nothing_listens(6379):
        pytest.skip("No Redis at 127.0.0.1:6379; the shared Redis is not running")
    assert nothing_listens(NOBODY_PORT)
    story = ArticleFactory(headline="레디스 기사")
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:6379/0")):
        client.get(story.get_absolute_url())
        assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
        type(story).objects.filter(pk=story.pk).update(headline="레디스가 멈춘 사이 고친 제목")
        caches["default"].clear()
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:{NOBODY_PORT}/0")):
        during = client.get(story.get_absolute_url())

    assert during["X-Page-Cache"] == "miss"
    assert "레디스가 멈춘 사이 고친 제목" in during.content.decode()


def test_a_copy_is_not_served_past_the_page_lifetime(client, settings):
    settings.NEWSROOM_STORY_CACHE_SECONDS = 60
    story = ArticleFactory()
    with time_machine.travel("2026-12-01 09:00 +0900", tick=False) as clock:
        client.get(story.get_absolute_url())
        assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
        clock.shift(61)
        later = client.get(story.get_absolute_url())

    assert later["X-Page-Cache"] == "miss"


def test_signed_in_staff_never_get_a_copy(client):
    story = ArticleFactory(headline="직원은 늘 새로 보는 기사")
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    client.force_login(desk_editor())

    response = client.get(story.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_conditional_request_gets_304_from_the_copy(client):
    story = ArticleFactory()
    first = client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())

    response = client.get(story.get_absolute_url(), headers={"If-None-Match": first["ETag"]})

    assert response.status_code == 304 and response.content == b""


def test_the_copy_is_bounded_and_drops_the_least_recently_used_page(client, monkeypatch):
    monkeypatch.setattr(hot_pages, "PAGES", hot_pages.HotPages(size=2))
    stories = ArticleFactory.create_batch(3)
    for story in stories:
        client.get(story.get_absolute_url())

    kept = {address.rsplit("/", 2)[-2] for address in hot_pages.PAGES.pages}
    assert len(hot_pages.PAGES.pages) == 2
    assert stories[0].slug not in kept


# Later than any mark earlier tests set in this process at the real time.
LATER = "2030-01-01 09:00 +0900"


def another_node_marks(story):
    """The mark another node's save sets: in the shared cache, not through this process."""
    cache.set(marks.story_mark(story.slug), time.time(), 600)


def test_with_a_recheck_interval_a_fresh_copy_is_served_without_reading_the_marks(
    client, cache_reads, settings
):
    settings.NEWSROOM_HOT_PAGE_RECHECK_MS = 250
    story = ArticleFactory(headline="믿고 쓰는 사본")
    with time_machine.travel(LATER, tick=False) as clock:
        client.get(story.get_absolute_url())
        client.get(story.get_absolute_url())  # the copy's first check of the marks
        cache_reads.clear()
        within = client.get(story.get_absolute_url())
        reads_within = list(cache_reads)
        clock.shift(0.3)
        after = client.get(story.get_absolute_url())

    assert within["X-Page-Cache"] == "hit" and reads_within == []
    assert after["X-Page-Cache"] == "hit" and marks.story_mark(story.slug) in cache_reads


def test_another_nodes_change_reaches_a_trusted_copy_after_the_interval(client, settings):
    settings.NEWSROOM_HOT_PAGE_RECHECK_MS = 250
    story = ArticleFactory(headline="처음 제목")
    with time_machine.travel(LATER, tick=False) as clock:
        client.get(story.get_absolute_url())
        client.get(story.get_absolute_url())
        clock.shift(0.1)
        type(story).objects.filter(pk=story.pk).update(headline="다른 서버에서 고친 제목")
        another_node_marks(story)
        clock.shift(0.01)
        within = client.get(story.get_absolute_url())
        clock.shift(0.25)
        after = client.get(story.get_absolute_url())

    assert within["X-Page-Cache"] == "hit" and "처음 제목" in within.content.decode()
    assert after["X-Page-Cache"] == "miss"
    assert "다른 서버에서 고친 제목" in after.content.decode()


def test_a_change_made_in_this_process_reaches_a_trusted_copy_at_once(client, settings):
    settings.NEWSROOM_HOT_PAGE_RECHECK_MS = 250
    story = ArticleFactory(headline="처음 제목")
    with time_machine.travel(LATER, tick=False) as clock:
        client.get(story.get_absolute_url())
        client.get(story.get_absolute_url())
        clock.shift(0.01)
        type(story).objects.filter(pk=story.pk).update(headline="이 서버에서 고친 제목")
        marks.mark_stories([story.slug])
        clock.shift(0.01)
        after = client.get(story.get_absolute_url())

    assert after["X-Page-Cache"] == "miss"
    assert "이 서버에서 고친 제목" in after.content.decode()
