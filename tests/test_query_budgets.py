"""Query budgets of every public page: the same count for 1 and for 50 of everything.

Measured with the page cache off (every request renders) and after one warm-up request
(the outlet's settings are cached after the first page).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.story_parts import related_targets, rich_story

pytestmark = pytest.mark.django_db

# Upper bounds; the real assertion is that the count does not grow with the content.
STORY_BUDGET = 10
LIST_BUDGETS = {
    "home": 8,
    "section": 5,
    "tag": 5,
    "search": 5,
    "feed-rss": 4,
    "feed-atom": 4,
    "section-feed-rss": 5,
    "sitemap": 6,
    "sitemap-news": 4,
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False


def queries_for(client, url) -> tuple[int, object]:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def test_the_story_page_costs_the_same_with_1_and_50_of_every_part(client):
    small, large = rich_story(1), rich_story(50, headline="큰 기사")

    small_count, _ = queries_for(client, small.get_absolute_url())
    large_count, response = queries_for(client, large.get_absolute_url())

    html = response.content.decode()
    assert html.count('property="article:tag"') == 50  # everything was really rendered
    assert html.count("참석자 24") >= 2 and "요약 49" in html and 'class="hl-red"' in html
    assert large_count == small_count <= STORY_BUDGET


def list_url(name, section):
    if name in ("section", "section-feed-rss"):
        return reverse(f"articles:{name}", args=[section.slug])
    if name == "tag":
        return reverse("articles:tag", args=["태그0"])
    if name == "search":
        return reverse("articles:search") + "?q=정상회담"
    if name.startswith("sitemap"):
        return reverse(name)
    return reverse(f"articles:{name}")


def build_list(story_count: int, parts: int):
    targets = related_targets(parts)
    stories = [
        rich_story(parts, headline=f"정상회담 기사 {i}", targets=targets)
        for i in range(story_count)
    ]
    return stories[0].section, stories[-1]


@pytest.mark.parametrize("name", list(LIST_BUDGETS))
def test_list_pages_cost_the_same_for_1_and_50_stories_with_1_and_50_parts(client, name):
    section, _ = build_list(1, 1)
    one_count, _ = queries_for(client, list_url(name, section))

    _, newest = build_list(49, 50)  # now 50 stories, most with 50 of everything
    many_count, response = queries_for(client, list_url(name, section))

    assert newest.get_absolute_url() in response.content.decode()  # the list was rendered
    assert many_count == one_count <= LIST_BUDGETS[name]
