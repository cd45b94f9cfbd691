"""The search index keeps a copy of each story's status and publish time (STORY_FIELDS), so a
search can filter and order its matches in the index alone."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Article
from newsroom import roles
from search.engine import Query, search_articles
from search.models import ArticleSearchIndex
from tests.factories import ArticleFactory, user_with_role
from tests.migration_steps import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db


def found(text):
    return list(search_articles(Query.parse(text)))


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
