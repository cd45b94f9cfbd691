"""Security headers on every response, the editor's import map under CSP, and check --deploy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.status_code} response without Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    script_src = directives.get("script-src", directives.get("default-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_public_pages_feeds_and_errors_carry_the_headers(client):
    article = ArticleFactory(tags=["보안"])
    urls = [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": article.tags.get().slug}),
        reverse("articles:search") + "?q=기사",
        reverse("articles:feed-rss"),
        reverse("sitemap"),
        reverse("robots-txt"),
        reverse("articles:palette-css"),
        "/news/없는-기사/",
        reverse("admin:login"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_security_headers(response)


def test_admin_pages_carry_the_headers(client):
    client.force_login(UserFactory(username="headers-admin", is_superuser=True))
    article = ArticleFactory()
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_the_editors_import_map_carries_the_responses_nonce(client):
    client.force_login(UserFactory(username="nonce-admin", is_superuser=True))
    response = client.get(reverse("admin:articles_article_add"))
    nonces = [v for v in csp_directives(response)["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    import_maps = re.findall(r'<script type="importmap"[^>]*>', html)
    assert import_maps == [f'<script type="importmap" nonce="{nonce}">']
    # Every other script is a file of our origin: nothing inline runs without the nonce.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag


def test_each_response_gets_a_fresh_nonce(client):
    client.force_login(UserFactory(username="nonce-admin2", is_superuser=True))
    url = reverse("admin:articles_article_add")
    first, second = (csp_directives(client.get(url))["script-src"] for _ in range(2))
    assert set(first) != set(second)


def production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_", "SECURE_")) and key != "DATABASE_URL"
    }
    env.update(
        DEBUG="False",
        SECRET_KEY="k3y-" + "Zq8!xV2#mP9$wL4^tR7&nB1*cF6(hJ3)yD5@sG0" * 2,
        ALLOWED_HOSTS="news.example.org",
        SITE_URL="https://news.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        **extra,
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRODUCTION_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="news.example.org")
secure = client.get("/robots.txt", secure=True)
plain = client.get("/robots.txt")
print(json.dumps({
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "secure_status": secure.status_code,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "plain_hsts": plain.headers.get("Strict-Transport-Security"),
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY],
}))
"""


def test_production_serves_https_only_with_hsts_and_secure_cookies(tmp_path):
    import json

    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=PROJECT_DIR,
        env=production_env(tmp_path, DJANGO_SETTINGS_MODULE="newsroom.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://news.example.org/robots.txt"
    assert probe["plain_hsts"] is None  # HSTS only over HTTPS, as browsers require
    assert probe["cookies"] == [True, True, True, True]


def test_development_settings_do_not_force_https(client, settings):
    assert settings.DEBUG or not settings.SECURE_SSL_REDIRECT
    response = client.get(reverse("robots-txt"))
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
