"""The desk posts live updates: one form, the inline, coverage state, and who may do it."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from live.models import LiveCoverage, LiveUpdate
from newsroom import roles
from tests.desk_helpers import change_url
from tests.factories import ArticleFactory, jpeg_upload, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(headline="가상 공항 정전 실시간")


def post_url(article):
    return reverse("admin:live_liveupdate_post", args=[article.pk])


def coverage_url(article):
    return reverse("admin:live_livecoverage_state", args=[article.pk])


def login(client, role):
    user = user_with_role(role)
    client.force_login(user)
    return user


def test_the_desk_role_may_post_updates_and_reporters_and_moderators_may_not():
    def codenames(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="live")
            .values_list("codename", flat=True)
        )

    assert {"add_liveupdate", "change_liveupdate", "add_storynote"} <= codenames(roles.EDITOR)
    assert {"add_liveupdate", "change_livecoverage"} <= codenames(roles.ADMINISTRATOR)
    assert codenames(roles.REPORTER) == set()
    assert codenames(roles.MODERATOR) == set()


def test_the_story_change_page_links_to_the_one_form_page(client, story):
    login(client, roles.EDITOR)
    html = client.get(change_url(story)).content.decode()
    assert f'href="{post_url(story)}"' in html
    assert "실시간 업데이트 추가" in html
    assert "사소한 수정 (수정 시각 유지)" in html


def test_an_editor_posts_an_update_in_one_step_and_returns_to_the_story(client, story):
    editor = login(client, roles.EDITOR)
    assert client.get(post_url(story)).status_code == 200

    response = client.post(
        post_url(story),
        {
            "body": "활주로 2곳 운영 재개",
            "is_key": "on",
            "image": jpeg_upload(),
            "image_alt": "활주로",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    update = LiveUpdate.objects.get(article=story)
    assert (update.body, update.is_key, update.author) == (
        "<p>활주로 2곳 운영 재개</p>",
        True,
        editor,
    )
    assert update.image.name.startswith("live/")
    assert LiveCoverage.objects.get(article=story).is_live


def test_post_and_another_comes_back_to_the_empty_form(client, story):
    login(client, roles.EDITOR)
    response = client.post(post_url(story), {"body": "첫 소식", "_another": "1"})
    assert response["Location"] == post_url(story)


def test_a_bad_update_is_refused_with_a_named_error_and_the_text_kept(client, story):
    login(client, roles.EDITOR)

    empty = client.post(post_url(story), {"body": "<p> </p>", "image_alt": "남겨 둘 설명"})
    no_alt = client.post(
        post_url(story), {"body": "사진과 함께 쓴 긴 문장", "image": jpeg_upload()}
    )
    not_image = client.post(
        post_url(story),
        {"body": "그림이 아닌 파일", "image": _text_file(), "image_alt": "설명"},
    )

    assert empty.status_code == 200
    assert "업데이트 내용을 입력하세요." in empty.content.decode()
    assert 'value="남겨 둘 설명"' in empty.content.decode()
    assert "사진을 올리면 대체 텍스트도 넣어야 합니다." in no_alt.content.decode()
    assert "사진과 함께 쓴 긴 문장" in no_alt.content.decode()
    assert not_image.status_code == 200
    assert "그림이 아닌 파일" in not_image.content.decode()
    assert not LiveUpdate.objects.exists()


def _text_file():
    return SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")


@pytest.mark.parametrize("role", [roles.REPORTER, roles.MODERATOR])
def test_reporters_and_moderators_are_refused_on_the_server(client, role):
    user = login(client, role)
    # Even the reporter's own draft, which they may edit: posting live is the desk's job.
    story = ArticleFactory(created_by=user, status=Article.Status.DRAFT, published_at=None)
    LiveCoverage.objects.create(article=story)

    assert client.get(post_url(story)).status_code == 403
    assert client.post(post_url(story), {"body": "몰래 올리기"}).status_code == 403
    assert client.post(coverage_url(story), {"action": "end"}).status_code == 403
    assert not LiveUpdate.objects.exists()
    assert LiveCoverage.objects.get(article=story).is_live


def test_a_reporter_cannot_change_an_update_in_the_admin(client, story):
    update = LiveUpdate.objects.create(article=story, body="원래 내용")
    login(client, roles.REPORTER)
    url = reverse("admin:live_liveupdate_change", args=[update.pk])
    assert client.post(url, {"body": "바꾼 내용", "article": story.pk}).status_code == 403
    update.refresh_from_db()
    assert update.body == "<p>원래 내용</p>"


def test_the_desk_ends_and_resumes_coverage(client, story):
    login(client, roles.EDITOR)
    client.post(coverage_url(story), {"action": "start"})
    assert LiveCoverage.objects.get(article=story).is_live

    client.post(coverage_url(story), {"action": "end"})
    coverage = LiveCoverage.objects.get(article=story)
    assert (coverage.state, coverage.ended_at is not None) == ("ended", True)
    assert "중계 다시 시작" in client.get(post_url(story)).content.decode()

    client.post(coverage_url(story), {"action": "resume"})
    coverage.refresh_from_db()
    assert (coverage.state, coverage.ended_at) == ("live", None)


def test_updates_are_edited_on_their_own_page_and_the_story_form_stays_small(client, story):
    editor = login(client, roles.EDITOR)
    existing = LiveUpdate.objects.create(article=story, body="처음 내용")
    for n in range(40):
        LiveUpdate.objects.create(article=story, body=f"업데이트 {n}")
    story_page = client.get(change_url(story)).content.decode()
    assert "live_updates-TOTAL_FORMS" not in story_page  # no formset of updates on the story
    listing = reverse("admin:live_liveupdate_changelist") + f"?article__id__exact={story.pk}"
    assert listing.replace("&", "&amp;") in story_page or listing in story_page

    response = client.post(
        reverse("admin:live_liveupdate_change", args=[existing.pk]),
        {
            "article": str(story.pk),
            "body": "고친 내용",
            "is_key": "on",
            "image_alt": "",
            "created_at_0": "2026-11-22",
            "created_at_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.context["errors"]
    existing.refresh_from_db()
    assert (existing.body, existing.is_key) == ("<p>고친 내용</p>", True)
    client.post(reverse("admin:live_liveupdate_post", args=[story.pk]), {"body": "한 번에 추가"})
    added = LiveUpdate.objects.get(body="<p>한 번에 추가</p>")
    assert added.author == editor
