"""A moderator approves a suggestion in the queue and readers see it under the story."""

import pytest

from newsroom.roles import MODERATOR
from tests.factories import ArticleFactory, SuggestionFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_approves_a_suggestion_and_it_appears_on_the_story(
    live_server, page, artifacts_dir
):
    user_with_role(MODERATOR, "moderator")
    story = ArticleFactory(headline="가상 항만 파업 사흘째")
    suggestion = SuggestionFactory(
        article=story, target=ArticleFactory(headline="물류 대란 우려 커져")
    )

    # The admin pages link no favicon, so the browser asks for /favicon.ico and gets a 404.
    broken = []
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and broken.append(r.url),
    )

    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator(".story-related").count() == 0

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/related/relatedentry/")
    row = page.locator("#result_list tbody tr").filter(
        has=page.locator(f"input[name=_selected_action][value='{suggestion.pk}']")
    )
    assert "물류 대란 우려 커져" in row.inner_text()
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    assert "1건을 승인했습니다" in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(artifacts_dir / "related-queue.png"), full_page=True)

    page.goto(live_server.url + story.get_absolute_url())
    link = page.locator(".story-related a", has_text="물류 대란 우려 커져")
    assert link.count() == 1
    link.click()
    assert page.locator("h1").first.inner_text() == "물류 대란 우려 커져"
    assert broken == []
    assert [e for e in page.console_errors if "404" not in e] == []
