"""The sitemap, the Google News sitemap and robots.txt, parsed back and checked."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITE = "http://127.0.0.1:8000"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return root, [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_the_sitemap_lists_published_stories_and_their_sections(client):
    asia = CategoryFactory(name="아시아")
    CategoryFactory(name="빈 섹션")
    story = ArticleFactory(section=asia)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    _, urls = locations(client, reverse("sitemap"))

    assert SITE + story.get_absolute_url() in urls
    assert SITE + reverse("articles:section", args=[asia.slug]) in urls
    assert SITE + draft.get_absolute_url() not in urls
    assert not any("%EB%B9%88" in url for url in urls)  # 빈 섹션 has no stories


def test_the_news_sitemap_lists_the_last_two_days_with_korean_publication_data(client):
    now = timezone.now()
    fresh = ArticleFactory(headline="북한 <속보> & 회담", published_at=now - timedelta(hours=3))
    old = ArticleFactory(published_at=now - timedelta(days=2, minutes=1))
    ArticleFactory(status=Article.Status.SCHEDULED, published_at=now + timedelta(hours=1))

    root, urls = locations(client, reverse("sitemap-news"))

    assert urls == [SITE + fresh.get_absolute_url()]
    assert SITE + old.get_absolute_url() not in urls
    news = root.find(f"{SITEMAP}url/{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "뉴스룸"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "ko"
    assert news.findtext(f"{NEWS}title") == "북한 <속보> & 회담"
    published = news.findtext(f"{NEWS}publication_date")
    assert published.endswith("+09:00")
    expected = timezone.localtime(fresh.published_at).replace(microsecond=0)
    assert published == expected.isoformat()


def test_the_news_sitemap_holds_at_most_1000_urls(client):
    now = timezone.now()
    story = ArticleFactory(published_at=now)
    Article.objects.bulk_create(
        Article(
            headline=f"기사 {i}",
            slug=f"story-{i}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(seconds=i + 1),
            section=story.section,
        )
        for i in range(1005)
    )

    _, urls = locations(client, reverse("sitemap-news"))

    assert len(urls) == 1000
    assert urls[0] == SITE + story.get_absolute_url()


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
