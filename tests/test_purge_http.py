"""The HTTP PURGE backend against a small server on 127.0.0.1; the log; failures never raise."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from articles.models import Article
from delivery.admin import PurgeLogAdmin
from delivery.models import PurgeLog
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real proxy would
    received: list
    status = 200
    delay = 0.0

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append((self.command, self.path, self.headers.get("Host"), body))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received, server.status, server.delay = [], 200, 0.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_purge(settings, purge_server):
    settings.SITE_URL = "https://news.example"
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
    settings.NEWSROOM_PURGE_HOST = f"http://127.0.0.1:{purge_server.server_port}"
    settings.NEWSROOM_PURGE_TIMEOUT = 2
    return purge_server


def publish(commit, **fields):
    with commit(execute=True):
        return ArticleFactory(**fields)


def test_publishing_sends_purge_for_every_changed_url(
    http_purge, django_capture_on_commit_callbacks
):
    story = publish(
        django_capture_on_commit_callbacks, section=CategoryFactory(name="정치"), tags=["회담"]
    )

    received = http_purge.received
    paths = {path for _, path, _, _ in received}
    assert {method for method, *_ in received} == {"PURGE"}
    assert {host for _, _, host, _ in received} == {"news.example"}
    assert story.get_absolute_url() in paths
    assert {"/", "/feed/rss/", "/feed/atom/", "/sitemap.xml", "/sitemap-news.xml"} <= paths
    assert "/section/%EC%A0%95%EC%B9%98/" in paths and "/tag/%ED%9A%8C%EB%8B%B4/" in paths
    log = PurgeLog.objects.get()
    assert log.article == story and log.result == PurgeLog.Result.OK
    assert log.backend == "http-purge" and len(log.urls) == len(received)
    assert log.urls[0].startswith("https://news.example/")


def test_unpublishing_purges_the_story_url(http_purge, django_capture_on_commit_callbacks):
    story = publish(django_capture_on_commit_callbacks)
    http_purge.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()

    assert story.get_absolute_url() in {path for _, path, _, _ in http_purge.received}
    assert PurgeLog.objects.filter(article=story).count() == 2


def test_a_refusing_cdn_is_logged_and_the_save_still_succeeds(
    http_purge, django_capture_on_commit_callbacks
):
    http_purge.status = 403

    story = publish(django_capture_on_commit_callbacks, headline="거절당해도 게시")

    log = PurgeLog.objects.get()
    assert log.result == PurgeLog.Result.FAILED and "403" in log.error
    assert Article.objects.get(pk=story.pk).is_public


def test_a_dead_or_slow_cdn_gives_up_at_the_timeout(
    settings, http_purge, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_TIMEOUT = 0.3
    http_purge.delay = 1.0

    started = time.monotonic()
    publish(django_capture_on_commit_callbacks)
    took = time.monotonic() - started

    log = PurgeLog.objects.get()
    assert log.result == PurgeLog.Result.FAILED and "timed out" in log.error.lower()
    assert took < 3  # one timeout, not one per URL


def test_nothing_listening_is_logged_not_raised(settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
    settings.NEWSROOM_PURGE_HOST = "http://127.0.0.1:9"

    publish(django_capture_on_commit_callbacks)

    log = PurgeLog.objects.get()
    assert log.result == PurgeLog.Result.FAILED and "ConnectionRefused" in log.error


def test_the_cdn_api_backend_posts_the_urls_as_json(
    settings, purge_server, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.CdnApiPurgeBackend"
    settings.NEWSROOM_PURGE_API_URL = f"http://127.0.0.1:{purge_server.server_port}/purge"
    settings.NEWSROOM_PURGE_API_TOKEN = "secret-token"

    story = publish(django_capture_on_commit_callbacks)

    ((method, path, _, body),) = purge_server.received
    sent = json.loads(body)
    assert method == "POST" and path == "/purge"
    assert any(url.endswith(story.get_absolute_url()) for url in sent["files"])
    assert PurgeLog.objects.get().result == PurgeLog.Result.OK


def test_no_backend_by_default_sends_and_logs_nothing(django_capture_on_commit_callbacks):
    publish(django_capture_on_commit_callbacks)

    assert PurgeLog.objects.count() == 0


def test_the_purge_log_is_read_only_in_the_admin(
    client, http_purge, django_capture_on_commit_callbacks
):
    publish(django_capture_on_commit_callbacks, headline="기록되는 기사")
    log = PurgeLog.objects.get()
    admin_user = UserFactory(username="root", is_superuser=True)
    client.force_login(admin_user)

    listing = client.get(reverse("admin:delivery_purgelog_changelist"))
    detail = client.get(reverse("admin:delivery_purgelog_change", args=[log.pk]))
    post = client.post(reverse("admin:delivery_purgelog_change", args=[log.pk]), {"backend": "x"})

    assert listing.status_code == 200 and "기록되는 기사" in listing.content.decode()
    assert detail.status_code == 200 and 'name="backend"' not in detail.content.decode()
    assert post.status_code == 403
    assert client.get(reverse("admin:delivery_purgelog_add")).status_code == 403
    model_admin = site._registry[PurgeLog]
    assert isinstance(model_admin, PurgeLogAdmin)
    assert PurgeLog.objects.get().backend == "http-purge"
