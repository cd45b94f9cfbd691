"""Nothing an editor types is lost, and nobody does what their role may not: in Chromium.

Each journey clicks and types as a person would (no direct POSTs, no script filling a form;
page.evaluate only reads), then checks the database or the public story page. The last test
is a server test: the requests a reporter's screen does not offer, forged, change nothing.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles import editing
from articles.models import Article, ArticleEvent
from newsroom import roles
from related.models import RelatedEntry
from tests.browser_desk import (
    body_editor,
    desk_user,
    new_context,
    sign_in,
    story_screen,
)
from tests.desk_helpers import change_form_data, change_url, transition_url
from tests.factories import ArticleFactory, SuggestionFactory, user_with_role

WAIT = 15000  # ms: the machine is shared; a slow page is not a broken one
DRAFT = Article.Status.DRAFT
FORBIDDEN_FOR_REPORTERS = (
    "지금 게시",
    "예약",
    "게시 중단",
    "속보 지정",
    "속보 해제",
    "편집 넘겨받기",
)


def draft_story(**fields) -> Article:
    return ArticleFactory(
        status=DRAFT,
        published_at=None,
        deck="가상 항만 노사가 다시 만났다",
        body="<p>가상 항만의 노사가 사흘 만에 협상을 재개했다.</p>",
        **fields,
    )


def draft_key(article) -> str:
    return f"newsroom:draft:{article.pk}"


def stored_draft(page, article):
    """The local copy of unsaved edits the page keeps for this story (read only)."""
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", draft_key(article))


def wait_for_stored(page, article, text: str) -> None:
    """Wait until the page's local copy holds text (it is written shortly after typing)."""
    page.wait_for_function(
        "([key, text]) => (localStorage.getItem(key) || '').includes(text)",
        arg=[draft_key(article), text],
        timeout=WAIT,
    )


def wait_for_story_script(page) -> None:
    """The story script has seen the body editor: it translated the menu, then decided whether
    to offer a restore, in the same event; after this a missing offer stays missing."""
    expect(page.locator(".prose-editor [title='굵게']").first).to_be_attached(timeout=WAIT)


def watch_errors(page, errors: list[str]) -> list[str]:
    """Collect page's console errors and uncaught exceptions into errors (one list per person)."""
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    return errors


def replace_body(page, text: str) -> None:
    body_editor(page).click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


