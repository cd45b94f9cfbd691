"""Absolute URLs follow the port: without SITE_URL, development links point where runserver
answers (`make run PORT=...`); production (DEBUG off) refuses to start without SITE_URL."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsroom.settings import runserver_site_url

PROJECT_DIR = Path(__file__).resolve().parent.parent


def settings_site_url(argv: list[str], **env) -> subprocess.CompletedProcess:
    """SITE_URL as settings compute it in a fresh process started as `manage.py <argv>`."""
    code = (
        f"import sys; sys.argv = {['manage.py', *argv]!r}\n"
        "import newsroom.settings as s; print(s.SITE_URL, s.CSRF_TRUSTED_ORIGINS[0])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "http://127.0.0.1:8000"),
        (["runserver"], "http://127.0.0.1:8000"),
        (["runserver", "18201"], "http://127.0.0.1:18201"),
        (["runserver", "127.0.0.1:18201"], "http://127.0.0.1:18201"),  # what make run passes
        (["runserver", "--noreload", "localhost:8123"], "http://localhost:8123"),
        (["runserver", "0.0.0.0:8124"], "http://127.0.0.1:8124"),
        (["runserver", "[::1]:9000"], "http://[::1]:9000"),
        (["migrate"], "http://127.0.0.1:8000"),
    ],
)
def test_runserver_site_url_follows_the_port(argv, expected):
    assert runserver_site_url(["manage.py", *argv]) == expected


def test_development_settings_follow_the_runserver_port():
    result = settings_site_url(["runserver", "127.0.0.1:18201"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:18201", "http://127.0.0.1:18201"]


def test_a_site_url_that_is_set_wins_over_the_port():
    result = settings_site_url(["runserver", "18201"], SITE_URL="https://news.example.org/")

    assert result.stdout.split()[0] == "https://news.example.org"


def test_production_without_site_url_is_refused_with_a_clear_message():
    result = settings_site_url(["check"], DEBUG="False", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off (production)" in result.stderr
    assert "SITE_URL=https://news.example.org" in result.stderr


def free_port_in_our_range() -> int:
    for port in range(18111, 18120):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 18111-18119")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read().decode()


def test_a_runserver_on_another_port_links_to_that_port(tmp_path):
    """What `make run PORT=…` runs, on a fresh database: every absolute URL names the port."""
    port = free_port_in_our_range()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("SITE_URL", "DEBUG", "REDIS_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["load_demo"]):
        subprocess.run(manage + command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                home = fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("runserver did not answer")
        # The demo story with every part: the one with a feature photo (og:image).
        stories = [fetch(base + path) for path in set(re.findall(r'href="(/news/[^"]+/)"', home))]
        pages = {
            "story": next(page for page in stories if 'property="og:image"' in page),
            "robots": fetch(base + "/robots.txt"),
            "feed": fetch(base + "/feed/rss/"),
            "sitemap": fetch(base + "/sitemap.xml"),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)

    story = pages["story"]
    for pattern in (
        r'<link rel="canonical" href="([^"]+)"',
        r'<meta property="og:url" content="([^"]+)"',
        r'<meta property="og:image" content="([^"]+)"',
    ):
        assert re.search(pattern, story)[1].startswith(base + "/"), pattern
    assert f'"url": "{base}/' in story or f'"@id": "{base}/' in story  # JSON-LD
    assert "127.0.0.1:8000" not in "".join(pages.values())
    assert f"Sitemap: {base}/sitemap.xml" in pages["robots"]
    assert f"<link>{base}/" in pages["feed"]
    assert f"<loc>{base}/" in pages["sitemap"]
