"""Production serving: gunicorn with gunicorn.conf.py, DEBUG off, whitenoise's hashed static."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.local_servers import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def production_env(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "False",  # plain HTTP on loopback; production sits behind TLS
        "PORT": str(port),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
    }
    env.pop("REDIS_URL", None)
    for command in (
        ["manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        ["manage.py", "migrate", "--noinput", "--run-syncdb", "--verbosity", "0"],
    ):
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True, timeout=300)
    return env, port, tmp_path


def test_gunicorn_serves_pages_and_hashed_static_files(production_env):
    env, port, tmp_path = production_env
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = fetch(f"{base}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(
                        "gunicorn did not answer: " + (tmp_path / "gunicorn.log").read_text()
                    )
                time.sleep(0.2)
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/site.css"]
        css_status, css_headers, css = fetch(f"{base}/static/{hashed}")
        robots_status, _, robots = fetch(f"{base}/robots.txt")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    assert status == 200 and "public" in headers["Cache-Control"]
    assert "<html" in body.decode() and headers["X-Page-Cache"] == "miss"
    assert hashed != "css/site.css" and css_status == 200 and len(css) > 100
    assert "immutable" in css_headers["Cache-Control"]
    assert robots_status == 200 and b"Sitemap:" in robots
    assert server.returncode == 0
