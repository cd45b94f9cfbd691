"""The shipped Varnish configuration (deploy/varnish/newsroom.vcl) in front of the live app.

A real varnishd on loopback, its backend pointed at live_server: a hit after a miss, the
exact purge an editor's save sends through the HTTP purge backend, staff never cached, and
PURGE refused from any address but the app's. Skipped without varnishd (apt-get install
varnish) unless NEWSROOM_REQUIRE_VARNISH is set, as CI does.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from delivery.models import PurgeLog
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory, CategoryFactory, desk_editor
from tests.local_servers import free_port, stop, wait_until_listening

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

# live_server commits for real: the app and varnish's backend fetches share the database.
pytestmark = pytest.mark.django_db(transaction=True)


def vcl_for_backend(host: str, port: int) -> str:
    """The shipped VCL with its backend moved to host:port; nothing else is changed."""
    text, count = re.subn(
        r'(backend newsroom \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";',
        rf'\g<1>"{host}";\g<2>"{port}";',
        VCL.read_text(),
    )
    assert count == 1, "the backend block of deploy/varnish/newsroom.vcl has changed shape"
    return text


class Varnish:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def send(self, path, *, method="GET", cookie=None, source="127.0.0.1"):
        """(status, headers, body text) of one request, from the source address given."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=15, source_address=(source, 0)
        )
        headers = {"Cookie": cookie} if cookie else {}
        try:
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    if not Path(VARNISHD).exists():
        if os.environ.get("NEWSROOM_REQUIRE_VARNISH"):
            pytest.fail(f"Varnish tests are required but varnishd is missing at {VARNISHD}")
        pytest.skip(f"varnishd is not installed at {VARNISHD} (apt-get install varnish)")
    origin = urlsplit(live_server.url)
    vcl = tmp_path / "newsroom.vcl"
    vcl.write_text(vcl_for_backend(socket.gethostbyname(origin.hostname), origin.port))
    port = free_port()
    log = (tmp_path / "varnishd.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (fixed arguments, our own files)
        [
            VARNISHD,
            "-F",  # in the foreground: this PID is the one to stop
            "-j",
            "none",  # no privilege drop: the pytest tmp dir is not readable by varnish's user
            "-n",
            str(tmp_path / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-T",
            "none",
            "-s",
            "malloc,32m",
            "-p",
            "thread_pools=1",
            "-p",
            "thread_pool_min=5",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    front = Varnish(port)
    try:
        wait_until_listening(process, port, tmp_path / "varnishd.log", name="varnishd")
        # The app purges this varnish, naming the public host readers use.
        settings.SITE_URL = front.url
        settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
        settings.NEWSROOM_PURGE_HOST = front.url
        settings.NEWSROOM_PURGE_TIMEOUT = 5
        yield front
    finally:
        stop(process)
        log.close()


def rename_behind_the_caches(story, headline):
    """Change the row without a save: no signal, no purge; only a fetch from the app shows it."""
    Article.objects.filter(pk=story.pk).update(headline=headline)


def test_it_serves_a_public_story_from_varnish_after_a_miss(varnish):
    story = ArticleFactory(headline="항만 노조 파업 사흘째")
    path = story.get_absolute_url()

    status, first, body = varnish.send(path)
    assert (status, first["X-Cache"]) == (200, "miss")
    assert "항만 노조 파업 사흘째" in body
    assert "s-maxage=" in first["Cache-Control"]

    rename_behind_the_caches(story, "원래 보이면 안 되는 제목")
    status, second, body = varnish.send(path)
    assert (status, second["X-Cache"]) == (200, "hit")
    assert "항만 노조 파업 사흘째" in body and "원래 보이면 안 되는 제목" not in body
    assert second["Age"].isdigit() and second["ETag"] == first["ETag"]

    # A share link's tracking parameters and a reader's analytics cookie reach the same object.
    _, shared, _ = varnish.send(f"{path}?utm_source=kakao&fbclid=abc", cookie="_ga=GA1.2.3")
    assert shared["X-Cache"] == "hit"


def test_it_purges_exactly_the_saved_story_and_its_lists_when_an_editor_saves(varnish):
    section, elsewhere = CategoryFactory(name="경제"), CategoryFactory(name="문화")
    saved = ArticleFactory(headline="환율 급등 마감", section=section, tags=["환율"])
    unrelated = ArticleFactory(headline="국립극장 새 시즌 개막", section=elsewhere)
    touched = {
        "story": saved.get_absolute_url(),
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": section.slug}),
        "tag": reverse("articles:tag", kwargs={"slug": saved.tags.get().slug}),
    }
    untouched = {
        "story": unrelated.get_absolute_url(),
        "section": reverse("articles:section", kwargs={"slug": elsewhere.slug}),
    }
    for path in [*touched.values(), *untouched.values()]:
        varnish.send(path)
        assert varnish.send(path)[1]["X-Cache"] == "hit", path

    desk = Client()
    desk.force_login(desk_editor())
    response = desk.post(change_url(saved), change_form_data(saved, headline="환율 급등 뒤 반락"))
    assert response.status_code == 302

    log = PurgeLog.objects.filter(article=saved).latest("pk")
    assert (log.result, log.detail) == (PurgeLog.Result.OK, "HTTP 200")
    for name, path in touched.items():
        status, headers, body = varnish.send(path)
        assert (status, headers["X-Cache"]) == (200, "miss"), name
        if name != "tag":  # the tag page lists headlines too, but a page of its own shape
            assert "환율 급등 뒤 반락" in body and "환율 급등 마감" not in body, name
    for name, path in untouched.items():
        assert varnish.send(path)[1]["X-Cache"] == "hit", name


def test_it_never_serves_nor_stores_a_page_for_signed_in_staff(varnish):
    story = ArticleFactory(headline="태풍 북상 경로 바뀌어")
    path = story.get_absolute_url()
    desk = Client()
    desk.force_login(desk_editor())
    staff_cookie = f"csrftoken=abc; sessionid={desk.cookies['sessionid'].value}"

    status, headers, _ = varnish.send(path, cookie=staff_cookie)
    assert (status, headers["X-Cache"]) == (200, "pass")
    assert "private" in headers["Cache-Control"]
    # The staff response was not stored: the first reader still misses.
    assert varnish.send(path)[1]["X-Cache"] == "miss"
    assert varnish.send(path)[1]["X-Cache"] == "hit"

    rename_behind_the_caches(story, "태풍 북상 경로 다시 바뀌어")
    _, headers, body = varnish.send(path, cookie=staff_cookie)
    assert headers["X-Cache"] == "pass" and "태풍 북상 경로 다시 바뀌어" in body
    _, headers, body = varnish.send(path, cookie="csrftoken=abc")
    assert headers["X-Cache"] == "pass"
    _, headers, body = varnish.send(path)
    assert headers["X-Cache"] == "hit" and "태풍 북상 경로 다시 바뀌어" not in body


def test_it_refuses_purge_from_any_address_but_the_apps(varnish):
    path = ArticleFactory(headline="지하철 요금 인상 확정").get_absolute_url()
    varnish.send(path)

    # 127.0.0.2 is loopback too, but not in the purgers ACL.
    status, _, _ = varnish.send(path, method="PURGE", source="127.0.0.2")
    assert status == 403
    assert varnish.send(path)[1]["X-Cache"] == "hit"

    status, _, _ = varnish.send(path, method="PURGE")
    assert status == 200
    assert varnish.send(path)[1]["X-Cache"] == "miss"
