"""A reader keeps a live story open; an editor posts in the admin; the update appears there."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from live.models import LiveCoverage, LiveUpdate
from newsroom import roles
from tests.factories import ArticleFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_update_posted_in_the_admin_appears_on_the_open_story_without_reload(
    live_server, browser, page, artifacts_dir, settings
):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    user_with_role(roles.EDITOR, "live-desk")
    story = ArticleFactory(headline="가상 해안 도시 태풍 실시간")
    LiveCoverage.objects.create(article=story)
    LiveUpdate.objects.create(article=story, body="태풍이 남쪽 바다에서 북상 중이다.")

    page.goto(live_server.url + story.get_absolute_url())
    updates = page.locator("[data-live-list] > li")
    expect(updates).to_have_count(1)
    expect(page.locator("[data-live-badge]")).to_have_text(["실시간", "실시간"])
    page.evaluate("window.stillTheSamePage = true")

    desk = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    editor = desk.new_page()
    editor.goto(live_server.url + "/admin/login/")
    editor.fill("#id_username", "live-desk")
    editor.fill("#id_password", "correct-horse-battery")
    editor.click("input[type=submit]")
    editor.goto(live_server.url + reverse("admin:articles_article_change", args=[story.pk]))
    editor.get_by_role("link", name="실시간 업데이트 추가").click()
    editor.fill("#id_body", "해안도로 전 구간 통제, 주민 대피 시작")
    editor.check("#id_is_key")
    editor.get_by_role("button", name="올리기", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("실시간 업데이트를 올렸습니다.")

    newest = updates.first
    expect(newest).to_contain_text("해안도로 전 구간 통제, 주민 대피 시작", timeout=15_000)
    expect(newest).to_have_class("live-update live-update-key")
    expect(updates).to_have_count(2)
    expect(page.locator("[data-live-status]")).to_have_text("새 업데이트 1건")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    page.screenshot(path=str(artifacts_dir / "live-reader-update.png"), full_page=True)

    LiveUpdate.objects.filter(body__contains="북상 중").delete()  # a retracted update
    expect(updates).to_have_count(1, timeout=15_000)
    expect(updates.first).to_contain_text("해안도로 전 구간 통제")

    editor.goto(live_server.url + reverse("admin:live_liveupdate_post", args=[story.pk]))
    editor.get_by_role("button", name="중계 종료").click()
    expect(page.locator("[data-live-badge]")).to_have_text(["중계 종료"] * 2, timeout=15_000)
    editor.screenshot(path=str(artifacts_dir / "live-desk-form.png"), full_page=True)
    desk.close()

    assert page.console_errors == []
