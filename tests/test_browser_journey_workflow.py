"""The desk's workflow clicked through in Chromium: every button, bulk action and side page.

Each journey types and clicks as an editor would (no direct POSTs, JavaScript only to read),
then checks the outcome where a reader or the database would see it. A button that passes with
the test client but sits outside its form, or a page that logs a script error, fails here.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Article
from live.models import LiveUpdate, StoryNote
from newsroom import roles
from tests.browser_desk import (
    desk_user,
    new_context,
    sign_in,
    story_screen,
    watch_errors,
)
from tests.factories import ArticleFactory, CategoryFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15_000  # the machine is shared: generous waits, never sleeps
Status = Article.Status


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(30_000)
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the other browser files


def draft(**fields) -> Article:
    return ArticleFactory(status=Status.DRAFT, published_at=None, **fields)


def workflow_buttons(page: Page):
    return page.locator(".desk-actions button[name=_workflow]")


def press(page: Page, label: str) -> None:
    page.locator(".desk-actions").get_by_role("button", name=label, exact=True).click()


def expect_done(page: Page, text: str) -> None:
    expect(page.locator(".messagelist .success")).to_contain_text(text, timeout=WAIT)


def expect_buttons(page: Page, labels: list[str]) -> None:
    """Exactly these workflow buttons, in the page's order: none that would do nothing."""
    expect(workflow_buttons(page)).to_have_text(labels, timeout=WAIT)


def as_reader(browser, url: str) -> tuple[int, str, str]:
    """What a reader who never signed in gets at url: status, page text, 속보 banner headline."""
    context = new_context(browser)
    try:
        reader = context.new_page()
        response = reader.goto(url)
        banner = reader.locator(".breaking-banner .breaking-headline")
        headline = banner.inner_text() if banner.count() else ""
        return response.status, reader.locator("body").inner_text(), headline
    finally:
        context.close()


def desk_page(page: Page, live_server, username: str = "desk-editor") -> Page:
    desk_user(username)
    sign_in(page, live_server.url, username)
    return page


# --- the change page's workflow buttons ---------------------------------------------------------


def test_it_sends_a_reporters_draft_to_review_and_the_desk_sees_it(
    live_server, browser, page, artifacts_dir
):
    reporter = user_with_role(roles.REPORTER, "reporter-kim")
    story = draft(headline="가상 섬마을 다리 개통 앞둬", created_by=reporter)
    sign_in(page, live_server.url, "reporter-kim")
    story_screen(page, live_server.url, story)
    expect_buttons(page, ["검토 요청"])  # a reporter publishes nothing

    page.fill("#id_deck", "주민 숙원 사업, 다음 달 개통 예정")
    press(page, "검토 요청")
    expect_done(page, "'가상 섬마을 다리 개통 앞둬' 기사의 검토를 요청했습니다.")
    expect(page.locator("#desk-status")).to_have_text("검토 중")
    expect(workflow_buttons(page)).to_have_count(0)  # nothing left for a reporter to press
    page.screenshot(path=str(artifacts_dir / "journey-workflow-submit.png"), full_page=True)
    story.refresh_from_db()
    assert (story.status, story.deck) == (Status.REVIEW, "주민 숙원 사업, 다음 달 개통 예정")

    desk = new_context(browser)
    try:
        editor = desk.new_page()
        editor.set_default_timeout(WAIT)
        errors = watch_errors(editor)
        desk_user("desk-park")
        sign_in(editor, live_server.url, "desk-park")
        editor.goto(live_server.url + "/admin/articles/article/")
        editor.locator("#changelist-filter a", has_text="검토 중").first.click()
        row = editor.locator("#result_list tbody tr", has_text="가상 섬마을 다리 개통 앞둬")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("검토 중")
        row.get_by_role("link", name="가상 섬마을 다리 개통 앞둬").click()
        expect(editor.locator("#desk-status")).to_have_text("검토 중")
        expect_buttons(editor, ["지금 게시", "예약", "속보 지정"])
        editor.screenshot(path=str(artifacts_dir / "journey-workflow-review-desk.png"))
        assert errors == []
    finally:
        desk.close()
    assert page.console_errors == []


def test_it_publishes_now_with_the_deck_typed_just_before(live_server, page, artifacts_dir):
    story = draft(headline="가상 항구 도시 새 여객선 취항")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    expect_buttons(page, ["검토 요청", "지금 게시", "예약", "속보 지정"])

    page.fill("#id_deck", "첫 배는 새벽 여섯 시에 떠난다")
    press(page, "지금 게시")
    expect_done(page, "'가상 항구 도시 새 여객선 취항' 기사를 게시했습니다.")
    expect(page.locator("#desk-status")).to_have_text("게시")
    # Published: 지금 게시, 검토 요청 and 예약 (for stories not yet out) are gone.
    expect_buttons(page, ["게시 중단", "속보 지정"])
    page.screenshot(path=str(artifacts_dir / "journey-workflow-publish.png"), full_page=True)

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".story-deck")).to_have_text("첫 배는 새벽 여섯 시에 떠난다")
    assert page.console_errors == []


