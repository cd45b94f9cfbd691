"""Issue 14, the desk's part: a restore is a save; a request without a version is refused;
malformed admin parameters and oversized forms are answered in Korean, never with a 500."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleEvent, SummaryItem
from newsroom import roles
from related.models import RelatedEntry
from tests.desk_helpers import change_form_data, change_url, transition_url
from tests.factories import ArticleFactory, user_with_role

pytestmark = pytest.mark.django_db


def revision_of(article):
    with reversion.create_revision():
        Article.objects.get(pk=article.pk).save()
    return Version.objects.get_for_object(article).order_by("-pk").first()


def restore_data(client, url, article):
    """What the restore page's form would post: the old revision's fields as shown."""
    form = client.get(url).context["adminform"].form
    data = change_form_data(article, headline=form.initial["headline"])
    data["seen_version"] = form["seen_version"].value()
    data["status"] = form.initial["status"]  # the old state, as the old form shows it
    return data


def test_a_reporter_cannot_restore_their_story_after_the_desk_published_it(client):
    reporter = user_with_role(roles.REPORTER, "reporter-lee")
    desk = user_with_role(roles.EDITOR, "desk-park")
    story = ArticleFactory(
        headline="기자 초안", status=Article.Status.DRAFT, published_at=None, created_by=reporter
    )
    draft_version = revision_of(story)
    workflow.publish_now(story, desk)
    client.force_login(reporter)
    url = reverse("admin:articles_article_revision", args=[story.pk, draft_version.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, change_form_data(story, status="draft"))

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert not story.events.filter(action=ArticleEvent.Action.RESTORED).exists()


def test_a_restore_brings_back_text_but_never_the_workflow_state(client):
    desk = user_with_role(roles.EDITOR, "desk-choi")
    story = ArticleFactory(headline="첫 판", status=Article.Status.DRAFT, published_at=None)
    first = revision_of(story)
    Article.objects.filter(pk=story.pk).update(headline="둘째 판")
    workflow.publish_now(Article.objects.get(pk=story.pk), desk)
    story.refresh_from_db()
    client.force_login(desk)
    url = reverse("admin:articles_article_revision", args=[story.pk, first.pk])

    response = client.post(url, restore_data(client, url, story))

    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.headline == "첫 판"
    assert story.status == Article.Status.PUBLISHED  # the old revision's draft state stays old
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_restore_does_not_undo_a_moderators_rejection(client):
    desk = user_with_role(roles.EDITOR, "desk-han")
    moderator = user_with_role(roles.MODERATOR, "moderator-yun")
    story = ArticleFactory(headline="본 기사")
    target = ArticleFactory(headline="거절될 관련 기사")
    entry = RelatedEntry.objects.create(
        article=story, target=target, status=RelatedEntry.Status.APPROVED
    )
    # A revision stored before related lists left revisions still holds the entry.
    with reversion.create_revision():
        reversion.add_to_revision(entry)
        Article.objects.get(pk=story.pk).save()
    old = Version.objects.get_for_object(story).order_by("-pk").first()
    RelatedEntry.objects.filter(pk=entry.pk).reject(moderator)
    story.refresh_from_db()
    client.force_login(desk)
    url = reverse("admin:articles_article_revision", args=[story.pk, old.pk])

    response = client.post(url, restore_data(client, url, story))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == RelatedEntry.Status.REJECTED
    assert "거절될 관련 기사" not in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.parametrize("seen", [None, "", "abc", "-1", "１２", "9" * 30])
def test_a_save_without_a_readable_version_is_refused_and_keeps_the_text(client, seen):
    desk = user_with_role(roles.EDITOR, "desk-seo")
    story = ArticleFactory(headline="원래 제목")
    client.force_login(desk)
    data = change_form_data(story, headline="덮어쓰려는 제목", deck="입력한 부제")
    if seen is None:
        del data["seen_version"]
    else:
        data["seen_version"] = seen

    response = client.post(change_url(story), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "버전 정보가 없거나 잘못됨" in html
    assert 'value="덮어쓰려는 제목"' in html and "입력한 부제" in html
    story.refresh_from_db()
    assert story.headline == "원래 제목"


@pytest.mark.parametrize("version", [None, "", "abc", "1.5"])
def test_a_workflow_button_without_a_readable_version_changes_nothing(client, version):
    desk = user_with_role(roles.EDITOR, "desk-kang")
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    client.force_login(desk)
    data = {} if version is None else {"version": version}

    response = client.post(transition_url(story, "publish"), data, follow=True)

    assert response.status_code == 200
    assert "버전 정보가 없거나 잘못됨" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


@pytest.mark.parametrize("seen", [None, "", "abc"])
def test_a_bulk_action_without_a_readable_version_changes_nothing(client, seen):
    desk = user_with_role(roles.EDITOR, "desk-jung")
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    client.force_login(desk)
    data = {"action": "publish_selected", "_selected_action": [str(story.pk)]}
    if seen is not None:
        data[f"seen_version_{story.pk}"] = seen

    response = client.post(reverse("admin:articles_article_changelist"), data, follow=True)

    assert response.status_code == 200
    assert "버전 정보가 없거나 잘못됨" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_malformed_admin_parameters_are_answered_without_a_server_error(client):
    desk = user_with_role(roles.EDITOR, "desk-oh")
    story = ArticleFactory()
    client.force_login(desk)
    revoke = client.post(
        reverse("admin:articles_article_preview_link", args=[story.pk]), {"revoke": "abc"}
    )
    assert revoke.status_code == 404
    for query in ("status__exact=%00", "q=%00", "is_breaking__exact=1%00"):
        response = client.get(reverse("admin:articles_article_changelist") + "?" + query)
        assert response.status_code == 400
        assert "NUL 문자" in response.content.decode()


def test_a_form_over_the_request_limits_gets_a_korean_page_naming_the_limit(client, settings):
    desk = user_with_role(roles.EDITOR, "desk-bae")
    story = ArticleFactory()
    client.force_login(desk)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    many = change_form_data(story, **{f"junk{n}": "x" for n in range(60)})
    too_many = client.post(change_url(story), many)
    assert too_many.status_code == 400
    assert "최대 50개" in too_many.content.decode()

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    big = client.post(change_url(story), change_form_data(story, body="가" * 600_000))
    assert big.status_code == 400
    assert "최대 1MB" in big.content.decode()


def test_a_story_with_many_parts_still_saves_in_one_form(client):
    desk = user_with_role(roles.EDITOR, "desk-nam")
    story = ArticleFactory(headline="긴 목록 기사")
    SummaryItem.objects.bulk_create(
        SummaryItem(article=story, text=f"요약 {n}", position=n) for n in range(250)
    )
    client.force_login(desk)
    page = client.get(change_url(story))
    formset = next(
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "summary_items"
    )
    data = change_form_data(story, headline="긴 목록 기사 (고침)")
    for name in formset.formset.management_form.fields:
        data[f"summary_items-{name}"] = formset.formset.management_form[name].value()
    for index, form in enumerate(formset.formset.forms):
        for name in form.fields:
            value = form[name].value()
            if value is not None and not (name == "DELETE" and not value):
                data[f"summary_items-{index}-{name}"] = value

    response = client.post(change_url(story), data)

    assert response.status_code == 302, response.context["errors"]
    story.refresh_from_db()
    assert story.headline == "긴 목록 기사 (고침)"
    assert story.summary_items.count() == 250
