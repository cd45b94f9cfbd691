"""An editor writes a story in the rich editor, with highlights, and publishes it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from newsroom import roles
from tests.factories import CategoryFactory, user_with_role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_editor_writes_highlights_summary_and_table_and_publishes(live_server, page, artifacts_dir):
    user_with_role(roles.EDITOR, "desk-browser")
    CategoryFactory(name="정치")
    assert get_user_model().objects.filter(username="desk-browser").exists()
    failed = []
    # A request the browser itself abandons because the form submitted and the page moved on
    # (net::ERR_ABORTED) is not a broken resource; anything else is.
    page.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED" and failed.append(request.url),
    )

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk-browser")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/articles/article/add/")

    page.fill("#id_headline", "브라우저로 쓴 가상 회담 기사")
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type("첫 문장은 빨갛게 강조합니다.")
    page.keyboard.press("Enter")
    page.keyboard.type("둘째 문장은 파란 배경입니다.")
    for index, (button, css_class) in enumerate(
        [("빨간 글씨", "hl-red"), ("파란 배경", "hl-blue-tint")]
    ):
        editor.locator("p").nth(index).click(click_count=3)  # select the paragraph's text
        page.get_by_role("button", name=button).click()
        expect(editor.locator(f"span.{css_class}")).to_have_count(1)

    page.fill("#id_summary_items-0-text", "가상 회담이 열렸다.")
    page.click("#attendee_tables-group .add-row a")
    page.fill("#id_attendee_tables-0-title", "참석자")
    page.fill("#id_attendee_tables-0-grid", "가 측 | 나 측\n김대표 | 박대표")
    page.select_option("#id_status", "published")
    page.locator("#id_published_at_0 ~ .datetimeshortcuts a", has_text="오늘").first.click()
    page.locator("#id_published_at_1 ~ .datetimeshortcuts a", has_text="현재").first.click()
    page.screenshot(path=str(artifacts_dir / "desk-editor.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    story = Article.objects.get(headline="브라우저로 쓴 가상 회담 기사")
    assert list(story.highlights.values_list("style__key", flat=True)) == ["red", "blue-tint"]
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator(".story-body .hl-red").inner_text() == "첫 문장은 빨갛게 강조합니다."
    assert page.locator(".story-body .hl-blue-tint").inner_text() == "둘째 문장은 파란 배경입니다."
    assert page.locator(".story-summary li").inner_text() == "가상 회담이 열렸다."
    assert page.locator(".attendee-table th").all_inner_texts() == ["가 측", "나 측"]
    page.screenshot(path=str(artifacts_dir / "desk-published.png"), full_page=True)
    assert page.console_errors == []
    assert failed == []