def test_it_schedules_for_the_time_typed_and_keeps_it_off_the_site(
    live_server, browser, page, artifacts_dir
):
    story = draft(headline="가상 우주센터 위성 발사 예정")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)

    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    page.fill("#id_published_at_0", at.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", at.strftime("%H:%M:%S"))
    press(page, "예약")
    expect_done(page, "'가상 우주센터 위성 발사 예정' 기사를 예약했습니다.")
    expect(page.locator("#desk-status")).to_have_text("예약")
    # Scheduled: it may still go out now, be moved to another time or be called off.
    expect_buttons(page, ["지금 게시", "예약", "게시 중단", "속보 지정"])
    expect(page.locator("#id_published_at_0")).to_have_value(at.strftime("%Y-%m-%d"))
    page.screenshot(path=str(artifacts_dir / "journey-workflow-schedule.png"), full_page=True)

    story.refresh_from_db()
    assert story.status == Status.SCHEDULED
    assert story.published_at == at
    assert not Article.objects.published().filter(pk=story.pk).exists()
    status, text, _banner = as_reader(browser, live_server.url + story.get_absolute_url())
    assert status == 404
    assert "가상 우주센터 위성 발사 예정" not in text
    assert page.console_errors == []


def test_it_unpublishes_a_published_story(live_server, browser, page, artifacts_dir):
    story = ArticleFactory(headline="가상 놀이공원 안전 점검 착수")
    url = live_server.url + story.get_absolute_url()
    assert as_reader(browser, url)[0] == 200
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    expect_buttons(page, ["게시 중단", "속보 지정"])

    press(page, "게시 중단")
    expect_done(page, "'가상 놀이공원 안전 점검 착수' 기사의 게시를 중단했습니다.")
    expect(page.locator("#desk-status")).to_have_text("게시 중단")
    expect_buttons(page, ["검토 요청", "지금 게시", "예약", "속보 지정"])
    page.screenshot(path=str(artifacts_dir / "journey-workflow-unpublish.png"), full_page=True)

    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
    status, text, _banner = as_reader(browser, url)
    assert status == 404
    assert "가상 놀이공원 안전 점검 착수" not in text
    assert page.console_errors == []


def test_it_marks_and_unmarks_breaking_on_the_home_banner(
    live_server, browser, page, artifacts_dir
):
    story = ArticleFactory(headline="가상 산간 지역 폭설 경보")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)

    press(page, "속보 지정")
    expect_done(page, "'가상 산간 지역 폭설 경보' 기사를 속보로 지정했습니다.")
    expect(page.locator(".desk-state .desk-breaking")).to_have_text("속보")
    expect_buttons(page, ["게시 중단", "속보 해제"])
    story.refresh_from_db()
    assert story.is_breaking
    assert as_reader(browser, live_server.url + "/")[2] == "가상 산간 지역 폭설 경보"
    page.goto(live_server.url + "/")
    expect(page.locator(".breaking-banner .breaking-headline")).to_have_text(
        "가상 산간 지역 폭설 경보"
    )
    page.screenshot(path=str(artifacts_dir / "journey-workflow-breaking-home.png"))

    story_screen(page, live_server.url, story)
    press(page, "속보 해제")
    expect_done(page, "'가상 산간 지역 폭설 경보' 기사의 속보를 해제했습니다.")
    expect(page.locator(".desk-state .desk-breaking")).to_have_count(0)
    expect_buttons(page, ["게시 중단", "속보 지정"])
    page.screenshot(path=str(artifacts_dir / "journey-workflow-breaking-off.png"), full_page=True)
    story.refresh_from_db()
    assert not story.is_breaking
    assert as_reader(browser, live_server.url + "/")[2] == ""
    assert page.console_errors == []


# --- bulk actions in the list -------------------------------------------------------------------


def run_action(page: Page, headlines: list[str], action_label: str) -> None:
    """Tick the rows of these stories, choose the action, press Django's 실행."""
    for headline in headlines:
        row = page.locator("#result_list tbody tr", has_text=headline)
        row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.get_by_role("button", name="실행").click()


