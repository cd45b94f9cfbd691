"""In Chromium: a reader's story page is the stored one, and the desk's saves reach it at once.

The page cache is off (tests/conftest.py), stored story pages are on (as in production): what
the reader sees after each save is the page rendered by the save itself (X-Story-Page: stored).
"""

import pytest
from playwright.sync_api import expect

from reader.models import StoredStoryPage
from tests.browser_desk import desk_user, new_context, sign_in, story_screen, success_message
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def retitle_on_the_desk(browser, live_server, username, story, headline):
    """An editor signs in, gives the story a new headline on its screen and saves it."""
    desk = new_context(browser).new_page()
    sign_in(desk, live_server.url, username)
    story_screen(desk, live_server.url, story)
    desk.get_by_label("제목:", exact=True).fill(headline)
    desk.get_by_role("button", name="저장 및 편집 계속").click()
    success_message(desk, "변경")
    return desk


def test_the_desks_saves_reach_the_readers_stored_page_at_once(live_server, browser):
    desk_user("stored-desk")
    section = CategoryFactory(name="국제")
    story = ArticleFactory(
        headline="가상 회담 개최", section=section, body="<p>처음 본문입니다.</p>"
    )
    reader = new_context(browser).new_page()
    url = live_server.url + story.get_absolute_url()

    first = reader.goto(url)
    assert first.status == 200 and first.headers["x-story-page"] == "stored"
    expect(reader.locator("h1.story-headline")).to_have_text("가상 회담 개최")

    desk = retitle_on_the_desk(browser, live_server, "stored-desk", story, "가상 회담 내일로 연기")

    again = reader.reload()
    assert again.headers["x-story-page"] == "stored"  # rendered by the save, not by the reader
    expect(reader.locator("h1.story-headline")).to_have_text("가상 회담 내일로 연기")
    expect(reader).to_have_title("가상 회담 내일로 연기 | 뉴스룸")

    # A section renamed on its own screen is on every story page at once (rendered anew).
    desk.goto(live_server.url + f"/admin/articles/category/{section.pk}/change/")
    desk.get_by_label("이름:", exact=True).fill("세계")
    desk.get_by_role("button", name="저장", exact=True).click()
    success_message(desk, "변경")

    renamed = reader.reload()
    assert renamed.headers["x-story-page"] == "rendered"
    expect(reader.locator(".breadcrumbs")).to_contain_text("세계")
    expect(reader.locator(".section-nav")).to_contain_text("세계")
    # That reader's render was stored for the next (a new profile, nothing cached).
    other_reader = new_context(browser).new_page()
    assert other_reader.goto(url).headers["x-story-page"] == "stored"
    expect(other_reader.locator(".breadcrumbs")).to_contain_text("세계")
    assert "세계" in StoredStoryPage.objects.get(article=story).content


def test_the_desks_saves_reach_the_home_pages_cards_and_the_search_results(live_server, browser):
    # Home's first page and the story's cards are stored (reader.stored_lists, stored_cards);
    # a search reads its results' cards, headline included, from the stored cards alone.
    desk_user("cards-desk")
    story = ArticleFactory(headline="가상 항만 파업 시작", section=CategoryFactory(name="사회"))
    reader = new_context(browser).new_page()

    def search(words):
        reader.goto(live_server.url + "/")
        reader.get_by_label("기사 검색").fill(words)
        reader.get_by_label("기사 검색").press("Enter")
        reader.wait_for_url("**/search/**")
        return reader.locator(".card-headline").first

    reader.goto(live_server.url + "/")
    expect(reader.get_by_role("link", name="가상 항만 파업 시작").first).to_be_visible()
    expect(search("항만 파업")).to_have_text("가상 항만 파업 시작")

    retitle_on_the_desk(browser, live_server, "cards-desk", story, "가상 항만 파업 사흘째")

    reader.goto(live_server.url + "/")
    expect(reader.get_by_role("link", name="가상 항만 파업 사흘째").first).to_be_visible()
    expect(reader.get_by_text("가상 항만 파업 시작")).to_have_count(0)
    result = search("항만 파업")
    expect(result).to_have_text("가상 항만 파업 사흘째")
    expect(result.locator("mark")).to_have_text(["항만", "파업"])
