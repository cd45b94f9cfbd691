"""Which stories a section's page and feeds list: every story whose 섹션 is that section, plus
the stories cross-listed there through 카테고리 (Article.objects.in_section)."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from reader.views import LIST_PAGE_SIZE
from tests.desk_helpers import change_form_data, change_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def economy():
    return Category.objects.create(name="경제")


@pytest.fixture
def asia():
    return Category.objects.create(name="아시아")


def filed_only_under(section, **fields) -> Article:
    """A story whose 섹션 is section and whose 카테고리 is empty, as the admin form saves it."""
    story = ArticleFactory(section=section, **fields)
    story.categories.clear()
    return story


def section_page_headlines(client, section, **params) -> list[str]:
    response = client.get(reverse("articles:section", args=[section.slug]), params)
    assert response.status_code == 200
    return [story.headline for story in response.context["page"].articles]


def feed_titles(client, section) -> tuple[list[str], list[str]]:
    rss = client.get(reverse("articles:section-feed-rss", args=[section.slug]))
    atom = client.get(reverse("articles:section-feed-atom", args=[section.slug]))
    channel = ET.fromstring(rss.content).find("channel")  # noqa: S314 - our own output
    feed = ET.fromstring(atom.content)  # noqa: S314 - our own output
    return (
        [item.findtext("title") for item in channel.findall("item")],
        [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")],
    )


def test_it_lists_a_story_filed_only_under_its_section(client, economy):
    story = filed_only_under(economy, headline="금리 동결 발표")
    assert not story.categories.exists()

    assert section_page_headlines(client, economy) == ["금리 동결 발표"]
    assert feed_titles(client, economy) == (["금리 동결 발표"], ["금리 동결 발표"])


def test_it_lists_stories_cross_listed_through_categories_and_each_once(client, economy, asia):
    filed = filed_only_under(economy, headline="경제 섹션 기사")
    crossed = ArticleFactory(section=asia, headline="아시아 기사, 경제에도 게재")
    crossed.categories.add(economy)
    both = ArticleFactory(section=economy, headline="두 방법 모두로 경제")
    both.categories.add(economy, asia)
    ArticleFactory(section=asia, headline="아시아에만 있는 기사")
    Article.objects.filter(pk=filed.pk).update(published_at=timezone.now() - timedelta(hours=3))
    Article.objects.filter(pk=crossed.pk).update(published_at=timezone.now() - timedelta(hours=2))

    expected = ["두 방법 모두로 경제", "아시아 기사, 경제에도 게재", "경제 섹션 기사"]
    assert section_page_headlines(client, economy) == expected
    assert feed_titles(client, economy) == (expected, expected)
    assert list(Article.objects.in_section(economy).order_by("-published_at")) == [
        both,
        crossed,
        filed,
    ]
    # The cross-listing leaves the story's own section alone.
    assert "아시아 기사, 경제에도 게재" in section_page_headlines(client, asia)


def test_keyset_pages_of_a_section_neither_repeat_nor_skip(client, economy, asia):
    now = timezone.now()
    for n in range(LIST_PAGE_SIZE + 5):
        kind = n % 3
        story = ArticleFactory(
            section=economy if kind != 1 else asia,
            headline=f"경제 {n:02d}",
            published_at=now - timedelta(minutes=n),
        )
        if kind == 0:
            story.categories.clear()  # filed under 경제 only
        else:
            story.categories.add(economy)  # cross-listed (and, for kind 2, filed there too)
    first = client.get(reverse("articles:section", args=[economy.slug])).context["page"]
    second = client.get(
        reverse("articles:section", args=[economy.slug]), {"after": first.next_cursor}
    ).context["page"]

    headlines = [story.headline for story in first.articles + second.articles]
    assert headlines == [f"경제 {n:02d}" for n in range(LIST_PAGE_SIZE + 5)]
    assert second.next_cursor is None


def test_the_sitemap_lists_a_section_whose_stories_are_only_filed_under_it(client, economy):
    filed_only_under(economy)

    xml = client.get(reverse("sitemap")).content.decode()

    assert (
        f"<loc>{settings.SITE_URL}{reverse('articles:section', args=[economy.slug])}</loc>" in xml
    )


def test_a_story_saved_in_the_admin_with_no_categories_is_on_its_section_page(
    editor_client, client, economy, asia
):
    story = ArticleFactory(section=asia, headline="섹션을 바꾼 기사")

    response = editor_client.post(
        change_url(story), change_form_data(story, section=economy.pk, categories=[])
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.section == economy
    client.logout()
    assert "섹션을 바꾼 기사" in section_page_headlines(client, economy)


def test_the_story_form_says_which_field_does_what(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()

    assert "기사의 대표 섹션입니다." in html
    assert "이 섹션의 페이지와 피드에 실립니다" in html
    assert "대표 섹션 말고도 이 기사를 함께 실을 섹션입니다." in html


def test_the_cross_listings_are_indexed_by_section_then_story():
    """in_section's check of each story against the section's cross-listings reads an index
    (articles.0017) instead of the section's rows in the table."""
    table = Article.categories.through._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)

    assert any(
        c["index"] and c["columns"] == ["category_id", "article_id"] for c in constraints.values()
    )