def test_it_runs_every_bulk_action_from_the_list(live_server, browser, page, artifacts_dir):
    first = draft(headline="가상 호수 마을 수질 조사")
    second = draft(headline="가상 고원 도로 낙석 주의")
    untouched = draft(headline="가상 사막 도시 축제 준비")
    story_url = live_server.url + first.get_absolute_url()
    desk_page(page, live_server)
    page.goto(live_server.url + "/admin/articles/article/")

    def states():
        return {
            a.headline: (a.status, a.is_breaking)
            for a in Article.objects.filter(pk__in=[first.pk, second.pk, untouched.pk])
        }

    # Each action, what the two ticked stories become, and what a reader then gets:
    # (story page status, 속보 banner headline on the home page).
    steps = [
        ("선택한 기사 검토 요청", (Status.REVIEW, False), (404, "")),
        ("선택한 기사를 지금 게시", (Status.PUBLISHED, False), (200, "")),
        ("선택한 기사를 속보로 지정", (Status.PUBLISHED, True), (200, "banner")),
        ("선택한 기사의 속보 해제", (Status.PUBLISHED, False), (200, "")),
        ("선택한 기사 게시 중단", (Status.UNPUBLISHED, False), (404, "")),
    ]
    for number, (label, expected, (story_status, banner)) in enumerate(steps):
        run_action(page, [first.headline, second.headline], label)
        expect_done(page, "2건을 처리했습니다.")
        page.screenshot(path=str(artifacts_dir / f"journey-workflow-bulk-{number}.png"))
        assert states() == {
            first.headline: expected,
            second.headline: expected,
            untouched.headline: (Status.DRAFT, False),
        }, label
        assert as_reader(browser, story_url)[0] == story_status, label
        shown = as_reader(browser, live_server.url + "/")[2]
        if banner:
            assert shown in (first.headline, second.headline), label
        else:
            assert shown == "", label
    assert page.console_errors == []


# --- the 속보 flash, live updates, corrections ---------------------------------------------------


def test_it_sends_a_flash_that_leads_the_home_page(live_server, browser, page, artifacts_dir):
    CategoryFactory(name="사회")
    desk_page(page, live_server)
    page.goto(live_server.url + "/admin/articles/article/")
    page.get_by_role("link", name="속보 플래시").click()
    page.get_by_label("제목").fill("가상 도심 대규모 정전 발생")
    page.get_by_label("한 줄 요약").fill("변전소 화재로 수만 가구 전기 끊겨")
    page.get_by_label("섹션").select_option(label="사회")
    page.screenshot(path=str(artifacts_dir / "journey-workflow-flash-form.png"))
    page.get_by_role("button", name="속보 게시").click()
    expect_done(page, "속보를 게시했습니다: 가상 도심 대규모 정전 발생")
    expect(page.locator("#desk-status")).to_have_text("게시")

    story = Article.objects.get(headline="가상 도심 대규모 정전 발생")
    assert (story.status, story.is_breaking, story.section.name) == (
        Status.PUBLISHED,
        True,
        "사회",
    )
    assert as_reader(browser, live_server.url + "/")[2] == "가상 도심 대규모 정전 발생"
    page.goto(live_server.url + "/")
    banner = page.locator(".breaking-banner")
    expect(banner.locator(".breaking-headline")).to_have_text("가상 도심 대규모 정전 발생")
    page.screenshot(path=str(artifacts_dir / "journey-workflow-flash-home.png"))
    banner.get_by_role("link").click()
    expect(page.locator(".story-deck")).to_have_text("변전소 화재로 수만 가구 전기 끊겨")
    assert page.console_errors == []


def test_it_posts_a_live_update_from_the_story_screen(live_server, page, artifacts_dir):
    story = ArticleFactory(headline="가상 해협 여객선 좌초 구조 작업")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    page.locator("#content").get_by_role("link", name="실시간 업데이트 추가").first.click()
    page.get_by_label("내용").fill("승객 전원 구조 완료, 부상자는 없다고 해경이 밝혔다")
    page.screenshot(path=str(artifacts_dir / "journey-workflow-live-form.png"))
    page.get_by_role("button", name="올리기", exact=True).click()
    expect_done(page, "실시간 업데이트를 올렸습니다.")
    expect(page.locator("#story-layout")).to_be_visible()  # back on the story screen

    assert LiveUpdate.objects.filter(article=story).count() == 1
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator("[data-live-list] > li").first).to_contain_text(
        "승객 전원 구조 완료, 부상자는 없다고 해경이 밝혔다"
    )
    page.screenshot(path=str(artifacts_dir / "journey-workflow-live-public.png"), full_page=True)
    assert page.console_errors == []


def test_it_adds_a_correction_from_the_sidebar(live_server, page, artifacts_dir):
    story = ArticleFactory(headline="가상 시립도서관 개관 시간 변경")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    page.locator("#add-story-note").click()
    page.get_by_label("종류").select_option(label="정정")
    page.get_by_label("내용").fill("개관 시간을 오전 9시에서 오전 10시로 바로잡았습니다.")
    page.screenshot(
        path=str(artifacts_dir / "journey-workflow-correction-form.png"), full_page=True
    )
    page.get_by_role("button", name="저장", exact=True).click()

    expect_done(page, "'가상 시립도서관 개관 시간 변경' 기사에")
    expect(page.locator("#story-layout")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/admin/articles/article/{story.pk}/change/$"))
    note = StoryNote.objects.get(article=story)
    assert note.kind == "correction"
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".story-notes-list li")).to_contain_text(
        "정정: 개관 시간을 오전 9시에서 오전 10시로 바로잡았습니다."
    )
    page.screenshot(
        path=str(artifacts_dir / "journey-workflow-correction-public.png"), full_page=True
    )
    assert page.console_errors == []