# --- 1. two editors, one story: the second save is refused and keeps its text ---------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_stale_save_is_refused_and_keeps_the_typed_text(live_server, browser, artifacts_dir):
    desk_user("desk-a")
    desk_user("desk-b")
    story = draft_story(headline="가상 항만 협상 재개")
    url = live_server.url
    context_a, context_b = new_context(browser), new_context(browser)
    page_a, page_b = context_a.new_page(), context_b.new_page()
    errors_a, errors_b = watch_errors(page_a, []), watch_errors(page_b, [])
    sign_in(page_a, url, "desk-a")
    sign_in(page_b, url, "desk-b")
    story_screen(page_a, url, story)
    story_screen(page_b, url, story)

    page_a.locator("#id_headline").fill("가상 항만 협상 이틀째")
    page_a.locator("input[name=_continue]").click()
    expect(page_a.locator(".messagelist .success")).to_be_visible(timeout=WAIT)
    assert Article.objects.get(pk=story.pk).headline == "가상 항만 협상 이틀째"

    deck_b = "B가 고친 부제: 협상 타결 임박"
    body_b = "B가 새로 쓴 본문 문장입니다."
    page_b.locator("#id_deck").fill(deck_b)
    replace_body(page_b, body_b)
    page_b.locator("input[name=_save]").click()

    refusal = page_b.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("desk-a님이", timeout=WAIT)
    expect(refusal).to_contain_text(re.compile(r"\d{4}년 \d{1,2}월 \d{1,2}일 .* \d{1,2}:\d{2}"))
    expect(refusal).to_contain_text("저장하지 않았습니다")
    expect(page_b.locator("#id_deck")).to_have_value(deck_b)
    expect(body_editor(page_b)).to_have_text(body_b)
    expect(page_b.locator("#id_headline")).to_have_value("가상 항만 협상 재개")
    # The form itself still holds the text: no offer to restore what is already on screen.
    wait_for_story_script(page_b)
    expect(page_b.locator("#draft-restore")).to_have_count(0)
    page_b.screenshot(path=str(artifacts_dir / "journey-conflict-save.png"), full_page=True)

    # B leaves the refused page and comes back to the story as it now stands: the typed text
    # is offered back, and restoring it brings B's parts without undoing A's headline.
    page_b.close()
    page_b = context_b.new_page()
    watch_errors(page_b, errors_b)
    story_screen(page_b, url, story)
    offer = page_b.locator("#draft-restore")
    expect(offer).to_contain_text("저장하지 않은 편집 내용이 있습니다", timeout=WAIT)
    expect(offer).to_contain_text("다른 버전으로 바뀌었으니")
    expect(page_b.locator("#id_headline")).to_have_value("가상 항만 협상 이틀째")
    offer.get_by_role("button", name="복원").click()
    expect(page_b.locator("#id_deck")).to_have_value(deck_b)
    expect(body_editor(page_b)).to_have_text(body_b)
    expect(page_b.locator("#id_headline")).to_have_value("가상 항만 협상 이틀째")
    page_b.screenshot(path=str(artifacts_dir / "journey-conflict-restored.png"), full_page=True)

    # A saves again meanwhile; B's save-and-publish is refused the same way, text kept.
    page_a.locator("#id_excerpt").fill("노사가 이틀째 마주 앉았다.")
    page_a.locator("input[name=_continue]").click()
    expect(page_a.locator(".messagelist .success")).to_be_visible(timeout=WAIT)
    saved_by_a = Article.objects.get(pk=story.pk)
    page_b.locator("button[name=_workflow][value=publish]").click()
    expect(page_b.locator(".errorlist.nonfield")).to_contain_text("desk-a님이", timeout=WAIT)
    expect(page_b.locator("#id_deck")).to_have_value(deck_b)
    expect(body_editor(page_b)).to_have_text(body_b)
    page_b.screenshot(path=str(artifacts_dir / "journey-conflict-publish.png"), full_page=True)

    story.refresh_from_db()
    assert story.version == saved_by_a.version
    assert story.headline == "가상 항만 협상 이틀째"
    assert story.excerpt == "노사가 이틀째 마주 앉았다."
    assert story.deck == "가상 항만 노사가 다시 만났다"
    assert "B가" not in story.body
    assert story.status == DRAFT
    assert not story.events.filter(user__username="desk-b").exists()
    context_a.close()
    context_b.close()
    assert errors_a == [] and errors_b == []


