"""What the desk's browser journeys share: signing in by typing, the story screen's parts.

Every journey drives Chromium by clicking and typing as a person would: no direct POSTs and no
page.evaluate() to fill a form. JavaScript is evaluated only to read what the page shows
(sizes, computed colours).
"""

import re

from playwright.sync_api import Page, expect

from newsroom import roles
from tests.factories import user_with_role

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def desk_user(username: str = "desk-editor"):
    return user_with_role(roles.EDITOR, username)


def new_context(browser, viewport=DESKTOP):
    """A fresh browser profile in Korean, in Korea time: a second person at another desk."""
    return browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport=viewport)


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def story_screen(page: Page, base_url: str, article=None) -> None:
    """Open the story screen (add or change) and wait for the body editor."""
    path = (
        f"/admin/articles/article/{article.pk}/change/"
        if article
        else "/admin/articles/article/add/"
    )
    page.goto(base_url + path)
    expect(body_editor(page)).to_be_visible()


def body_editor(page: Page):
    return page.locator(".prose-editor [contenteditable=true]")


def open_fieldset(page: Page, name: str) -> None:
    """Open a collapsed part of the story screen (속보 설정, 관련 링크, 주소와 기록)."""
    summary = page.locator("fieldset details > summary", has_text=name)
    details = summary.locator("xpath=..")
    if details.get_attribute("open") is None:
        summary.click()


def pick_autocomplete(page: Page, field_id: str, typed: str, choice: str) -> None:
    """Choose from one of the admin's autocomplete (select2) fields by typing."""
    page.locator(
        f"#{field_id} + .select2 .select2-selection, #{field_id} ~ .select2 .select2-selection"
    ).first.click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=choice).first.click()


def message_text(page: Page) -> str:
    return page.locator(".messagelist").inner_text()


def success_message(page: Page, pattern: str) -> None:
    expect(page.locator(".messagelist .success")).to_contain_text(re.compile(pattern))
