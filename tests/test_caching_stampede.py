"""No stampede: a burst of readers after a save (or on a cold page) costs one render, not one each.

Sixteen threads pass a barrier together and ask for the same page through the test client;
the page cache's render function is wrapped to count how often a view really runs. Each test
runs on the local-memory cache (the embedded default) and on Redis (production).
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings

from delivery import page_cache
from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 16
# A db of this suite's own on the shared Redis server: clear() empties it and nothing else.
REDIS_URL = "redis://127.0.0.1:6379/8"
# Long enough that every reader arrives while the first is still rendering.
RENDER_SECONDS = 0.3


def redis_caches():
    return {
        "default": {
            "BACKEND": "delivery.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stampede-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The page cache on, in local memory or in Redis."""
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests
    if request.param == "locmem":
        yield request.param
        return
    with override_settings(CACHES=redis_caches()):
        cache.clear()
        yield request.param
        cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Every view the page cache runs, by path; each render is slowed to widen the window."""
    seen = []
    render = page_cache._render

    def counting_render(view, request, args, kwargs):
        seen.append(request.path)
        threading.Event().wait(RENDER_SECONDS)
        return render(view, request, args, kwargs)

    monkeypatch.setattr(page_cache, "_render", counting_render)
    return seen


def burst(url):
    """READERS simultaneous anonymous GETs of url; the responses, in no particular order."""
    barrier = threading.Barrier(READERS)
    responses = []

    def read():
        try:
            client = Client()
            barrier.wait()
            responses.append(client.get(url))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(responses) == READERS  # a thread that raised would leave one out
    return responses


def test_it_renders_a_saved_story_once_for_sixteen_readers(shared_cache, renders):
    story = ArticleFactory(headline="가상 항만 파업 첫날")
    url = story.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    story.headline = "가상 항만 파업 이틀째"
    story.save()  # autocommit: the change marks are set at once
    renders.clear()

    responses = burst(url)

    assert len(renders) == 1
    assert {response.status_code for response in responses} == {200}
    bodies = [response.content.decode() for response in responses]
    assert all(("파업 첫날" in body) != ("파업 이틀째" in body) for body in bodies)
    how = sorted(response["X-Page-Cache"] for response in responses)
    assert how.count("miss") == 1 and set(how) <= {"miss", "stale", "hit"}
    for response in responses:
        if response["X-Page-Cache"] == "stale":
            assert "파업 첫날" in response.content.decode()
            control = response["Cache-Control"]
            assert "s-maxage=1" in control and "max-age=0" in control
    after = Client().get(url)
    assert after["X-Page-Cache"] == "hit" and "파업 이틀째" in after.content.decode()


def test_readers_of_a_page_nobody_has_cached_wait_for_the_one_render(shared_cache, renders):
    story = ArticleFactory(headline="가상 섬마을 정전 복구")
    url = story.get_absolute_url()

    responses = burst(url)

    assert len(renders) == 1
    assert {response.status_code for response in responses} == {200}
    assert all("정전 복구" in response.content.decode() for response in responses)
    assert sorted(response["X-Page-Cache"] for response in responses) == ["hit"] * 15 + ["miss"]


def test_readers_polling_on_one_cursor_share_one_answer_and_see_a_new_update_at_once(
    shared_cache, renders
):
    story = ArticleFactory(headline="가상 산불 실시간")
    LiveCoverage.objects.create(article=story)
    LiveUpdate.objects.create(article=story, body="산불이 능선을 넘었다.")
    url = f"/live/{story.pk}/updates"
    cursor = Client().get(url).json()["cursor"]
    renders.clear()

    quiet = burst(f"{url}?since={cursor}")
    LiveUpdate.objects.create(article=story, body="주민 대피령이 내려졌다.")
    news = Client().get(f"{url}?since={cursor}")

    assert len(renders) == 2  # the shared quiet answer, then the news
    assert {response.status_code for response in quiet} == {200}
    assert all(response.json()["updates"] == [] for response in quiet)
    assert all(response["Cache-Control"] == "public, max-age=1" for response in quiet)
    assert news["X-Page-Cache"] == "miss"
    assert "주민 대피령" in news.json()["updates"][0]["html"]
