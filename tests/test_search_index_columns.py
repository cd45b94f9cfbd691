"""Search at scale: the index keeps a copy of each story's status and publish time, so a search
filters and orders its matches in the index alone (search.engine.SearchResults)."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from newsroom import roles
from search import engine
from search.engine import Query, search_articles
from search.models import ArticleSearchIndex
from tests.factories import ArticleFactory, user_with_role
from tests.migration_steps import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db


def stories_of(ids):
    """The stories of a search's ids (SearchResults gives ids; the page's cards are stored)."""
    stories = Article.objects.in_bulk(ids)
    return [stories[pk] for pk in ids]


def found(text):
    return stories_of(list(search_articles(Query.parse(text))))


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def copied(story) -> dict:
    row = ArticleSearchIndex.objects.get(article=story)
    return {name: getattr(row, name) for name in ArticleSearchIndex.STORY_FIELDS}


def assert_in_sync(story):
    story.refresh_from_db()
    assert copied(story) == {name: getattr(story, name) for name in ArticleSearchIndex.STORY_FIELDS}


@pytest.fixture
def editor():
    return user_with_role(roles.EDITOR, "desk-search")


def test_the_copy_follows_the_story_through_schedule_publish_unpublish_and_delete(editor):
    story = ArticleFactory(
        headline="가상 항만 파업 협상", status=Article.Status.DRAFT, published_at=None
    )
    assert_in_sync(story)
    assert found("파업") == []

    later = timezone.now() + timedelta(hours=3)
    workflow.schedule(story, editor, later)
    assert_in_sync(story)
    assert copied(story) == {"status": Article.Status.SCHEDULED, "published_at": later}
    assert found("파업") == []

    sooner = timezone.now() + timedelta(hours=1)
    workflow.schedule(story, editor, sooner)  # rescheduled
    assert_in_sync(story)
    assert copied(story)["published_at"] == sooner

    workflow.publish_now(story, editor)
    assert_in_sync(story)
    assert copied(story)["status"] == Article.Status.PUBLISHED
    assert found("파업") == [story]

    workflow.unpublish(story, editor)
    assert_in_sync(story)
    assert copied(story)["status"] == Article.Status.UNPUBLISHED
    assert found("파업") == []

    story.delete()
    assert not ArticleSearchIndex.objects.filter(article_id=story.pk).exists()


def test_an_edit_of_the_publish_time_is_copied_and_reorders_the_results():
    older = ArticleFactory(headline="가상 태풍 북상", published_at=ago(60))
    newer = ArticleFactory(headline="가상 태풍 소멸", published_at=ago(10))
    assert found("태풍") == [newer, older]

    older.published_at = ago(1)
    older.save()

    assert_in_sync(older)
    assert found("태풍") == [older, newer]


def test_a_scheduled_story_is_found_from_its_time_with_no_write_to_the_index(editor):
    story = ArticleFactory(
        headline="가상 철도 개통", status=Article.Status.DRAFT, published_at=None
    )
    at = timezone.now() + timedelta(hours=2)
    workflow.schedule(story, editor, at)
    assert found("개통") == []

    with time_machine.travel(at + timedelta(minutes=1)):
        assert found("개통") == [story]
        assert_in_sync(story)  # the row was not rewritten: the filter reads the time of the query


def test_the_matches_are_filtered_and_ordered_in_the_index_alone(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_STORED_STORY_PAGES = True  # the cards are stored (reader.stored_cards)
    for minutes in range(5):
        ArticleFactory(headline=f"가상 회담 {minutes}", published_at=ago(minutes))
    client.get(reverse("articles:search"), {"q": "회담"})  # warm-up (outlet settings)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("articles:search"), {"q": "회담"})

    assert "검색 결과 5건" in response.content.decode()
    index_queries = [q["sql"] for q in captured if "articles_articlesearchindex" in q["sql"]]
    # One query finds, filters, orders and counts the matches; it joins no stories.
    assert len(index_queries) == 1
    assert not re.search(r"\bJOIN\b", index_queries[0])
    assert "published_at" in index_queries[0] and "status" in index_queries[0]
    # It returns the ids alone: the page's stored cards hold the rest, so no query reads the
    # stories once the warm-up stored them.
    story_queries = [q["sql"] for q in captured if 'FROM "articles_article"' in q["sql"]]
    assert story_queries == []


def newest_first(stories, count):
    return sorted(stories, key=lambda story: (story.published_at, story.pk), reverse=True)[:count]


@pytest.mark.parametrize("recent_matches", [0, 1, 3, 4])
def test_the_newest_matches_come_from_the_recent_stories_then_the_older_ones(
    settings, monkeypatch, recent_matches
):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    monkeypatch.setattr(engine, "RECENT_WINDOW", 2)  # the newest 6 public stories
    older = [
        ArticleFactory(headline=f"소식 {i}", body="<p>회담이 열렸다</p>", published_at=ago(100 + i))
        for i in range(5)
    ]
    ArticleFactory.create_batch(6 - recent_matches, headline="날씨", published_at=ago(50))
    recent = [
        ArticleFactory(headline=f"속보 {i}", body="<p>회담 결과</p>", published_at=ago(10 + i))
        for i in range(recent_matches)
    ]
    ArticleFactory(headline="초안 회담", status=Article.Status.DRAFT, published_at=None)
    expected = newest_first(recent + older, 3)

    with CaptureQueriesContext(connection) as captured:
        results = search_articles(Query.parse("회담"))
        assert results.count() == 3

    assert stories_of(list(results)) == expected
    # The matches in one query; the window's start in another, read once a minute.
    assert len(captured) == 2
    with CaptureQueriesContext(connection) as captured:
        assert list(search_articles(Query.parse("회담"))) == [story.pk for story in expected]
    assert len(captured) == 1


@pytest.mark.parametrize("start", ["none", "long ago", "the window's", "the newest", "to come"])
def test_any_start_of_the_recent_stories_gives_the_same_matches(settings, monkeypatch, start):
    # The start a process keeps for a minute is a hint: stories published, unpublished or
    # deleted since must not change what a search finds ("none": the archive was smaller
    # than the window, and the search reads every match).
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    monkeypatch.setattr(engine, "RECENT_WINDOW", 2)
    stories = [
        ArticleFactory(headline=f"소식 {i}", body="<p>회담</p>", published_at=ago(10 * i))
        for i in range(8)
    ]
    ArticleFactory.create_batch(4, headline="날씨", published_at=ago(35))
    starts = {
        "none": None,
        "long ago": ago(60 * 24 * 365 * 30),
        "the window's": ago(35),
        "the newest": ago(0),
        "to come": timezone.now() + timedelta(days=1),
    }
    hint = starts[start] and connection.ops.adapt_datetimefield_value(starts[start])
    engine.window_starts.known[connection.alias, 6] = (hint, time.monotonic())

    assert found("회담") == stories[:3]
    assert engine.window_starts.known[connection.alias, 6][0] == hint  # not read again


def test_an_archive_smaller_than_the_window_is_read_whole(settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    stories = [
        ArticleFactory(headline=f"소식 {i}", body="<p>회담</p>", published_at=ago(i))
        for i in range(5)
    ]

    assert found("회담") == stories[:3]


def test_only_the_newest_matches_are_ranked_and_counted(settings):
    settings.NEWSROOM_SEARCH_MAX_RESULTS = 3
    old_headline = ArticleFactory(headline="가상 회담 결과", published_at=ago(500))
    bodies = [
        ArticleFactory(headline=f"소식 {i}", body="<p>회담이 열렸다</p>", published_at=ago(i))
        for i in range(1, 4)
    ]

    results = search_articles(Query.parse("회담"))

    assert results.count() == 3
    assert stories_of(list(results)) == bodies  # the old headline match is past the newest 3
    assert old_headline.pk not in list(results)


def test_pages_follow_the_ranking():
    headline = ArticleFactory(headline="가상 회담 재개", published_at=ago(100))
    deck = ArticleFactory(headline="가", deck="회담을 앞두고", published_at=ago(50))
    bodies = [
        ArticleFactory(headline=f"나 {i}", body="<p>회담 소식</p>", published_at=ago(i))
        for i in range(1, 4)
    ]
    paginator = Paginator(search_articles(Query.parse("회담")), 2)

    pages = [stories_of(list(paginator.page(number))) for number in paginator.page_range]

    assert paginator.count == 5
    assert pages == [[headline, deck], bodies[:2], bodies[2:]]


def test_an_invalid_query_runs_no_query():
    with CaptureQueriesContext(connection) as captured:
        results = search_articles(Query.parse("북"))
        assert results.count() == 0
        assert list(results) == []
    assert len(captured) == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_columns_of_stories_indexed_before_it():
    try:
        apps = migrate([("search", "0001_initial")])
        Article = apps.get_model("articles", "Article")
        Index = apps.get_model("search", "ArticleSearchIndex")
        at = timezone.now() - timedelta(days=1)
        public = Article.objects.create(
            headline="옛 기사", slug="old-story", status="published", published_at=at
        )
        draft = Article.objects.create(headline="옛 초안", slug="old-draft", status="draft")
        for story in (public, draft):
            Index.objects.create(article=story, headline_terms=" 옛기 ")

        apps = migrate([("search", "0002_story_columns")])

        Index = apps.get_model("search", "ArticleSearchIndex")
        rows = {row.article_id: (row.status, row.published_at) for row in Index.objects.all()}
        assert rows == {public.pk: ("published", at), draft.pk: ("draft", None)}
    finally:
        migrate_to_latest()
