"""The Content-Security-Policy in a real browser: the admin's rich editor works under it with no
violation, and markup that slipped past the sanitizer still could not run."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from newsroom import roles
from tests.factories import ArticleFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page) -> list[str]:
    """Every console message of any level: CSP violations are logged as errors or warnings."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def violations(messages) -> list[str]:
    return [text for text in messages if "Refused to" in text or "Content Security" in text]


def test_the_rich_editor_works_under_the_policy(live_server, page):
    user_with_role(roles.EDITOR, "csp-desk")
    messages = watch_console(page)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "csp-desk")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    response = page.goto(live_server.url + reverse("admin:articles_article_add"))

    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'nonce-" in policy
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type("정책 아래에서도 편집기가 동작합니다.")
    editor.locator("p").first.click(click_count=3)
    page.get_by_role("button", name="빨간 글씨").click()
    expect(editor.locator("span.hl-red")).to_have_count(1)

    assert violations(messages) == []
    assert page.console_errors == []


def test_markup_that_bypassed_the_sanitizer_is_still_blocked(live_server, page):
    """Defence in depth: were a handler ever stored, the policy would refuse to run it."""
    article = ArticleFactory(headline="정책 점검용 가상 기사")
    # update() skips save() and with it the sanitizer, as a bug or a raw SQL fix might.
    Article.objects.filter(pk=article.pk).update(
        body='<p>본문</p><img src="/no-such.png" onerror="window.__xss=1">'
        "<script>window.__xss=2</script>"
    )
    call_command("render_story_pages", article.pk)  # what shows such a fix to readers
    messages = watch_console(page)
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert len(violations(messages)) >= 2  # the handler and the inline script, both refused