# --- 2. the "editing now" marker and an explicit, logged take-over ----------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editing_marker_names_the_holder_and_moves_on_take_over(
    live_server, browser, artifacts_dir
):
    desk_user("desk-a")
    taker = desk_user("desk-b")
    assert taker.has_perm("articles.take_over_editing")
    story = draft_story(headline="가상 철도 노선 개통 연기")
    url = live_server.url
    context_a, context_b = new_context(browser), new_context(browser)
    page_a, page_b = context_a.new_page(), context_b.new_page()
    errors_a, errors_b = watch_errors(page_a, []), watch_errors(page_b, [])
    sign_in(page_a, url, "desk-a")
    sign_in(page_b, url, "desk-b")
    story_screen(page_a, url, story)
    expect(page_a.locator("#editing-now")).to_have_count(0)
    # The page keeps the marker alive with heartbeats to this address.
    expect(page_a.locator("#desk-panel")).to_have_attribute(
        "data-editing-url", re.compile(rf"/{story.pk}/editing/$")
    )

    story_screen(page_b, url, story)
    marker = page_b.locator("#editing-now")
    expect(marker).to_contain_text(
        re.compile(r"desk-a님이 \d{2}:\d{2}\(KST\)부터 이 기사를 편집하고 있습니다")
    )
    # B started typing before taking over: the take-over is not a save, so the typed text
    # is offered back afterwards (the browser's "leave this page?" prompt is accepted).
    page_b.locator("#id_deck").fill("B가 넘겨받기 전에 쓴 부제")
    wait_for_stored(page_b, story, "B가 넘겨받기 전에 쓴 부제")
    page_b.on("dialog", lambda dialog: dialog.accept())
    page_b.get_by_role("button", name="편집 넘겨받기").click()
    expect(page_b.locator(".messagelist .success")).to_contain_text(
        "편집을 넘겨받았습니다", timeout=WAIT
    )
    expect(page_b.locator("#editing-now")).to_have_count(0)
    offer = page_b.locator("#draft-restore")
    expect(offer).to_be_visible(timeout=WAIT)
    offer.get_by_role("button", name="복원").click()
    expect(page_b.locator("#id_deck")).to_have_value("B가 넘겨받기 전에 쓴 부제")
    page_b.screenshot(path=str(artifacts_dir / "journey-take-over.png"), full_page=True)

    story_screen(page_a, url, story)
    expect(page_a.locator("#editing-now")).to_contain_text("desk-b님이")
    expect(page_a.get_by_role("button", name="편집 넘겨받기")).to_be_visible()
    page_a.screenshot(path=str(artifacts_dir / "journey-take-over-seen.png"), full_page=True)

    event = story.events.get(action=ArticleEvent.Action.TAKEOVER)
    assert event.user == taker
    assert event.note == "desk-a님에게서"
    assert editing.current_marker(story.pk).username == "desk-b"
    context_a.close()
    context_b.close()
    assert errors_a == [] and errors_b == []


# --- 3. typed text survives a closed tab: restore and discard ---------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unsaved_text_is_offered_back_after_the_tab_closes(live_server, browser, artifacts_dir):
    desk_user("desk-a")
    story = draft_story(headline="가상 공항 활주로 보수")
    url = live_server.url
    context = new_context(browser)
    page = context.new_page()
    errors = watch_errors(page, [])
    sign_in(page, url, "desk-a")
    story_screen(page, url, story)

    typed = {
        "#id_headline": "가상 공항 활주로 보수 끝나",
        "#id_deck": "이틀 앞당겨 끝났다",
    }
    body = "보수 공사는 예정보다 이틀 빨리 끝났다."
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    replace_body(page, body)
    wait_for_stored(page, story, body)
    page.close()  # no save: the tab is gone, the browser profile stays

    page = context.new_page()
    watch_errors(page, errors)
    story_screen(page, url, story)
    offer = page.locator("#draft-restore")
    expect(offer).to_contain_text("저장하지 않은 편집 내용이 있습니다", timeout=WAIT)
    expect(page.locator("#id_headline")).to_have_value("가상 공항 활주로 보수")
    page.screenshot(path=str(artifacts_dir / "journey-draft-offer.png"), full_page=True)
    offer.get_by_role("button", name="복원").click()
    expect(offer).to_have_count(0)
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(body_editor(page)).to_have_text(body)
    page.screenshot(path=str(artifacts_dir / "journey-draft-restored.png"), full_page=True)
    story.refresh_from_db()
    assert story.headline == "가상 공항 활주로 보수"  # restored on screen, not saved

    page.close()
    page = context.new_page()
    watch_errors(page, errors)
    story_screen(page, url, story)
    offer = page.locator("#draft-restore")
    expect(offer).to_be_visible(timeout=WAIT)
    offer.get_by_role("button", name="버리기").click()
    expect(offer).to_have_count(0)
    assert stored_draft(page, story) is None
    expect(page.locator("#id_headline")).to_have_value("가상 공항 활주로 보수")

    page.reload()
    wait_for_story_script(page)
    expect(page.locator("#draft-restore")).to_have_count(0)
    context.close()
    assert errors == []


