"""IndexNow and WebSub pings, sent to a real HTTP server on 127.0.0.1 started by each test."""

import json
import threading
import xml.etree.ElementTree as ET
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from distribution import outbox
from distribution.models import Ping
from live.models import LiveUpdate, StoryNote
from tests.conftest import DATABASE_TASKS, IMMEDIATE_TASKS
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "newsroom-test-key-1234"
SITE = "http://127.0.0.1:8000"


class Endpoint:
    """A small HTTP server that records every request and answers as the test scripts it."""

    def __init__(self):
        self.requests = []
        self.statuses = {}  # path -> statuses to answer in turn; then 200
        self.before_answer = None  # called in the server's thread before it answers
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                endpoint.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "body": body.decode(),
                    }
                )
                if endpoint.before_answer:
                    endpoint.before_answer()
                queue = endpoint.statuses.get(self.path, [])
                status = queue.pop(0) if queue else 200
                answer = b"ok" if status < 400 else b"server trouble"
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def to(self, path):
        return [request for request in self.requests if request["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint(settings):
    server = Endpoint()
    settings.SITE_URL = SITE
    settings.NEWSROOM_INDEXNOW_KEY = KEY
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = [server.url("/indexnow-a"), server.url("/indexnow-b")]
    settings.NEWSROOM_WEBSUB_HUBS = [server.url("/hub")]
    settings.NEWSROOM_PING_RETRY_SECONDS = 60
    # The send task is queued and not run: each test sends with outbox.drain() when it wants.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    yield server
    server.close()


@pytest.fixture
def section():
    return CategoryFactory(name="사회", slug="society")


def draft(section, **fields):
    return ArticleFactory(
        headline="가상 시청 화재",
        slug="city-hall-fire",
        section=section,
        status=Article.Status.DRAFT,
        published_at=None,
        **fields,
    )


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.save()
    return article


STORY_URL = f"{SITE}/news/city-hall-fire/"
FEEDS = [
    f"{SITE}/feed/rss/",
    f"{SITE}/feed/atom/",
    f"{SITE}/section/society/feed/rss/",
    f"{SITE}/section/society/feed/atom/",
]


def test_publishing_sends_exactly_one_ping_to_each_endpoint_with_the_right_body(
    endpoint, section, settings
):
    settings.TASKS = IMMEDIATE_TASKS
    story = draft(section)
    assert not Ping.objects.exists()  # a draft nobody outside has seen: nothing to tell

    publish(story)  # the send task ran after the commit

    assert len(endpoint.requests) == 3
    for path in ("/indexnow-a", "/indexnow-b"):
        (request,) = endpoint.to(path)
        assert request["method"] == "POST"
        assert request["content_type"] == "application/json; charset=utf-8"
        assert json.loads(request["body"]) == {
            "host": "127.0.0.1",
            "key": KEY,
            "keyLocation": f"{SITE}/{KEY}.txt",
            "urlList": [STORY_URL],
        }
    (hub,) = endpoint.to("/hub")
    assert hub["content_type"] == "application/x-www-form-urlencoded"
    assert parse_qs(hub["body"]) == {"hub.mode": ["publish"], "hub.url": FEEDS}
    assert set(Ping.objects.values_list("status", "attempts", "last_status")) == {("sent", 1, 200)}

    call_command("send_pings", verbosity=0)  # the catch-up command finds nothing left to send
    assert len(endpoint.requests) == 3


def test_each_change_is_one_event_with_one_row_per_endpoint(endpoint, section):
    story = publish(draft(section))
    outbox.drain()
    story.deck = "불길이 잡혔다."
    story.save()

    events = Ping.objects.order_by().values_list("event", flat=True).distinct()
    assert len(events) == 2
    for event in events:
        assert sorted(
            Ping.objects.filter(event=event).values_list("endpoint", flat=True)
        ) == sorted(
            [endpoint.url("/indexnow-a"), endpoint.url("/indexnow-b"), endpoint.url("/hub")]
        )


def test_changes_while_a_ping_waits_are_covered_by_it(endpoint, section):
    story = publish(draft(section))
    story.deck = "첫 수정"
    story.save()
    LiveUpdate.objects.create(article=story, body="현장 소식")

    outbox.drain()

    assert len(endpoint.to("/indexnow-a")) == 1
    assert len(endpoint.to("/hub")) == 1


def test_live_updates_corrections_and_unpublishing_ping_but_minor_edits_do_not(endpoint, section):
    story = publish(draft(section))
    outbox.drain()
    sent = len(endpoint.requests)

    story.headline = "가상 시청 화재 (오타)"
    story.save(minor=True)
    outbox.drain()
    assert len(endpoint.requests) == sent

    for change in (
        lambda: LiveUpdate.objects.create(article=story, body="진화 완료"),
        lambda: StoryNote.objects.create(article=story, note="부상자 수를 바로잡았습니다."),
        lambda: _unpublish(story),  # still marked minor: a change of visibility never is
    ):
        before = len(endpoint.to("/indexnow-a"))
        change()
        outbox.drain()
        assert len(endpoint.to("/indexnow-a")) == before + 1
        assert json.loads(endpoint.to("/indexnow-a")[-1]["body"])["urlList"] == [STORY_URL]

    # Once unpublished and changed again, nobody outside needs to hear of it.
    story.refresh_from_db()
    story.deck = "비공개 수정"
    story.save()
    assert not Ping.objects.filter(status=Ping.Status.PENDING).exists()


def _unpublish(story):
    story.refresh_from_db()
    story.status = Article.Status.UNPUBLISHED
    story.save(minor=True)


def test_a_failing_endpoint_is_retried_later_and_then_succeeds(endpoint, section):
    endpoint.statuses["/indexnow-a"] = [500]
    publish(draft(section))

    outbox.drain()
    ping = Ping.objects.get(endpoint=endpoint.url("/indexnow-a"))
    assert (ping.status, ping.attempts, ping.last_status) == ("pending", 1, 500)
    assert ping.last_answer == "server trouble"

    outbox.drain()  # not due yet: nothing is sent
    assert len(endpoint.to("/indexnow-a")) == 1

    with time_machine.travel(ping.next_attempt_at + timedelta(seconds=1)):
        call_command("send_pings", verbosity=0)

    ping.refresh_from_db()
    assert (ping.status, ping.attempts, ping.last_status) == ("sent", 2, 200)
    first, second = endpoint.to("/indexnow-a")
    assert first["body"] == second["body"]
    assert len(endpoint.to("/indexnow-b")) == 1  # the healthy endpoint got it once


def test_retries_back_off_exponentially_and_give_up_after_the_limit(endpoint, section, settings):
    settings.NEWSROOM_PING_MAX_ATTEMPTS = 3
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = [endpoint.url("/down")]
    settings.NEWSROOM_WEBSUB_HUBS = []
    endpoint.statuses["/down"] = [503, 503, 503, 503]
    publish(draft(section))

    waits = []
    for _ in range(3):
        ping = Ping.objects.get()
        with time_machine.travel(ping.next_attempt_at + timedelta(seconds=1), tick=False):
            outbox.drain()
            ping.refresh_from_db()
            if ping.status == "pending":
                waits.append((ping.next_attempt_at - timezone.now()).total_seconds())

    assert waits == [60, 120]
    assert (ping.status, ping.attempts, ping.last_status) == ("gave_up", 3, 503)
    assert len(endpoint.to("/down")) == 3


def test_a_refusal_that_cannot_change_is_not_retried(endpoint, section, settings):
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = [endpoint.url("/refuses")]
    endpoint.statuses["/refuses"] = [422]
    publish(draft(section))
    outbox.drain()
    ping = Ping.objects.get(kind="indexnow")
    assert (ping.status, ping.attempts, ping.last_status) == ("gave_up", 1, 422)


def test_a_sender_claims_a_ping_once_so_two_senders_never_both_send(endpoint, section):
    publish(draft(section))
    ping = Ping.objects.filter(kind="websub").get()
    stale_copy = Ping.objects.get(pk=ping.pk)

    assert Ping.objects.claim(ping) is True
    assert Ping.objects.claim(stale_copy) is False
    assert Ping.objects.due().filter(pk=ping.pk).exists() is False


def test_the_editors_save_does_not_wait_for_an_endpoint_a_worker_sends_the_pings(
    endpoint, section, settings
):
    settings.TASKS = DATABASE_TASKS
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = [endpoint.url("/slow")]
    settings.NEWSROOM_WEBSUB_HUBS = []
    story = draft(section)

    publish(story)

    # The save queued the ping and a task to send it; nothing was sent in the request.
    assert endpoint.requests == []
    assert Ping.objects.get().status == "pending"
    task = DBTaskResult.objects.get(task_path="distribution.tasks.send_due_pings")
    assert task.status == "READY"

    call_command("run_worker", batch=True, verbosity=0)

    assert len(endpoint.to("/slow")) == 1
    assert Ping.objects.get().status == "sent"
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


def test_a_failed_ping_is_retried_by_the_task_it_enqueues_for_its_next_attempt(
    endpoint, section, settings
):
    settings.TASKS = DATABASE_TASKS
    settings.NEWSROOM_WEBSUB_HUBS = []
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = [endpoint.url("/flaky")]
    endpoint.statuses["/flaky"] = [503]
    publish(draft(section))

    call_command("run_worker", batch=True, verbosity=0)

    ping = Ping.objects.get()
    assert (ping.status, ping.attempts) == ("pending", 1)
    retry = DBTaskResult.objects.filter(
        task_path="distribution.tasks.send_due_pings", status="READY"
    ).get()
    assert retry.run_after == ping.next_attempt_at  # no cron: the queue wakes for the retry
    with time_machine.travel(ping.next_attempt_at + timedelta(seconds=1)):
        call_command("run_worker", batch=True, verbosity=0)
    ping.refresh_from_db()
    assert (ping.status, ping.attempts, len(endpoint.to("/flaky"))) == ("sent", 2, 2)


def test_send_pings_announces_a_scheduled_story_once_its_time_has_come(endpoint, section):
    story = draft(section)
    story.status = Article.Status.SCHEDULED
    story.published_at = timezone.now() + timedelta(minutes=10)
    story.save()  # not public yet: nothing queued
    assert not Ping.objects.exists()

    with time_machine.travel(story.published_at + timedelta(minutes=1)):
        call_command("send_pings", verbosity=0)
        call_command("send_pings", verbosity=0)  # the next minute: already announced

    assert len(endpoint.to("/indexnow-a")) == 1
    assert json.loads(endpoint.to("/indexnow-a")[0]["body"])["urlList"] == [STORY_URL]
    assert len(endpoint.to("/hub")) == 1


def test_the_indexnow_key_file_is_served_only_for_the_configured_key(client, settings):
    settings.NEWSROOM_INDEXNOW_KEY = KEY
    response = client.get(f"/{KEY}.txt")
    assert response.status_code == 200
    assert response.content.decode() == KEY
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get("/someone-elses-key.txt").status_code == 404
    settings.NEWSROOM_INDEXNOW_KEY = ""
    assert client.get(f"/{KEY}.txt").status_code == 404


def test_feeds_name_the_websub_hubs_when_there_are_any(client, settings):
    ArticleFactory()
    settings.NEWSROOM_WEBSUB_HUBS = ["https://hub.example.test/"]
    rss = ET.fromstring(client.get(reverse("articles:feed-rss")).content)  # noqa: S314
    atom = ET.fromstring(client.get(reverse("articles:feed-atom")).content)  # noqa: S314
    atom_ns = "{http://www.w3.org/2005/Atom}"

    rss_hubs = [
        link.get("href")
        for link in rss.find("channel").findall(f"{atom_ns}link")
        if link.get("rel") == "hub"
    ]
    atom_hubs = [
        link.get("href") for link in atom.findall(f"{atom_ns}link") if link.get("rel") == "hub"
    ]
    assert rss_hubs == atom_hubs == ["https://hub.example.test/"]


def test_without_hubs_the_feeds_name_none(client, settings):
    ArticleFactory()
    settings.NEWSROOM_WEBSUB_HUBS = []
    assert b'rel="hub"' not in client.get(reverse("articles:feed-atom")).content


def test_nothing_is_queued_when_no_endpoint_is_configured(section):
    publish(draft(section))
    assert not Ping.objects.exists()