# --- preview links ------------------------------------------------------------------------------


def test_it_creates_opens_and_revokes_a_preview_link(
    live_server, browser, page, artifacts_dir, settings
):
    # Links are made on the public address; here the public site is the test server.
    settings.SITE_URL = live_server.url
    story = draft(headline="가상 신도시 지하철 노선 확정", deck="공개 전 미리 보는 초안")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    page.get_by_role("button", name="미리보기 링크 만들기").click()
    expect_done(page, "미리보기 링크를 만들었습니다")
    link_field = page.locator(".preview-link-url")
    expect(link_field).to_have_count(1)
    url = link_field.input_value()
    assert url.startswith(live_server.url + "/")
    page.screenshot(path=str(artifacts_dir / "journey-workflow-preview-link.png"), full_page=True)

    outsider = new_context(browser)
    try:
        reader = outsider.new_page()
        reader.set_default_timeout(WAIT)
        errors = watch_errors(reader)
        assert reader.goto(url).status == 200
        expect(reader.locator("h1.story-headline")).to_have_text("가상 신도시 지하철 노선 확정")
        expect(reader.locator(".story-deck")).to_have_text("공개 전 미리 보는 초안")
        reader.screenshot(path=str(artifacts_dir / "journey-workflow-preview-anonymous.png"))
        assert errors == []

        page.locator(".preview-links").get_by_role("button", name="취소").click()
        expect_done(page, "미리보기 링크를 취소했습니다.")
        expect(page.locator(".preview-link-url")).to_have_count(0)
        assert story.preview_links.get().revoked_at is not None

        response = reader.goto(url)
        assert response.status == 404
        expect(reader.locator("body")).not_to_contain_text("가상 신도시 지하철 노선 확정")
        reader.screenshot(path=str(artifacts_dir / "journey-workflow-preview-revoked.png"))
    finally:
        outsider.close()
    assert page.console_errors == []


# --- revisions: history, compare, restore -------------------------------------------------------


def save_deck(page: Page, deck: str) -> None:
    page.fill("#id_deck", deck)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_deck")).to_have_value(deck)


def test_it_compares_two_versions_and_restores_the_older(live_server, page, artifacts_dir):
    story = ArticleFactory(headline="가상 강변 공원 재개장", deck="처음 쓴 부제")
    desk_page(page, live_server)
    story_screen(page, live_server.url, story)
    save_deck(page, "첫 번째로 고친 부제")
    save_deck(page, "두 번째로 고친 부제")

    page.get_by_role("link", name="변경 이력 · 비교 · 복원").click()
    history = page.locator("#change-history tbody tr")
    expect(history).to_have_count(2)
    page.screenshot(path=str(artifacts_dir / "journey-workflow-history.png"), full_page=True)
    # Newest first: the older version on the left, the newer on the right, as the UI proposes.
    history.nth(1).locator("input[name=version_id1]").check()
    history.nth(0).locator("input[name=version_id2]").check()
    page.locator("#change-history thead input[type=submit]").click()
    compare = page.locator("#content-main")
    expect(compare).to_contain_text("첫 번째로 고친 부제")
    expect(compare).to_contain_text("두 번째로 고친 부제")
    page.screenshot(
        path=str(artifacts_dir / "journey-workflow-history-compare.png"), full_page=True
    )

    page.get_by_role("link", name=re.compile("이력|History", re.I)).first.click()
    history.nth(1).locator("th a").click()
    # The restore page is the story screen with the old text, its editor loaded, in Korean.
    expect(page.locator("h1")).to_have_text("이전 버전으로 되돌리기")
    expect(page.locator("#story-layout")).to_be_visible()
    expect(page.locator(".prose-editor [contenteditable=true]")).to_be_visible()
    expect(page.locator("#id_deck")).to_have_value("첫 번째로 고친 부제")
    page.screenshot(
        path=str(artifacts_dir / "journey-workflow-history-restore.png"), full_page=True
    )
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    story.refresh_from_db()
    assert story.deck == "첫 번째로 고친 부제"
    story_screen(page, live_server.url, story)
    expect(page.locator("#id_deck")).to_have_value("첫 번째로 고친 부제")
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.locator(".story-deck")).to_have_text("첫 번째로 고친 부제")
    assert page.console_errors == []
