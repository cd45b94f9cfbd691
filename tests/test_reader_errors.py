"""The 404 and 500 pages: in Korean, in the site's layout; the 500 page without the database."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import path

from newsroom.outage import ordinary_server_error as server_error
from newsroom.urls import urlpatterns as site_urlpatterns
from tests.factories import ArticleFactory


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken_view), *site_urlpatterns]
handler500 = "newsroom.outage.ordinary_server_error"


@pytest.mark.django_db
def test_a_missing_page_is_a_korean_404_in_the_sites_layout(client):
    response = client.get("/news/없는-기사/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in html
    assert '<html lang="ko">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'role="search"' in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_reader_errors")
def test_an_error_is_a_korean_500_in_the_sites_layout():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "잠시 문제가 생겼습니다" in html
    assert 'class="site-header"' in html and "뉴스룸" in html


def test_the_500_page_renders_without_touching_the_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    monkeypatch.setattr(connection, "ensure_connection", no_database)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "잠시 문제가 생겼습니다" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_answer_head_requests_like_get(client):
    """Monitors and CDNs check pages with HEAD; it must not be refused as a wrong method."""
    story = ArticleFactory()

    for url in ("/", story.get_absolute_url(), "/search/?q=테스트"):
        response = client.head(url)
        assert response.status_code == 200, url
