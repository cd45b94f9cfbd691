"""HTTP caching for a CDN and browsers: Cache-Control, ETag, Last-Modified, 304s."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article
from related.models import RelatedEntry
from tests.factories import ArticleFactory, RelatedEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_a_story_page_is_public_for_a_cdn_with_validators_from_the_story(client, settings):
    settings.NEWSROOM_HTTP_MAX_AGE = 0
    settings.NEWSROOM_STORY_CACHE_SECONDS = 600
    story = ArticleFactory()

    response = get(client, story.get_absolute_url())

    control = response["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=600" in control
    assert "stale-while-revalidate=30" in control
    assert response["ETag"].startswith('"c-')  # a digest of the page's bytes
    assert response["Last-Modified"] == http_date(story.date_modified.timestamp())


@pytest.mark.parametrize("cached", [False, True])
def test_a_matching_etag_gets_a_304(client, settings, cached):
    settings.NEWSROOM_PAGE_CACHE = cached
    story = ArticleFactory()
    etag = get(client, story.get_absolute_url())["ETag"]

    response = get(client, story.get_absolute_url(), if_none_match=etag)

    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_a_304_until_the_story_changes(client):
    story = ArticleFactory()
    last_modified = get(client, story.get_absolute_url())["Last-Modified"]

    unchanged = get(client, story.get_absolute_url(), if_modified_since=last_modified)
    Article.objects.filter(pk=story.pk).update(modified_at=timezone.now() + timedelta(minutes=1))
    from django.core.cache import cache

    cache.clear()  # as the publish path would do; the 304 logic is what is tested
    changed = get(client, story.get_absolute_url(), if_modified_since=last_modified)

    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_the_etag_changes_with_what_the_page_shows(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    target = ArticleFactory(section=story.section)
    first = get(client, story.get_absolute_url())["ETag"]
    story.headline = "고친 제목"
    story.save()
    after_save = get(client, story.get_absolute_url())["ETag"]
    entry = RelatedEntryFactory(article=story, target=target, status=RelatedEntry.Status.SUGGESTED)
    with_suggestion = get(client, story.get_absolute_url())["ETag"]
    RelatedEntry.objects.filter(pk=entry.pk).update(status=RelatedEntry.Status.APPROVED)
    after_approval = get(client, story.get_absolute_url())["ETag"]

    assert first != after_save
    assert with_suggestion == after_save  # a suggestion readers do not see changes nothing
    assert after_approval != with_suggestion


@pytest.mark.parametrize(
    "url_name", ["articles:home", "articles:feed-rss", "articles:feed-atom", "sitemap"]
)
def test_lists_and_feeds_answer_conditional_gets(client, url_name):
    ArticleFactory()
    url = reverse(url_name)
    first = get(client, url)

    by_etag = get(client, url, if_none_match=first["ETag"])
    by_date = get(client, url, if_modified_since=first["Last-Modified"])
    other = get(client, url, if_none_match='"something-else"')

    assert first.status_code == 200 and "public" in first["Cache-Control"]
    assert by_etag.status_code == 304 and by_date.status_code == 304
    assert other.status_code == 200
