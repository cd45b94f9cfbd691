"""Change marks pushed to every process, so a hot page's hit reads no marks from Redis.

What must hold (delivery/mark_mirror.py): a repeat hit costs no Redis read; a mark set by
another process is in this process's mirror before that process's save returns, so the next
request here is fresh; a process that stops answering stops trusting its mirror before a
writer gives up waiting for it.
"""

import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from delivery import mark_mirror, marks
from tests.factories import ArticleFactory
from tests.test_caching_hot_pages import cache_reads  # noqa: F401 (a fixture)
from tests.test_caching_redis import REDIS_HOST, REDIS_PORT, nothing_listens, redis_cache

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


@pytest.fixture
def pushed_marks(settings):
    if nothing_listens(REDIS_PORT):
        pytest.skip(f"No Redis at {REDIS_HOST}:{REDIS_PORT}; the shared Redis is not running")
    settings.NEWSROOM_MARK_PUSH = True
    settings.NEWSROOM_HOT_PAGE_RECHECK_MS = 0
    with override_settings(CACHES=redis_cache(REDIS_URL)):
        backend = caches["default"]
        mirror = mark_mirror.mirror_for(backend)
        wait_until(lambda: mirror.lookup([]) is not None, "the mirror's first lease")
        yield mirror
        client = backend.shared_client()
        keys = list(client.scan_iter(match="perf-test:*"))
        if keys:
            client.delete(*keys)


def wait_until(check, what, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_repeat_hit_reads_no_marks_from_redis(client, pushed_marks, cache_reads):  # noqa: F811
    story = ArticleFactory(headline="밀어 준 표시로 답하는 기사")
    client.get(story.get_absolute_url())  # rendered and stored
    client.get(story.get_absolute_url())  # the mirror learns this page's marks from Redis
    cache_reads.clear()

    third = client.get(story.get_absolute_url())

    assert third["X-Page-Cache"] == "hit"
    assert cache_reads == []


def test_another_process_s_save_is_in_the_mirror_before_it_returns(client, pushed_marks):
    story = ArticleFactory(headline="다른 서버가 고치기 전 제목")
    for _ in range(3):
        assert "다른 서버가 고치기 전" in client.get(story.get_absolute_url()).content.decode()
    assert pushed_marks.lookup([marks.story_mark(story.slug)]) is not None

    # Another node's save: the row changes, then that process sets the story's mark.
    type(story).objects.filter(pk=story.pk).update(headline="다른 서버에서 고친 제목")
    other_node = textwrap.dedent(f"""
        import django
        django.setup()
        from django.test.utils import override_settings
        from tests.test_caching_redis import redis_cache
        with override_settings(CACHES=redis_cache({REDIS_URL!r})):
            from delivery import marks
            marks.mark_stories([{story.slug!r}])
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    subprocess.run([sys.executable, "-c", other_node], cwd=ROOT, env=env, check=True)

    after = client.get(story.get_absolute_url())

    assert after["X-Page-Cache"] == "miss"
    assert "다른 서버에서 고친 제목" in after.content.decode()


def test_a_listener_that_stops_answering_is_waited_for_then_distrusted(
    pushed_marks, settings, caplog
):
    settings.NEWSROOM_MARK_LEASE_MS = 300
    backend = caches["default"]
    # A process that subscribed and then hung: it never reads what is pushed to it.
    hung = backend.shared_client().pubsub()
    hung.subscribe(backend.marks_channel())
    try:
        wait_until(lambda: hung.get_message(timeout=0.1) is not None, "the hung subscription")
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="delivery.cache"):
            marks.mark_stories(["멈춘-프로세스가-있는-기사"])
        waited = time.monotonic() - started
    finally:
        hung.close()

    # The writer waited for it (its lease could still have been running), then went on.
    assert waited >= 0.3
    assert "did not confirm a change mark" in caplog.text
    # This process's listener answered: the mark is here.
    assert pushed_marks.lookup([marks.story_mark("멈춘-프로세스가-있는-기사")])


def test_a_lost_subscription_empties_the_mirror_and_hits_read_redis_again(
    client,
    pushed_marks,
    cache_reads,  # noqa: F811
):
    story = ArticleFactory()
    for _ in range(3):
        client.get(story.get_absolute_url())
    key = marks.story_mark(story.slug)
    assert pushed_marks.lookup([key]) is not None

    pushed_marks.forget()  # what the listener does when its connection drops
    cache_reads.clear()
    again = client.get(story.get_absolute_url())

    assert pushed_marks.lookup([key]) is None
    assert again["X-Page-Cache"] == "hit"
    assert key in cache_reads  # checked against Redis, not against what the mirror had
