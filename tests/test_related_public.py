"""The "발견" list on the public story page: order, limit, backfill, no broken links, cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from outlet.models import OutletSettings
from related.models import RelatedEntry
from tests.factories import ArticleFactory, RelatedEntryFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

RELATED = re.compile(r'<section class="story-related".*?</section>', re.S)


def related_titles(client, article) -> list[str]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    found = RELATED.search(response.content.decode())
    return re.findall(r"<a [^>]*>([^<]*)</a>", found.group(0)) if found else []


def outlet(**values):
    settings = OutletSettings.current()
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


def entry(article, headline, **kwargs):
    return RelatedEntryFactory(article=article, target=ArticleFactory(headline=headline), **kwargs)


def test_pinned_first_then_approved_in_order_up_to_the_limit(client):
    outlet(related_limit=3)
    story = ArticleFactory()
    entry(story, "둘째", position=1)
    entry(story, "첫째", position=0)
    entry(story, "고정", position=5, pinned=True)
    entry(story, "넷째", position=3)
    entry(story, "거절", position=0, status=RelatedEntry.Status.REJECTED)
    entry(story, "대기", position=0, status=RelatedEntry.Status.SUGGESTED)

    assert related_titles(client, story) == ["고정", "첫째", "둘째"]


def test_external_links_show_and_awaiting_headlines_do_not(client):
    story = ArticleFactory()
    RelatedEntry.objects.create(article=story, url="https://example.com/a", title="외부 해설")
    RelatedEntry.objects.create(
        article=story,
        title="아직 찾지 못한 제목",
        status=RelatedEntry.Status.SUGGESTED,
        origin=RelatedEntry.Origin.IMPORTED,
    )
    page = client.get(story.get_absolute_url()).content.decode()
    assert related_titles(client, story) == ["외부 해설"]
    assert 'href="https://example.com/a"' in page


def test_without_backfill_only_approved_entries_show(client):
    story = ArticleFactory()
    entry(story, "승인")
    SuggestionFactory(article=story, target=ArticleFactory(headline="추천"), score=0.9)
    assert related_titles(client, story) == ["승인"]


def test_backfill_adds_the_best_suggestions_but_never_rejected_or_unpublished(client):
    outlet(related_backfill=True, related_limit=4)
    story = ArticleFactory()
    entry(story, "승인")
    SuggestionFactory(article=story, target=ArticleFactory(headline="추천 보통"), score=0.4)
    SuggestionFactory(article=story, target=ArticleFactory(headline="추천 최고"), score=0.9)
    SuggestionFactory(
        article=story,
        target=ArticleFactory(headline="추천 비공개", status=Article.Status.UNPUBLISHED),
        score=0.95,
    )
    SuggestionFactory(
        article=story,
        target=ArticleFactory(headline="거절됨"),
        score=0.99,
        status=RelatedEntry.Status.REJECTED,
    )
    SuggestionFactory(article=story, target=story, score=1.0)  # itself, however it got there
    SuggestionFactory(article=story, target=ArticleFactory(headline="추천 낮음"), score=0.1)

    assert related_titles(client, story) == ["승인", "추천 최고", "추천 보통", "추천 낮음"]

    outlet(related_limit=2)
    assert related_titles(client, story) == ["승인", "추천 최고"]


def test_an_entry_whose_story_is_unpublished_later_disappears(client):
    story = ArticleFactory()
    gone = entry(story, "곧 내려갈 기사")
    entry(story, "남는 기사")
    assert related_titles(client, story) == ["곧 내려갈 기사", "남는 기사"]

    gone.target.status = Article.Status.UNPUBLISHED
    gone.target.save()
    titles = related_titles(client, story)
    assert titles == ["남는 기사"]
    assert (
        gone.target.get_absolute_url() not in client.get(story.get_absolute_url()).content.decode()
    )


def test_no_list_at_all_when_nothing_is_public(client):
    story = ArticleFactory()
    RelatedEntryFactory(
        article=story, target=ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    )
    page = client.get(story.get_absolute_url()).content.decode()
    assert "story-related" not in page


@pytest.mark.parametrize("backfill", [False, True])
def test_rendering_costs_the_same_queries_for_1_and_30_entries(
    client, django_assert_num_queries, backfill
):
    outlet(related_backfill=backfill, related_limit=50)
    short, long = ArticleFactory(), ArticleFactory()
    entry(short, "하나")
    for i in range(30):
        factory = SuggestionFactory if backfill and i % 2 else RelatedEntryFactory
        factory(article=long, target=ArticleFactory(headline=f"관련 {i}"), position=i)
    client.get(short.get_absolute_url())  # warm caches (outlet settings, palette)

    with CaptureQueriesContext(connection) as one:
        assert len(related_titles(client, short)) == 1
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(related_titles(client, long)) == 30
