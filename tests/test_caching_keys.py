"""Page-cache keys hold only the query parameters a view reads (issue 14, item 11).

Before, a list's key was its full path with the query string, so /?a=1, /?a=2, ... each
rendered from the database and took a cache entry of their own: a cheap way to flood both.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

from articles.pagination import make_cursor
from delivery import page_cache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


def stored_pages() -> int:
    """Page entries in the local-memory cache (tests run without Redis)."""
    return sum(":page:" in key for key in cache._cache)


def test_junk_parameters_are_one_cache_entry_served_without_the_database(
    client, django_assert_num_queries
):
    ArticleFactory(headline="가상 항구 재개장")
    first = client.get("/?a=1")
    entries = stored_pages()

    with django_assert_num_queries(0):
        responses = [client.get(f"/?a={n}&utm_source=x{n}") for n in range(2, 12)]

    assert first["X-Page-Cache"] == "miss" and "가상 항구 재개장" in first.content.decode()
    assert {response["X-Page-Cache"] for response in responses} == {"hit"}
    assert {response.content for response in responses} == {first.content}
    assert stored_pages() == entries == 1


@pytest.mark.parametrize(
    "url",
    ["/feed/rss/", "/feed/atom/", "/sitemap.xml", "/sitemap-news.xml"],
)
def test_feeds_and_sitemaps_ignore_junk_parameters(client, url):
    ArticleFactory()
    client.get(url)

    response = client.get(f"{url}?cachebuster=1")

    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_the_sitemap_page_still_varies_the_key(client):
    """Django's sitemap view reads ?p=: a page past the last one is a 404, not page 1."""
    ArticleFactory()
    client.get("/sitemap.xml")

    assert client.get("/sitemap.xml?p=2").status_code == 404


def test_the_search_query_still_varies_the_key_and_junk_does_not(client):
    ArticleFactory(headline="정상회담 개최 합의")
    ArticleFactory(headline="금리 동결 결정")
    url = reverse("articles:search")

    summit = client.get(f"{url}?q=정상회담")
    summit_junk = client.get(f"{url}?utm_campaign=x&q=정상회담&ref=feed")
    repeated = client.get(f"{url}?q=금리&q=정상회담")  # a view reads the last value
    rates = client.get(f"{url}?q=금리")

    assert summit["X-Page-Cache"] == "miss" and rates["X-Page-Cache"] == "miss"
    assert summit_junk["X-Page-Cache"] == repeated["X-Page-Cache"] == "hit"
    # Results mark the matched terms (<mark>금리</mark>), so compare the rest of the headline.
    assert "동결 결정" in rates.content.decode()
    assert "동결 결정" not in summit_junk.content.decode()


def test_the_search_page_number_varies_the_key(client):
    for n in range(25):
        ArticleFactory(headline=f"가상 태풍 피해 집계 {n}")
    url = reverse("articles:search")

    first = client.get(f"{url}?q=태풍")
    second = client.get(f"{url}?q=태풍&page=2&junk=1")

    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    assert first.content != second.content


def test_a_list_cursor_varies_the_key_and_junk_beside_it_does_not(client):
    newer = ArticleFactory(headline="가상 태풍 상륙", tags=["가상태풍"])
    older = ArticleFactory(
        headline="가상 태풍 발생",
        tags=["가상태풍"],
        published_at=newer.published_at - timedelta(hours=2),
    )
    url = reverse("articles:tag", kwargs={"slug": newer.tags.first().slug})
    client.get(url)

    after = client.get(f"{url}?after={make_cursor(newer)}")
    after_junk = client.get(f"{url}?x=1&after={make_cursor(newer)}")

    assert after["X-Page-Cache"] == "miss" and after_junk["X-Page-Cache"] == "hit"
    assert older.headline in after.content.decode()
    assert newer.headline not in after.content.decode()


def test_an_empty_parameter_is_the_page_without_it(client):
    ArticleFactory(tags=["가상태풍"])
    url = reverse("articles:tag", kwargs={"slug": "가상태풍"})
    client.get(url)

    assert client.get(f"{url}?after=&before=")["X-Page-Cache"] == "hit"


def test_a_view_sees_only_the_parameters_it_declares(rf):
    seen = []

    @page_cache.cached_page(page_cache.LIST, params=("q", "page"))
    def listing(request):
        seen.append(request.GET.dict())
        return HttpResponse("목록")

    listing(rf.get("/목록/", {"page": "2", "utm_source": "x", "q": "가상"}))

    assert seen == [{"q": "가상", "page": "2"}]
    assert listing.query_parameters == ("q", "page")


def test_a_story_page_cannot_declare_parameters():
    """Its key is the slug alone: a parameter it read would be served to every reader."""
    with pytest.raises(ValueError, match="slug alone"):
        page_cache.cached_page(page_cache.STORY, params=("page",))
