"""Malformed public addresses and parameters are a 400 or 404, never a 500 (issue 14, item 10).

Each case here was a 500 with DEBUG off: an overflowing live cursor, a NUL byte in a slug
(PostgreSQL refuses NUL in text: DataError), and "²", which str.isdigit() calls a digit and
int() refuses. tests/test_security_round2_fuzz.py throws generated addresses at every pattern.
"""

from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from articles.models import PreviewLink
from articles.pagination import make_cursor
from articles.preview import link_url
from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


@pytest.fixture
def story():
    section = CategoryFactory(name="가상 재난", slug="가상-재난")
    article = ArticleFactory(
        headline="가상 해안도시 태풍 북상 실시간",
        slug="가상-태풍-실시간",
        section=section,
        tags=["가상태풍"],
    )
    article.categories.add(section)
    LiveCoverage.objects.create(article=article, started_at=timezone.now() - timedelta(hours=1))
    LiveUpdate.objects.create(article=article, body="가상 해안에 첫 비바람이 닿았습니다.")
    return article


def live_url(story, since):
    return f"{reverse('live:updates', kwargs={'ref': story.pk})}?since={since}"


@pytest.mark.parametrize(
    "since",
    [
        "999999999999999999-1",  # past datetime's year 9999: OverflowError
        "99999999999999999999999-1",
        "1-99999999999999999999999",  # past a bigint
        "%C2%B2-1",  # "²".isdigit() is true
        "%D9%A3-1",  # Arabic-Indic three: int() reads it, no cursor ever has it
        "1_000-1",
        "-1-1",
    ],
)
def test_it_refuses_a_live_cursor_it_cannot_read_with_a_400(client, story, since):
    response = client.get(live_url(story, since))

    assert response.status_code == 400
    assert "since=" in response.json()["error"]


def test_a_cursor_the_page_was_given_still_works(client, story):
    first = client.get(live_url(story, "")).json()

    again = client.get(live_url(story, first["cursor"]))

    assert again.status_code == 200 and again.json()["updates"] == []


CONTROL_PATHS = [
    "/news/%00/",
    "/news/%EA%B0%80%00/",
    "/news/a%01b/",
    "/news/%7F/",
    "/news/%C2%85/",  # NEL, a C1 control
    "/tag/%00/",
    "/tag/%EA%B0%80%EC%83%81%ED%83%9C%ED%92%8D%00/",  # the real tag's slug and a NUL
    "/section/%00/",
    "/section/%00/feed/rss/",
    "/section/%00/feed/atom/",
    "/live/%00/updates",
    "/live/1%00/updates",
    "/preview/%00/",
]


@pytest.mark.parametrize("path", CONTROL_PATHS)
def test_it_answers_404_to_a_control_character_in_an_address(client, story, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", CONTROL_PATHS)
def test_the_resolver_refuses_control_characters_before_any_view_runs(path):
    with pytest.raises(Resolver404):
        resolve(unquote(path))


@pytest.mark.parametrize(
    "ref",
    [
        "%C2%B2",  # int("²") raised ValueError
        "%D9%A3",  # read as id 3 before
        "%EF%BC%91",  # full-width one
        "99999999999999999999999",
        "0",
    ],
)
def test_it_answers_404_to_a_live_story_id_that_is_not_one(client, story, ref):
    response = client.get(f"/live/{ref}/updates")

    assert response.status_code == 404


def test_a_live_story_is_still_found_by_id_and_by_slug(client, story):
    by_id = client.get(reverse("live:updates", kwargs={"ref": story.pk}))
    by_slug = client.get(reverse("live:updates", kwargs={"ref": story.slug}))

    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json()["updates"] == by_slug.json()["updates"] != []


@pytest.mark.parametrize("name", ["articles:tag", "articles:section"])
@pytest.mark.parametrize(
    "query",
    [
        "after=99999999999999999999-1",
        "after=1-99999999999999999999999",
        "before=999999999999999999-999999999999999999",
        "after=%C2%B2-1",
        "before=%D9%A3-1",
        "after=1_000-1",
        "after=%201-1",
        "before=-1-1",
        "after=" + "9" * 5000,
    ],
)
def test_it_answers_404_to_a_list_cursor_it_cannot_read(client, story, name, query):
    slug = story.tags.first().slug if name == "articles:tag" else story.section.slug

    response = client.get(f"{reverse(name, kwargs={'slug': slug})}?{query}")

    assert response.status_code == 404


def test_a_list_cursor_the_page_links_to_still_works(client, story):
    older = ArticleFactory(published_at=story.published_at - timedelta(hours=1), tags=["가상태풍"])
    url = reverse("articles:tag", kwargs={"slug": story.tags.first().slug})

    response = client.get(f"{url}?after={make_cursor(story)}")

    assert response.status_code == 200
    assert older.headline in response.content.decode()
    assert story.headline not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "%EA%B0%80" * 3000,
        "q=%FF%FE",
        "q=%C2%B2%C2%B2",
        "page=99999999999999999999999",
        "page=-1",
        "page=%C2%B2",
        "q=%EA%B0%80%EC%83%81&page=1e400",
    ],
)
def test_search_answers_any_query_string_without_an_error(client, story, query):
    assert client.get(f"{reverse('articles:search')}?{query}").status_code == 200


@pytest.mark.parametrize("query", ["p=99999999999999999999999", "p=%C2%B2", "p=-1"])
def test_the_sitemap_answers_404_to_a_page_it_does_not_have(client, story, query):
    assert client.get(f"{reverse('sitemap')}?{query}").status_code == 404


@pytest.mark.parametrize("token", ["%00", "a" * 300, "1:abc", "%C2%B2:%00", "..%2F..%2F"])
def test_a_preview_token_that_is_not_one_is_a_404(client, story, token):
    assert client.get(f"/preview/{token}/").status_code == 404


def test_a_real_preview_link_still_opens(client, story):
    link = PreviewLink.objects.create(article=story, expires_at=timezone.now() + timedelta(hours=1))

    response = client.get(urlsplit(link_url(link)).path)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/live/{pk}/updates?since=%00",
        "/live/{pk}/updates?since=1-1%00",
        "/tag/{tag}/?after=%00",
        "/section/{section}/?after=%00",
        "/search/?q=%00%00",
        "/search/?q=%EA%B0%80%00%EB%82%98",
        "/search/?page=%00",
        "/sitemap.xml?p=%00",
    ],
)
def test_a_nul_byte_in_any_query_string_is_a_400_before_any_view(client, story, address):
    # One rule for every view (newsroom.bad_requests): no query value may hold a NUL byte.
    url = address.format(pk=story.pk, tag=story.tags.first().slug, section=story.section.slug)
    response = client.get(url)

    assert response.status_code == 400
    assert "NUL 문자" in response.content.decode()
