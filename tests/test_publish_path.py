"""The publish path: one explicit call after each change, and what it enqueues."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article
from delivery import marks
from distribution.models import Ping
from newsroom import roles
from tests.conftest import DATABASE_TASKS
from tests.factories import ArticleFactory, CategoryFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
ANNOUNCE = "newsroom.publishing.announce_scheduled_story"


@pytest.fixture
def editor():
    return user_with_role(roles.EDITOR, "desk-park")


@pytest.fixture
def queued(settings):
    """Tasks wait in the database queue until a test runs a worker."""
    settings.TASKS = DATABASE_TASKS
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.NEWSROOM_INDEXNOW_KEY = "newsroom-test-key-1234"
    settings.NEWSROOM_INDEXNOW_ENDPOINTS = ["http://127.0.0.1:9/indexnow"]  # refused at once
    settings.NEWSROOM_WEBSUB_HUBS = []
    settings.NEWSROOM_PURGE_BACKEND = "delivery.purge_backends.HttpPurgeBackend"
    settings.NEWSROOM_PURGE_HOST = "http://127.0.0.1:9"
    settings.NEWSROOM_TASK_MAX_ATTEMPTS = 1


def task_paths():
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def test_the_workflow_and_the_core_reach_the_publish_path_by_one_explicit_call():
    workflow_source = (ROOT / "articles" / "workflow.py").read_text()
    assert workflow_source.count("follow_story_change(") == 2  # transitions and the flash
    for path in ("articles", "delivery", "distribution", "live"):
        for module in (ROOT / path).rglob("*.py"):
            text = module.read_text()
            for private in ("_loaded_public", "_delivery_dropped_lists", ".minor_edit"):
                if private in text:
                    assert module.name == "models.py" and private == "_loaded_public", module
            assert "import publishing" not in text and "publishing import" not in text, module


def test_publishing_marks_at_once_and_enqueues_the_purge_pings_and_suggestions(queued, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    DBTaskResult.objects.all().delete()
    before = cache.get(marks.LISTS) or 0

    workflow.publish_now(story, editor)

    assert (cache.get(marks.LISTS) or 0) > before  # the next reader is fresh, worker or not
    assert task_paths() == [
        "delivery.tasks.purge_urls",
        "distribution.tasks.send_due_pings",
        "related.tasks.suggest_related",
    ]
    assert Ping.objects.filter(article_id=story.pk).count() == 1


def test_a_draft_saved_out_of_sight_enqueues_nothing(queued):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, section=CategoryFactory())
    assert task_paths() == []


def test_a_scheduled_story_is_announced_once_when_its_time_comes(queued, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    at = timezone.now() + timedelta(hours=2)

    workflow.schedule(story, editor, at)

    announce = DBTaskResult.objects.get(task_path=ANNOUNCE)
    assert announce.run_after == at
    assert not Ping.objects.exists()
    call_command("run_worker", batch=True, verbosity=0)  # not due yet: nothing runs
    announce.refresh_from_db()
    assert announce.status == "READY"

    with time_machine.travel(at + timedelta(minutes=1)):
        lists_before = cache.get(marks.LISTS) or 0
        call_command("run_worker", batch=True, verbosity=0)
        announce.refresh_from_db()
        assert (announce.status, announce.return_value) == ("SUCCESSFUL", "announced")
        assert (cache.get(marks.LISTS) or 0) > lists_before
        assert Ping.objects.filter(article_id=story.pk).count() == 1
        assert DBTaskResult.objects.filter(task_path="delivery.tasks.purge_urls").exists()

        # Run again (a worker killed before recording success): no second announcement.
        DBTaskResult.objects.filter(pk=announce.pk).update(status="READY")
        call_command("run_worker", batch=True, verbosity=0)
        assert Ping.objects.filter(article_id=story.pk).count() == 1


def test_a_rescheduled_story_leaves_the_old_announcement_with_nothing_to_do(queued, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    first, second = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=3)
    workflow.schedule(story, editor, first)
    story.refresh_from_db()
    workflow.schedule(story, editor, second)

    with time_machine.travel(first + timedelta(minutes=1)):
        call_command("run_worker", batch=True, verbosity=0)
    old = DBTaskResult.objects.get(task_path=ANNOUNCE, run_after=first)
    assert old.return_value == "superseded"
    assert not Ping.objects.exists()
    assert DBTaskResult.objects.get(task_path=ANNOUNCE, run_after=second).status == "READY"