# --- 4. Ctrl+S saves and stays on the story ---------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_control_s_saves_and_keeps_editing(live_server, page, artifacts_dir):
    desk_user("desk-a")
    story = draft_story(headline="가상 교량 안전 점검")
    story_url = change_url(story)
    sign_in(page, live_server.url, "desk-a")
    story_screen(page, live_server.url, story)

    page.locator("#id_deck").fill("점검 결과 보강 공사가 필요하다")
    page.keyboard.press("Control+s")
    expect(page.locator(".messagelist .success")).to_be_visible(timeout=WAIT)
    assert page.url.endswith(story_url)
    expect(page.locator("#id_deck")).to_have_value("점검 결과 보강 공사가 필요하다")
    story.refresh_from_db()
    assert story.deck == "점검 결과 보강 공사가 필요하다"
    assert story.updated_by.username == "desk-a"
    wait_for_story_script(page)
    expect(page.locator("#draft-restore")).to_have_count(0)
    assert stored_draft(page, story) is None
    page.screenshot(path=str(artifacts_dir / "journey-ctrl-s.png"), full_page=True)
    assert page.console_errors == []


# --- 5. a reporter sees only what it may use; forged requests change nothing ----------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reporter_sees_no_button_it_may_not_use(live_server, page, artifacts_dir):
    reporter = user_with_role(roles.REPORTER, "reporter-kim")
    editor = desk_user("desk-lee")
    story = draft_story(headline="가상 시장 골목 상권 살아나", created_by=reporter)
    editing.hold(story.pk, editor)
    sign_in(page, live_server.url, "reporter-kim")
    story_screen(page, live_server.url, story)

    expect(page.locator("#editing-now")).to_contain_text("desk-lee님이")
    buttons = page.locator("#desk-panel .desk-actions button")
    expect(buttons).to_have_text(["검토 요청"])
    for label in FORBIDDEN_FOR_REPORTERS:
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "journey-reporter-story.png"), full_page=True)

    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    actions = page.locator("select[name=action] option")
    values = actions.evaluate_all("options => options.map(o => o.value)")
    assert "submit_selected" in values
    assert not {
        "publish_selected",
        "unpublish_selected",
        "mark_breaking_selected",
        "unmark_breaking_selected",
    } & set(values)
    page.screenshot(path=str(artifacts_dir / "journey-reporter-list.png"), full_page=True)

    story_screen(page, live_server.url, story)
    page.get_by_role("button", name="검토 요청").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "'가상 시장 골목 상권 살아나' 기사의 검토를 요청했습니다", timeout=WAIT
    )
    story.refresh_from_db()
    assert story.status == Article.Status.REVIEW
    assert page.console_errors == []


def workflow_state():
    return {
        article.pk: (
            article.status,
            article.is_breaking,
            article.published_at,
            article.version,
            article.headline,
        )
        for article in Article.objects.all()
    }


@pytest.mark.django_db
def test_forged_requests_for_a_reporters_hidden_buttons_change_nothing(client):
    reporter = user_with_role(roles.REPORTER, "reporter-kim")
    editor = user_with_role(roles.EDITOR, "desk-lee")
    own = draft_story(headline="기자의 초안", created_by=reporter)
    others = draft_story(headline="데스크의 초안", created_by=editor)
    public = ArticleFactory(headline="게시된 기사", created_by=editor)
    editing.hold(own.pk, editor)
    before, events_before = workflow_state(), ArticleEvent.objects.count()
    client.force_login(reporter)

    for article in (own, public):
        for name in ("publish", "schedule", "unpublish", "breaking_on", "breaking_off"):
            response = client.post(transition_url(article, name), {"version": article.version})
            assert response.status_code == 403, (article.headline, name)
    response = client.post(transition_url(others, "submit"), {"version": others.version})
    assert response.status_code == 403

    for name in ("publish", "schedule", "unpublish", "breaking_on"):
        data = change_form_data(own, headline="위조된 제목", _workflow=name)
        response = client.post(change_url(own), data)
        assert response.status_code == 200, name
        assert "하지 못했습니다" in response.content.decode(), name

    changelist = reverse("admin:articles_article_changelist")
    for action in (
        "publish_selected",
        "unpublish_selected",
        "mark_breaking_selected",
        "unmark_breaking_selected",
    ):
        data = {"action": action, "_selected_action": [own.pk, others.pk, public.pk]}
        data |= {f"seen_version_{a.pk}": a.version for a in (own, others, public)}
        response = client.post(changelist, data, follow=True)
        assert response.status_code == 200, action

    response = client.post(
        reverse("admin:articles_article_editing", args=[own.pk]), {"take_over": "1"}
    )
    assert response.status_code == 403

    assert workflow_state() == before
    assert ArticleEvent.objects.count() == events_before
    assert editing.current_marker(own.pk).username == "desk-lee"


