"""Redis as the page cache: served and invalidated; and the site keeps serving when it is down."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from articles.models import Article
from delivery import cache_backend
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
NOBODY_PORT = 6390  # nothing listens here: Redis "down" without touching the shared server


def redis_cache(url, **options):
    return {
        "default": {
            "BACKEND": "delivery.cache_backend.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "perf-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, **options},
        }
    }


def nothing_listens(port):
    with socket.socket() as probe:
        return probe.connect_ex((REDIS_HOST, port)) != 0


def test_the_site_serves_from_the_database_while_redis_is_down(
    client, caplog, django_capture_on_commit_callbacks
):
    assert nothing_listens(NOBODY_PORT)
    story = ArticleFactory(headline="레디스 없이도 보이는 기사")
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:{NOBODY_PORT}/0")):
        cache_backend_instance = caches["default"]
        cache_backend_instance._last_logged = 0.0
        with caplog.at_level(logging.WARNING, logger="delivery.cache"):
            pages = [client.get(story.get_absolute_url()) for _ in range(3)]
            home = client.get("/")

            def edit():
                story.headline = "고친 제목"
                story.save()

            with django_capture_on_commit_callbacks(execute=True):
                edit()  # invalidation and purges find no cache: no error either
            after = client.get(story.get_absolute_url())

    assert [page.status_code for page in pages] == [200, 200, 200] and home.status_code == 200
    assert all(page["X-Page-Cache"] == "miss" for page in pages)
    assert "고친 제목" in after.content.decode()
    warnings = [r for r in caplog.records if r.name == "delivery.cache"]
    assert len(warnings) == 1  # rate-limited: once, not once per call
    assert "unreachable" in warnings[0].getMessage()


def test_a_dead_redis_is_left_alone_for_a_while_after_an_error(settings):
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 60
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:{NOBODY_PORT}/0")):
        cache = caches["default"]
        assert cache.get("k", "fallback") == "fallback"
        calls = []
        original = cache_backend.RedisCache.get

        def counting_get(self, *args, **kwargs):
            calls.append(args)
            return original(self, *args, **kwargs)

        cache_backend.RedisCache.get = counting_get
        try:
            assert cache.get("k", "again") == "again"
            assert cache.set("k", 1) is None and cache.get_many(["a", "b"]) == {}
        finally:
            cache_backend.RedisCache.get = original

    assert calls == []  # answered without trying the dead server again


@pytest.fixture
def real_redis():
    if nothing_listens(REDIS_PORT):
        pytest.skip(f"No Redis at {REDIS_HOST}:{REDIS_PORT}; the shared Redis is not running")
    # Database 0 with a test-only key prefix; only this test's keys are deleted, never flushed.
    with override_settings(CACHES=redis_cache(f"redis://{REDIS_HOST}:{REDIS_PORT}/0")):
        cache = caches["default"]
        yield cache
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match="perf-test:*"))
        if keys:
            client.delete(*keys)


def test_a_page_is_cached_in_redis_and_invalidated_by_a_save(
    client, real_redis, django_capture_on_commit_callbacks
):
    story = ArticleFactory(headline="레디스 기사")

    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())

    def edit():
        story.headline = "레디스에서 고친 제목"
        story.save()

    with django_capture_on_commit_callbacks(execute=True):
        edit()
    third = client.get(story.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert third["X-Page-Cache"] == "miss" and "레디스에서 고친 제목" in third.content.decode()
    assert Article.objects.get(pk=story.pk).headline == "레디스에서 고친 제목"
