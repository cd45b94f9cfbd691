"""The database goes away: readers get a 503 in the site's layout, and the site comes back by
itself when the database does.

The outage is real: the default connection is pointed at a PostgreSQL port where nothing
listens (connection refused) or, on SQLite, at a file that cannot be opened. The shared
PostgreSQL server itself is never touched.
"""

import socket
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from newsroom.outage import is_outage
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port with nothing listening on it: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable(settings_dict: dict, tmp_path) -> dict:
    if settings_dict["ENGINE"].endswith("postgresql"):
        return {**settings_dict, "HOST": "127.0.0.1", "PORT": str(closed_port())}
    return {**settings_dict, "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3")}


@contextmanager
def database_down(tmp_path):
    """The default alias, for this thread, as a connection to a database that is not there.

    Yields the connection and the real settings: putting those back on the same connection
    object models the database returning (the connection then reconnects by itself).
    """
    real = connections["default"]
    down = real.__class__(unreachable(real.settings_dict, tmp_path), "default")
    connections["default"] = down
    try:
        yield down, dict(real.settings_dict)
    finally:
        down.close()
        connections["default"] = real


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "잠시 기사를 불러올 수 없습니다" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # the site layout
    assert "Traceback" not in html and "OperationalError" not in html
    assert "Content-Security-Policy" in response.headers


# Committed data: the returning connection is a second one to the test database, and must
# see the story (and on SQLite not wait on the first connection's open transaction).
@pytest.mark.django_db(transaction=True)
def test_readers_get_a_503_and_the_site_recovers_by_itself(client, tmp_path):
    article = ArticleFactory(headline="복구 뒤에 보일 가상 기사")
    pages = [reverse("articles:home"), article.get_absolute_url(), reverse("articles:search")]

    with database_down(tmp_path) as (connection, real_settings):
        for url in pages:
            assert_outage_page(client.get(url, {"q": "가상"}))
        # The database returns: the next request connects again, with no restart.
        connection.settings_dict = real_settings
        response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        assert connection.connection is not None

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "복구 뒤에 보일 가상 기사" in response.content.decode()


def test_the_admin_and_errors_from_middleware_get_the_503_too(client, tmp_path):
    user = UserFactory(username="outage-desk", is_superuser=True)
    client.force_login(user)
    with database_down(tmp_path):
        # The session and the user are read by middleware and lazily by the admin view.
        assert_outage_page(client.get(reverse("admin:index")))
        assert_outage_page(client.post(reverse("admin:login"), {"username": "x", "password": "y"}))


def test_a_bug_in_a_query_is_not_taken_for_an_outage():
    """Only an unreachable database is a 503; a query that is wrong is a server error."""
    connections["default"].ensure_connection()
    assert is_outage(OperationalError("no such table: missing")) is False
    assert is_outage(ValueError("not a database error")) is False
