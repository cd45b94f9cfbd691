"""The moderation queue in the admin, driven through its HTTP endpoints as each role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.roles import EDITOR, MODERATOR, REPORTER
from related.models import RelatedEntry
from related.suggest import refresh_suggestions
from tests.factories import ArticleFactory, RelatedEntryFactory, SuggestionFactory, user_with_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:related_relatedentry_changelist")


@pytest.fixture
def moderator():
    return user_with_role(MODERATOR, "moderator")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def action(client, name, entries, query=""):
    return client.post(
        QUEUE + query,
        {"action": name, "index": "0", "_selected_action": [str(e.pk) for e in entries]},
    )


def reload(*entries):
    return [RelatedEntry.objects.get(pk=entry.pk) for entry in entries]


def test_queue_lists_pending_suggestions_newest_stories_first(moderator_client):
    now = timezone.now()
    old_story = ArticleFactory(published_at=now - timedelta(days=2))
    new_story = ArticleFactory(published_at=now - timedelta(hours=1))
    old = SuggestionFactory(article=old_story)
    new_low = SuggestionFactory(article=new_story, score=0.2)
    new_high = SuggestionFactory(article=new_story, score=0.8)
    RelatedEntryFactory(article=new_story)  # approved: not pending

    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [new_high, new_low, old]
    assert "선택한 항목 승인" in response.content.decode()


def test_bulk_approve_stamps_moderator_and_appends_to_the_list(moderator_client, moderator):
    story = ArticleFactory()
    RelatedEntryFactory(article=story, position=4)
    first, second = (
        SuggestionFactory(article=story, score=0.9),
        SuggestionFactory(article=story, score=0.3),
    )

    response = action(moderator_client, "approve", [first, second])
    assert response.status_code == 302

    first, second = reload(first, second)
    for entry in (first, second):
        assert entry.status == RelatedEntry.Status.APPROVED
        assert entry.moderated_by == moderator
        assert timezone.now() - entry.moderated_at < timedelta(minutes=1)
    assert (first.position, second.position) == (5, 6)


def test_bulk_reject_sticks_when_suggestions_are_computed_again(moderator_client):
    story = ArticleFactory(tags=["항만"])
    target = ArticleFactory(tags=["항만"])
    refresh_suggestions(story)
    suggestion = story.related_entries.get(target=target)

    action(moderator_client, "reject", [suggestion])
    assert reload(suggestion)[0].status == RelatedEntry.Status.REJECTED

    refresh_suggestions(story)
    assert story.related_entries.get(target=target).status == RelatedEntry.Status.REJECTED


def test_pin_approves_and_unpin_releases(moderator_client, moderator):
    story = ArticleFactory()
    suggestion = SuggestionFactory(article=story)
    action(moderator_client, "pin", [suggestion])
    (suggestion,) = reload(suggestion)
    assert suggestion.pinned and suggestion.status == RelatedEntry.Status.APPROVED
    assert suggestion.moderated_by == moderator

    action(moderator_client, "unpin", [suggestion], query="?queue=all")
    assert not reload(suggestion)[0].pinned


def test_reorder_a_story_list_with_the_position_column(moderator_client):
    story = ArticleFactory()
    a = RelatedEntryFactory(article=story, position=0)
    b = RelatedEntryFactory(article=story, position=1)
    query = f"?article__id__exact={story.pk}&queue=all"
    listed = list(moderator_client.get(QUEUE + query).context["cl"].result_list)
    assert listed == [a, b]

    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(a.pk),
        "form-0-position": "1",
        "form-1-id": str(b.pk),
        "form-1-position": "0",
        "_save": "저장",
    }
    assert moderator_client.post(QUEUE + query, data).status_code == 302
    assert [e.pk for e in story.related_entries.all()] == [b.pk, a.pk]


def test_add_a_manual_entry_to_a_story(moderator_client, moderator):
    story, target = ArticleFactory(), ArticleFactory()
    add = reverse("admin:related_relatedentry_add")
    assert moderator_client.get(add, {"article": story.pk}).status_code == 200
    response = moderator_client.post(
        add,
        {
            "article": story.pk,
            "target": target.pk,
            "title": "",
            "url": "",
            "status": "approved",
            "position": "2",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = story.related_entries.get()
    assert (entry.target, entry.origin, entry.status) == (target, "manual", "approved")
    assert entry.moderated_by == moderator


def test_resolve_an_imported_headline_by_picking_the_story(moderator_client, moderator):
    story = ArticleFactory()
    match = ArticleFactory(headline="누리국 여객선 항로 10년 만에 재개")
    awaiting = RelatedEntry.objects.create(
        article=story,
        title="누리국 여객선 항로, 10년 만에 다시 열리나",
        status=RelatedEntry.Status.SUGGESTED,
        origin=RelatedEntry.Origin.IMPORTED,
    )
    listed = moderator_client.get(QUEUE, {"queue": "awaiting"}).context["cl"].result_list
    assert list(listed) == [awaiting]

    found = moderator_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "여객선",
            "app_label": "related",
            "model_name": "relatedentry",
            "field_name": "target",
        },
    )
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["results"]] == [str(match.pk)]

    change = reverse("admin:related_relatedentry_change", args=[awaiting.pk])
    response = moderator_client.post(
        change,
        {
            "target": match.pk,
            "title": awaiting.title,
            "url": "",
            "status": "suggested",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    (awaiting,) = reload(awaiting)
    assert awaiting.target == match and awaiting.status == RelatedEntry.Status.APPROVED
    assert awaiting.moderated_by == moderator and not awaiting.is_awaiting_resolution


def test_queue_shows_and_filters_entries_whose_story_was_unpublished(moderator_client):
    entry = SuggestionFactory()
    kept = SuggestionFactory()
    entry.target.status = Article.Status.UNPUBLISHED
    entry.target.save()

    page = moderator_client.get(QUEUE).content.decode()
    assert "비공개 — 숨겨짐" in page
    listed = moderator_client.get(QUEUE, {"target_state": "unpublished"}).context["cl"]
    assert list(listed.result_list) == [entry]
    assert kept not in listed.result_list


def test_moderator_cannot_change_story_text(moderator_client, moderator):
    story = ArticleFactory(headline="원래 제목")
    assert not moderator.has_perm("articles.change_article")
    change = reverse("admin:articles_article_change", args=[story.pk])
    response = moderator_client.post(change, {"headline": "바뀐 제목"})
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == "원래 제목"


def test_reporter_cannot_see_or_moderate(client):
    client.force_login(user_with_role(REPORTER, "reporter"))
    suggestion = SuggestionFactory()

    assert client.get(QUEUE).status_code == 403
    assert action(client, "approve", [suggestion]).status_code == 403
    change = reverse("admin:related_relatedentry_change", args=[suggestion.pk])
    assert client.post(change, {"status": "approved", "position": "0"}).status_code == 403
    assert reload(suggestion)[0].status == RelatedEntry.Status.SUGGESTED


def test_desk_without_the_moderation_permission_cannot_judge(client):
    client.force_login(user_with_role(EDITOR, "desk"))
    suggestion = SuggestionFactory()

    response = client.get(QUEUE)
    assert response.status_code == 200
    assert "선택한 항목 승인" not in response.content.decode()
    action(client, "approve", [suggestion])
    action(client, "pin", [suggestion])
    change = reverse("admin:related_relatedentry_change", args=[suggestion.pk])
    client.post(
        change,
        {"target": suggestion.target_id, "status": "approved", "pinned": "on", "position": "0"},
    )
    (suggestion,) = reload(suggestion)
    assert suggestion.status == RelatedEntry.Status.SUGGESTED and not suggestion.pinned
    assert suggestion.moderated_by is None