# --- 6. related-list moderation and what readers see after each step -------------------------


def public_related(page, base_url, story) -> list[str]:
    page.goto(base_url + story.get_absolute_url())
    expect(page.locator("h1").first).to_be_visible(timeout=WAIT)
    return page.locator(".story-related li").all_inner_texts()


def row_of(page, entry):
    return page.locator("#result_list tbody tr").filter(
        has=page.locator(f"input[name=_selected_action][value='{entry.pk}']")
    )


def run_action(page, entries, action: str, done: str) -> None:
    for entry in entries:
        row_of(page, entry).locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"항목 {len(entries)}건을 {done}", timeout=WAIT
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_moderator_approves_rejects_pins_and_reorders_the_related_list(
    live_server, page, artifacts_dir
):
    user_with_role(roles.MODERATOR, "moderator-park")
    story = ArticleFactory(headline="가상 항만 파업 사흘째")
    headlines = [
        "물류 대란 우려 커져",
        "수출 기업 발 동동",
        "정부 중재안 제시",
        "노조 파업 찬반 투표",
    ]
    first, second, third, fourth = [
        SuggestionFactory(article=story, target=ArticleFactory(headline=headline))
        for headline in headlines
    ]
    url = live_server.url
    queue = url + reverse("admin:related_relatedentry_changelist")
    assert public_related(page, url, story) == []
    sign_in(page, url, "moderator-park")

    page.goto(queue)
    run_action(page, [first, second], "approve", "승인했습니다")
    assert public_related(page, url, story) == ["물류 대란 우려 커져", "수출 기업 발 동동"]

    page.goto(queue)
    run_action(page, [third], "reject", "거절했습니다")
    assert public_related(page, url, story) == ["물류 대란 우려 커져", "수출 기업 발 동동"]

    page.goto(queue)
    run_action(page, [fourth], "pin", "고정했습니다")
    expect(row_of(page, first)).to_have_count(0)  # the queue holds only what awaits judgement
    assert public_related(page, url, story) == [
        "노조 파업 찬반 투표",
        "물류 대란 우려 커져",
        "수출 기업 발 동동",
    ]
    page.screenshot(path=str(artifacts_dir / "journey-related-public.png"), full_page=True)

    # The story's own list, from the story screen's sidebar: reorder, then save the column.
    page.goto(url + change_url(story))
    # Read-only for a moderator: the page keeps no "editing now" marker alive (it would be
    # refused with a 403 every 45 seconds).
    expect(page.locator("#desk-panel")).not_to_have_attribute("data-editing-url", re.compile(""))
    page.get_by_role("link", name="관련 기사 목록 (발견)").click()
    expect(row_of(page, third)).to_be_visible(timeout=WAIT)
    story_list = page.url
    row_of(page, first).locator("input[name$='-position']").fill("5")
    row_of(page, second).locator("input[name$='-position']").fill("1")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible(timeout=WAIT)
    page.screenshot(path=str(artifacts_dir / "journey-related-story-list.png"), full_page=True)
    assert RelatedEntry.objects.get(pk=first.pk).position == 5
    assert public_related(page, url, story) == [
        "노조 파업 찬반 투표",
        "수출 기업 발 동동",
        "물류 대란 우려 커져",
    ]

    # Rejecting an approved entry takes it off the story.
    page.goto(story_list)
    run_action(page, [second], "reject", "거절했습니다")
    assert public_related(page, url, story) == ["노조 파업 찬반 투표", "물류 대란 우려 커져"]
    assert RelatedEntry.objects.get(pk=third.pk).status == RelatedEntry.Status.REJECTED
    assert page.console_errors == []
