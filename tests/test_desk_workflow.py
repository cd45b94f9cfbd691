"""Scheduling, breaking expiry, publish rules, conflicts, previews, revisions, editing marker."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from articles import workflow
from articles.models import Article, ArticleEvent, PreviewLink, SummaryItem
from newsroom import roles
from tests.desk_helpers import change_form_data, change_url, transition_url
from tests.factories import ArticleFactory, make_photo, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return user_with_role(roles.EDITOR, "desk-kim")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_a_scheduled_story_becomes_public_at_its_time_without_any_job(client, editor):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    at = timezone.now() + timedelta(hours=2)
    workflow.schedule(story, editor, at)
    story.refresh_from_db()
    assert story.status == Article.Status.SCHEDULED
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.headline not in client.get("/").content.decode()
    with time_machine.travel(at + timedelta(minutes=1)):
        assert client.get(story.get_absolute_url()).status_code == 200
        assert story.headline in client.get("/").content.decode()
        assert iri_to_uri(story.get_absolute_url()) in client.get("/sitemap.xml").content.decode()


def test_scheduling_in_the_past_is_refused(editor):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(workflow.ValidationError):
        workflow.schedule(story, editor, timezone.now() - timedelta(minutes=1))


def test_the_form_refuses_a_schedule_in_the_past_and_keeps_the_text(editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    past = timezone.localtime() - timedelta(hours=1)
    data = change_form_data(
        story,
        headline="새로 쓴 제목",
        status="scheduled",
        published_at_0=past.strftime("%Y-%m-%d"),
        published_at_1=past.strftime("%H:%M:%S"),
    )
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "지금보다 뒤의 게시 시각" in response.content.decode()
    assert "새로 쓴 제목" in response.content.decode()


def test_breaking_banner_takes_the_highest_priority_and_expires_by_itself(editor):
    low = ArticleFactory()
    high = ArticleFactory()
    workflow.mark_breaking(low, editor, hours=1, priority=1)
    workflow.mark_breaking(high, editor, hours=3, priority=5)
    assert list(Article.objects.breaking()) == [high, low]
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert list(Article.objects.breaking()) == [high]
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        assert list(Article.objects.breaking()) == []


def test_breaking_expiry_defaults_to_the_configured_hours(editor, settings):
    settings.NEWSROOM_BREAKING_HOURS = 3
    story = workflow.mark_breaking(ArticleFactory(), editor)
    remaining = story.breaking_until - timezone.now()
    assert timedelta(hours=2, minutes=59) < remaining <= timedelta(hours=3)


def test_alt_text_is_required_before_publishing(editor, editor_client):
    story = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, feature_photo=make_photo(alt_text="")
    )
    with pytest.raises(workflow.ValidationError, match="대체 텍스트"):
        workflow.publish_now(story, editor)
    response = editor_client.post(
        change_url(story), change_form_data(story, status="published", feature_image_alt="")
    )
    assert response.status_code == 200
    assert "대체 텍스트를 넣어야 게시할 수 있습니다" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_second_editors_stale_save_is_refused_naming_who_changed_it(client, editor):
    story = ArticleFactory(headline="처음 제목")
    other = user_with_role(roles.EDITOR, "desk-park")
    form_seen_by_other = change_form_data(story)  # both opened the story at the same version

    client.force_login(editor)
    assert client.post(change_url(story), change_form_data(story, headline="김 데스크 수정"))[
        "Location"
    ]
    client.force_login(other)
    response = client.post(
        change_url(story), {**form_seen_by_other, "headline": "박 데스크가 쓴 제목"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "desk-kim님이" in html and "먼저 고쳤습니다" in html
    assert "박 데스크가 쓴 제목" in html  # the typed text is still there to merge
    story.refresh_from_db()
    assert story.headline == "김 데스크 수정"


def test_a_stale_transition_does_not_overwrite_a_newer_revision(editor_client, editor):
    story = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    seen = story.version
    story.headline = "다른 사람이 방금 고친 제목"
    story.save()
    response = editor_client.post(transition_url(story, "publish"), {"version": seen}, follow=True)
    assert "먼저 고쳤습니다" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    assert story.headline == "다른 사람이 방금 고친 제목"


def test_bulk_actions_check_the_version_the_list_showed(editor_client):
    fresh = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    stale = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    stale_seen = stale.version
    stale.save()
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [fresh.pk, stale.pk],
            f"seen_version_{fresh.pk}": fresh.version,
            f"seen_version_{stale.pk}": stale_seen,
        },
        follow=True,
    )
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.status == Article.Status.PUBLISHED
    assert stale.status == Article.Status.REVIEW
    assert "먼저 고쳤습니다" in response.content.decode()


def test_the_changelist_carries_each_rows_version(editor_client):
    story = ArticleFactory()
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'name="seen_version_{story.pk}" value="{story.version}"' in html


def test_every_save_is_a_revision_and_one_can_be_restored(editor_client):
    editor_client.post(
        reverse("admin:articles_article_add"),
        change_form_data(
            ArticleFactory.build(headline="첫 판 제목", status="draft", published_at=None),
            slug="",
            **{
                "summary_items-TOTAL_FORMS": "1",
                "summary_items-0-text": "첫 판 요약",
                "summary_items-0-position": "0",
            },
        ),
    )
    story = Article.objects.get(headline="첫 판 제목")
    editor_client.post(change_url(story), change_form_data(story, headline="둘째 판 제목"))
    story.refresh_from_db()
    SummaryItem.objects.filter(article=story).update(text="바뀐 요약")

    from reversion.models import Version

    versions = list(Version.objects.get_for_object(story).order_by("pk"))
    assert len(versions) == 2
    history = editor_client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert history.status_code == 200
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"version_id1": versions[0].pk, "version_id2": versions[1].pk},
    )
    diff = compare.content.decode()
    assert compare.status_code == 200 and "첫 판 제목" in diff and "둘째 판 제목" in diff

    revision_url = reverse("admin:articles_article_revision", args=[story.pk, versions[0].pk])
    page = editor_client.get(revision_url)
    assert "첫 판 제목" in page.content.decode()
    form = page.context["adminform"].form
    data = change_form_data(story, headline=form.initial["headline"])
    data["seen_version"] = form["seen_version"].value()
    assert data["seen_version"] == story.version  # the real count, not the restored row's
    response = editor_client.post(revision_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.headline == "첫 판 제목"
    assert story.version == 3  # a restore is a new save: the count never goes back
    assert story.events.filter(action=ArticleEvent.Action.RESTORED).exists()


def test_editor_previews_a_draft_and_readers_cannot(client, editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="미공개 초안")
    preview = editor_client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    assert preview.status_code == 200 and "미공개 초안" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_links_are_signed_expire_and_can_be_revoked(client, editor_client, settings):
    settings.NEWSROOM_PREVIEW_HOURS = 1
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="링크 미리보기")
    editor_client.post(reverse("admin:articles_article_preview_link", args=[draft.pk]))
    link = PreviewLink.objects.get(article=draft)
    from articles.preview import link_url

    path = link_url(link).removeprefix(settings.SITE_URL)
    client.logout()
    assert "링크 미리보기" in client.get(path).content.decode()
    tampered = path.rstrip("/")[:-2] + "xx/"
    assert client.get(tampered).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(path).status_code == 404
    assert client.get(path).status_code == 200
    editor_client_again = editor_client
    editor_client_again.force_login(user_with_role(roles.EDITOR, "desk-revoker"))
    editor_client_again.post(
        reverse("admin:articles_article_preview_link", args=[draft.pk]), {"revoke": link.pk}
    )
    editor_client_again.logout()
    assert client.get(path).status_code == 404


def test_editing_marker_shows_who_edits_and_take_over_is_logged(client, editor, settings):
    story = ArticleFactory()
    other = user_with_role(roles.EDITOR, "desk-park")
    client.force_login(editor)
    client.get(change_url(story))
    client.force_login(other)
    page = client.get(change_url(story)).content.decode()
    assert "desk-kim님이" in page and "편집하고 있습니다" in page
    client.post(reverse("admin:articles_article_editing", args=[story.pk]), {"take_over": "1"})
    event = story.events.get(action=ArticleEvent.Action.TAKEOVER)
    assert event.user == other and "desk-kim" in event.note
    client.force_login(editor)
    assert "desk-park님이" in client.get(change_url(story)).content.decode()


def test_editing_marker_expires_by_itself(client, editor, settings):
    settings.NEWSROOM_EDITING_MARKER_SECONDS = 60
    story = ArticleFactory()
    client.force_login(editor)
    client.get(change_url(story))
    client.force_login(user_with_role(roles.EDITOR, "desk-park"))
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert "편집하고 있습니다" not in client.get(change_url(story)).content.decode()


def test_times_in_the_admin_carry_the_korea_offset(editor_client):
    ArticleFactory()
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "KST (+09:00)" in html


def test_the_body_editor_offers_one_button_per_palette_style(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    attribute = re.search(r'data-django-prose-editor-configurable="([^"]*)"', html).group(1)
    config = json.loads(unescape(attribute))
    assert config["extensions"]["TextClass"]["cssClasses"] == [
        {"className": "hl-red", "title": "빨간 글씨"},
        {"className": "hl-blue-tint", "title": "파란 배경"},
        {"className": "hl-blue", "title": "파란 글씨"},
    ]
    assert {"group": "textClass"} in config["extensions"]["Menu"]["groups"]  # buttons, no dropdown
    for extension in (
        "Heading",
        "Bold",
        "Italic",
        "Link",
        "BulletList",
        "OrderedList",
        "Blockquote",
        "HorizontalRule",
    ):
        assert config["extensions"][extension]


def test_slug_is_stable_after_first_publication_and_old_urls_redirect(client, admin_user):
    story = ArticleFactory(headline="처음 제목")
    old_url = story.get_absolute_url()
    story.slug = "고친-주소"
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="초안")
    draft.slug = "초안-새-주소"
    draft.save()
    assert not draft.slug_redirects.exists()
