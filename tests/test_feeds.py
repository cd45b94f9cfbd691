"""RSS 2.0 and Atom feeds, parsed back: items, excerpt, enclosure, stable guid, sections."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, make_photo

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    return feed, feed.findall(f"{ATOM}entry")


@pytest.fixture
def story():
    return ArticleFactory(
        headline="북한 <외무상> 방한",
        excerpt="외무상이 서울을 찾았다.",
        feature_photo=make_photo(size=(1600, 900)),
        published_at=timezone.now() - timedelta(hours=1),
    )


def test_it_lists_published_stories_newest_first_with_excerpt_and_enclosure(client, story):
    newer = ArticleFactory(
        headline="더 새 기사", published_at=timezone.now() - timedelta(minutes=1)
    )
    ArticleFactory(headline="초안", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(
        headline="예약",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )

    channel, items = rss_items(client, reverse("articles:feed-rss"))

    assert channel.findtext("language") == "ko"
    # RSS readers take titles as HTML: plain text goes in HTML-escaped.
    assert [item.findtext("title") for item in items] == ["더 새 기사", "북한 &lt;외무상&gt; 방한"]
    item = items[1]
    assert item.findtext("link") == f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert item.findtext("description") == "외무상이 서울을 찾았다."
    enclosure = item.find("enclosure")
    share = story.feature_photo.renditions.get(width=1200, format="jpeg")
    assert enclosure.get("url") == f"http://127.0.0.1:8000{share.file.url}"
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == share.file.size > 0
    assert item.find("guid").get("isPermaLink") == "false"
    assert newer.get_absolute_url() in items[0].findtext("link")


def test_an_items_guid_never_changes_when_the_story_is_edited(client, story):
    (_, before), (_, atom_before) = (
        rss_items(client, reverse("articles:feed-rss")),
        atom_entries(client, reverse("articles:feed-atom")),
    )

    story.headline = "북한 외무상 방한 (수정)"
    story.slug = "고친-슬러그"
    story.save()
    (_, after), (_, atom_after) = (
        rss_items(client, reverse("articles:feed-rss")),
        atom_entries(client, reverse("articles:feed-atom")),
    )

    assert after[0].findtext("guid") == before[0].findtext("guid")
    assert after[0].findtext("guid").startswith("tag:127.0.0.1,")
    assert atom_after[0].findtext(f"{ATOM}id") == atom_before[0].findtext(f"{ATOM}id")
    assert after[0].findtext("title") == "북한 외무상 방한 (수정)"


def test_the_atom_feed_has_entries_with_summary_and_enclosure_link(client, story):
    feed, entries = atom_entries(client, reverse("articles:feed-atom"))

    assert feed.findtext(f"{ATOM}title") == "뉴스룸"
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == "북한 <외무상> 방한"
    assert entry.findtext(f"{ATOM}summary") == "외무상이 서울을 찾았다."
    enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
    share = story.feature_photo.renditions.get(width=1200, format="jpeg")
    assert enclosure.get("href") == f"http://127.0.0.1:8000{share.file.url}"
    assert entry.findtext(f"{ATOM}published").endswith("+09:00")


def test_section_feeds_hold_only_that_sections_stories(client):
    asia = CategoryFactory(name="아시아")
    in_asia = ArticleFactory(headline="아시아 기사", section=asia)
    ArticleFactory(headline="다른 섹션 기사")

    rss_channel, items = rss_items(client, reverse("articles:section-feed-rss", args=[asia.slug]))
    _, entries = atom_entries(client, reverse("articles:section-feed-atom", args=[asia.slug]))

    assert rss_channel.findtext("title") == "뉴스룸 - 아시아"
    assert [item.findtext("title") for item in items] == [in_asia.headline]
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [in_asia.headline]
    assert client.get("/section/없는섹션/feed/rss/").status_code == 404


@pytest.mark.parametrize("name", ["articles:home", "articles:search"])
def test_every_page_links_its_feeds_as_alternates(client, name):
    html = client.get(reverse(name)).content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{reverse("articles:feed-rss")}"' in html
    assert f'href="{reverse("articles:feed-atom")}"' in html


def test_a_section_page_also_links_its_own_feeds(client):
    asia = CategoryFactory(name="아시아")

    html = client.get(reverse("articles:section", args=[asia.slug])).content.decode()

    assert f'href="{reverse("articles:section-feed-rss", args=[asia.slug])}"' in html
    assert f'href="{reverse("articles:section-feed-atom", args=[asia.slug])}"' in html
