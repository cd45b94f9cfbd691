"""The desk's story screen in Chromium: a story written with every part and published, an
existing story changed in every part and saved three ways, and the screen measured at a
laptop's and a phone's size.

Clicks and typing only; the page is the judge (see tests/browser_desk.py).
"""

import re
import time

import pytest
from playwright.sync_api import expect

from articles.models import Article
from outlet.models import HighlightStyle
from tests.browser_desk import (
    DESKTOP,
    PHONE,
    body_editor,
    desk_user,
    new_context,
    open_fieldset,
    pick_autocomplete,
    sign_in,
    story_screen,
    success_message,
    watch_errors,
)
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    SourceFactory,
    SummaryItemFactory,
    jpeg_bytes,
    make_photo,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = 20_000  # ms: the machine is shared; waits end as soon as the page is ready


def type_paragraphs(page, lines):
    editor = body_editor(page)
    editor.click()
    page.keyboard.press("Control+End")
    for index, line in enumerate(lines):
        if index or editor.inner_text().strip():
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def highlight_paragraph(page, index, style_name):
    editor = body_editor(page)
    editor.locator("p").nth(index).click(click_count=3)
    page.locator(".prose-menubar").get_by_role("button", name=style_name, exact=True).click()


def test_a_story_with_every_part_is_written_saved_and_published(
    live_server, browser, artifacts_dir
):
    desk_user("desk-writer")
    CategoryFactory(name="외교")
    SourceFactory(name="AA")
    make_photo(alt_text="부두에 선 여객선", credit="가상 사진부")
    ArticleFactory(headline="항로 재개 논의의 배경")
    styles = list(HighlightStyle.objects.order_by("position"))
    assert len(styles) >= 3
    context = new_context(browser)
    page = context.new_page()
    errors = watch_errors(page)
    sign_in(page, live_server.url, "desk-writer")

    page.goto(live_server.url + "/admin/articles/article/")
    started = time.monotonic()
    page.get_by_role("link", name="기사 추가").click()
    expect(body_editor(page)).to_be_visible(timeout=LONG)

    headline = "가상 두 항구도시, 여객선 항로 다시 연다"
    page.get_by_label("제목:", exact=True).fill(headline)
    expect(page.locator("#headline-count")).to_have_text(f"{len(headline)} / 300자")
    page.get_by_label("부제:", exact=True).fill("십 년 만의 재개, 봄부터 주 3회 운항")
    type_paragraphs(
        page,
        [f"{style.name} 강조 문장 {n}입니다." for n, style in enumerate(styles)]
        + ["강조 없는 마지막 문단입니다."],
    )
    for index, style in enumerate(styles):
        highlight_paragraph(page, index, style.name)
    page.get_by_label("요약문:", exact=True).fill("두 도시가 여객선 항로를 다시 열기로 했다.")
    page.get_by_label("피처 텍스트:", exact=True).fill(
        "항로가 열리면 섬 주민의 뭍 나들이가 쉬워진다."
    )

    pick_autocomplete(page, "id_section", "외교", "외교")
    page.get_by_label("태그:", exact=True).fill("항로, 여객선")
    page.get_by_label("기자:", exact=True).fill("가상 기자")
    pick_autocomplete(page, "id_source", "AA", "AA")
    pick_autocomplete(page, "id_feature_photo", "여객선", "부두에 선 여객선")
    page.get_by_label("사진 설명:", exact=True).fill("재개를 앞둔 여객선")

    page.locator("#id_summary_items-0-text").fill("봄부터 주 3회 운항한다.")
    page.get_by_text("요약 항목 더 추가하기").click()
    page.locator("#id_summary_items-1-text").fill("요금은 아직 정하지 않았다.")
    assert page.locator("#id_summary_items-0-text").evaluate("e => e.tagName") == "INPUT"
    page.get_by_text("참석자 표 더 추가하기").click()
    page.locator("#id_attendee_tables-0-title").fill("회의 참석자")
    page.locator("#id_attendee_tables-0-grid").fill(
        "한빛시 측 | 해람시 측\n가시장 | 나시장\n다국장 | 라국장"
    )
    open_fieldset(page, "관련 링크")
    page.get_by_label("관련 링크 제목:", exact=True).fill("항로 재개 논의의 배경")
    page.get_by_label("관련 링크 주소:", exact=True).fill("https://example.com/background")
    page.get_by_role("button", name="저장 및 편집 계속").click()
    success_message(page, "추가|변경")

    article = Article.objects.get(headline="가상 두 항구도시, 여객선 항로 다시 연다")
    assert article.status == Article.Status.DRAFT
    assert page.locator("#desk-status").inner_text() == "초안"

    # The names of one side, reordered on the table's own pages, reached by clicking.
    page.locator("#attendee_tables-group").get_by_role("link", name="변경").first.click()
    page.locator(".inline-group").get_by_role("link", name="변경").first.click()
    names = page.locator("fieldset.js-reorderable tbody tr.form-row.has_original")
    names.nth(0).get_by_role("button", name="아래로").click()
    page.get_by_role("button", name="저장", exact=True).click()
    success_message(page, "참석자 표를 고쳤습니다")  # and back on the story screen
    expect(body_editor(page)).to_be_visible(timeout=LONG)

    page.get_by_role("button", name="지금 게시").click()
    success_message(page, "'가상 두 항구도시, 여객선 항로 다시 연다' 기사를 게시했습니다")
    elapsed = time.monotonic() - started
    print(f"\n[journey] 기사 추가 → 게시 (every part, scripted editor): {elapsed:.1f} s")
    expect(page.locator(".desk-actions")).not_to_contain_text("지금 게시")
    page.screenshot(path=str(artifacts_dir / "journey-story-published.png"), full_page=True)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert [h.style.key for h in article.highlights.all()] == [s.key for s in styles]
    reader = context.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    story = reader.locator("article")
    expect(reader.locator("h1").first).to_have_text("가상 두 항구도시, 여객선 항로 다시 연다")
    for text in [
        "십 년 만의 재개, 봄부터 주 3회 운항",
        "항로가 열리면 섬 주민의 뭍 나들이가 쉬워진다.",
        "재개를 앞둔 여객선",
        "가상 기자",
        "봄부터 주 3회 운항한다.",
        "요금은 아직 정하지 않았다.",
        "출처: AA",
        "항로 재개 논의의 배경",
    ]:
        expect(story).to_contain_text(text)
    for index, style in enumerate(styles):
        expect(reader.locator(f".story-body .{style.css_class}")).to_have_text(
            f"{style.name} 강조 문장 {index}입니다."
        )
    assert reader.locator(".story-figure img").first.get_attribute("alt") == "부두에 선 여객선"
    assert reader.locator(".attendee-table th").all_inner_texts() == ["한빛시 측", "해람시 측"]
    first_column = reader.locator(".attendee-table tbody tr td:first-child").all_inner_texts()
    assert first_column == ["다국장", "가시장"]  # reordered on the column's page
    expect(reader.locator(".story-related-link")).to_contain_text("항로 재개 논의의 배경")
    reader.screenshot(path=str(artifacts_dir / "journey-story-public.png"), full_page=True)
    assert errors == []
    context.close()


def test_an_existing_story_is_changed_in_every_part_and_saved_three_ways(
    live_server, browser, artifacts_dir
):
    desk_user("desk-changer")
    section = CategoryFactory(name="경제")
    CategoryFactory(name="사회")
    SourceFactory(name="BB")
    story = ArticleFactory(
        headline="가상 항만 물동량 늘어",
        deck="처음 부제",
        excerpt="처음 요약문",
        body="<p>처음 본문입니다.</p>",
        section=section,
        tags=["항만"],
    )
    SummaryItemFactory(article=story, text="처음 요약", position=0)
    context = new_context(browser)
    page = context.new_page()
    errors = watch_errors(page)
    sign_in(page, live_server.url, "desk-changer")
    story_screen(page, live_server.url, story)

    page.get_by_label("제목:", exact=True).fill("가상 항만 물동량 크게 늘어")
    page.get_by_label("부제:", exact=True).fill("고친 부제")
    type_paragraphs(page, ["덧붙인 문단입니다."])
    page.get_by_label("요약문:", exact=True).fill("고친 요약문")
    page.get_by_label("피처 텍스트:", exact=True).fill("고친 피처 텍스트")
    pick_autocomplete(page, "id_categories", "사회", "사회")
    page.get_by_label("태그:", exact=True).fill("항만, 물류")
    page.get_by_label("기자:", exact=True).fill("고친 기자")
    pick_autocomplete(page, "id_source", "BB", "BB")
    page.locator("#id_feature_photo_upload").set_input_files(
        {"name": "crane.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(size=(900, 600))}
    )
    page.get_by_label("새 사진의 출처:", exact=True).fill("가상 통신")
    page.get_by_label("대체 텍스트 (이 기사에서만):", exact=True).fill("항만의 크레인")
    page.get_by_label("사진 설명:", exact=True).fill("고친 사진 설명")
    page.locator("#id_summary_items-0-text").fill("고친 요약")
    open_fieldset(page, "속보 설정")
    page.get_by_label("속보 우선순위:", exact=True).fill("3")
    open_fieldset(page, "관련 링크")
    page.get_by_label("관련 링크 제목:", exact=True).fill("고친 관련 링크")
    page.get_by_label("관련 링크 주소:", exact=True).fill("https://example.com/changed")
    page.get_by_role("button", name="저장 및 편집 계속").click()
    success_message(page, "변경")
    expect(page.get_by_label("제목:", exact=True)).to_have_value("가상 항만 물동량 크게 늘어")

    story.refresh_from_db()
    assert (story.deck, story.excerpt, story.feature_text) == (
        "고친 부제",
        "고친 요약문",
        "고친 피처 텍스트",
    )
    assert "덧붙인 문단입니다." in story.body and "처음 본문입니다." in story.body
    assert sorted(story.tags.names()) == ["물류", "항만"]
    assert set(story.categories.values_list("name", flat=True)) == {"경제", "사회"}
    assert (story.byline, story.source.name, story.breaking_priority) == ("고친 기자", "BB", 3)
    assert story.feature_photo.credit == "가상 통신"
    assert story.feature_alt == "항만의 크레인"
    assert story.related_link_title == "고친 관련 링크"
    assert list(story.summary_items.values_list("text", flat=True)) == ["고친 요약"]

    page.get_by_label("부제:", exact=True).fill("저장 버튼으로 고친 부제")
    page.get_by_role("button", name="저장", exact=True).click()
    page.wait_for_url("**/admin/articles/article/", timeout=LONG)
    success_message(page, "변경")

    reader = context.new_page()
    reader.goto(live_server.url + story.get_absolute_url())
    article = reader.locator("article")
    for text in [
        "가상 항만 물동량 크게 늘어",
        "저장 버튼으로 고친 부제",
        "덧붙인 문단입니다.",
        "고친 피처 텍스트",
        "고친 사진 설명",
        "가상 통신",
        "고친 요약",
        "출처: BB",
        "고친 관련 링크",
    ]:
        expect(article).to_contain_text(text)

    # "Save as new": a copy, a draft at its own address; the original is untouched.
    story_screen(page, live_server.url, story)
    page.get_by_label("제목:", exact=True).fill("가상 항만 물동량 후속 기사")
    page.get_by_role("button", name=re.compile("새로 저장|다른 이름으로")).click()
    success_message(page, "추가")
    copy = Article.objects.get(headline="가상 항만 물동량 후속 기사")
    story.refresh_from_db()
    assert copy.pk != story.pk and copy.slug != story.slug
    assert copy.status == Article.Status.DRAFT and not copy.is_breaking
    assert story.headline == "가상 항만 물동량 크게 늘어"
    assert list(copy.summary_items.values_list("text", flat=True)) == ["고친 요약"]
    page.screenshot(path=str(artifacts_dir / "journey-story-saved-as-new.png"), full_page=True)
    assert errors == []
    context.close()


def page_metrics(page):
    return page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            scrollHeight: document.documentElement.scrollHeight,
        })"""
    )


# Text a person reads on the form (labels, headings, buttons, help, tooltips); what was typed
# or stored (values, the body, chosen options, read-only values) is content, not interface.
NOT_INTERFACE_TEXT = ", ".join(
    [
        ".ProseMirror",
        ".material-icons",
        "script",
        "style",
        "option",
        "input",
        "textarea",
        ".select2-selection__rendered",
        ".readonly",
        ".help",
    ]
)
READ_THE_FORM = """(form, skipped) => {
    const seen = [];
    const walk = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const element = walk.currentNode.parentElement;
        if (!element || element.closest(skipped)) continue;
        const text = walk.currentNode.textContent.trim();
        if (text && element.offsetParent !== null) seen.push(text);
    }
    for (const element of form.querySelectorAll("[title], [aria-label], [placeholder]")) {
        if (element.closest(".ProseMirror")) continue;
        for (const name of ["title", "aria-label", "placeholder"]) {
            if (element.getAttribute(name)) seen.push(element.getAttribute(name));
        }
    }
    form.querySelectorAll(".help").forEach((help) => seen.push(help.textContent.trim()));
    return seen;
}"""
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Names that are Korean newsrooms' own words too: formats, time zones, keys.
ALLOWED_LATIN = {"HTML", "KST", "UTC", "Ctrl", "JPEG", "PNG", "GIF", "WebP", "EXIF", "URL"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
def test_the_story_screen_fits_the_screen_and_speaks_korean(
    live_server, browser, artifacts_dir, viewport
):
    desk_user("desk-measure")
    section = CategoryFactory(name="정치")
    story = ArticleFactory(
        headline="가상 회담 결과",
        section=section,
        body="".join(
            f'<p><span class="{s.css_class}">{s.name} 문장.</span> 뒤 문장.</p>'
            for s in HighlightStyle.objects.all()
        ),
    )
    for n in range(5):
        SummaryItemFactory(article=story, text=f"요약 {n}", position=n)
    context = new_context(browser, viewport)
    page = context.new_page()
    errors = watch_errors(page)
    sign_in(page, live_server.url, "desk-measure")
    tag = f"{viewport['width']}x{viewport['height']}"

    story_screen(page, live_server.url)
    metrics = page_metrics(page)
    print(
        f"\n[story screen {tag}] new story: {metrics['scrollHeight']} px tall "
        f"= {metrics['scrollHeight'] / viewport['height']:.2f} screens, "
        f"horizontal overflow {metrics['scrollWidth'] - metrics['clientWidth']} px"
    )
    assert metrics["scrollWidth"] <= metrics["clientWidth"]
    if viewport is DESKTOP:
        assert metrics["scrollHeight"] <= 2.5 * viewport["height"]
        for element in (page.get_by_label("제목:", exact=True), body_editor(page)):
            box = element.bounding_box()
            assert box["y"] + min(box["height"], 60) <= viewport["height"]
        headline = page.get_by_label("제목:", exact=True).bounding_box()
        column = page.locator(".story-main").bounding_box()
        assert headline["width"] >= 0.9 * column["width"]
    page.screenshot(path=str(artifacts_dir / f"story-screen-new-{tag}.png"), full_page=True)

    story_screen(page, live_server.url, story)
    metrics = page_metrics(page)
    print(
        f"[story screen {tag}] story with 5 bullets: {metrics['scrollHeight']} px "
        f"= {metrics['scrollHeight'] / viewport['height']:.2f} screens, "
        f"horizontal overflow {metrics['scrollWidth'] - metrics['clientWidth']} px"
    )
    assert metrics["scrollWidth"] <= metrics["clientWidth"]
    if viewport is DESKTOP:
        assert metrics["scrollHeight"] <= 2.5 * viewport["height"]
    page.screenshot(path=str(artifacts_dir / f"story-screen-change-{tag}.png"), full_page=True)

    # Each highlight shows in its own colours inside the editor, as readers will see it.
    for style in HighlightStyle.objects.all():
        span = body_editor(page).locator(f".{style.css_class}")
        colour = span.evaluate("e => getComputedStyle(e).color")
        background = span.evaluate("e => getComputedStyle(e).backgroundColor")
        if style.text_color:
            assert colour == css_rgb(style.text_color), style.key
        if style.background_color:
            assert background == css_rgb(style.background_color), style.key

    # The editor's menu arrow is a character every installed font has (no missing-glyph box).
    arrow = page.locator(".prose-menubar__selected").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert arrow == '"▾"'

    # The headline counter follows typing.
    page.get_by_label("제목:", exact=True).fill("가나다")
    expect(page.locator("#headline-count")).to_have_text("3 / 300자")

    visible_text = page.locator("#article_form").evaluate(READ_THE_FORM, NOT_INTERFACE_TEXT)
    foreign = sorted(
        {
            word
            for text in visible_text
            for word in LATIN_WORD.findall(text)
            if word not in ALLOWED_LATIN and not text.startswith(("http", "/")) and "@" not in text
        }
    )
    assert foreign == [], foreign
    assert errors == []
    context.close()


def css_rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    if len(value) == 8:
        alpha = round(int(value[6:8], 16) / 255, 3)
        return f"rgba({red}, {green}, {blue}, {alpha:g})"
    return f"rgb({red}, {green}, {blue})"


def test_a_breaking_story_goes_from_the_add_button_to_the_home_banner(
    live_server, browser, artifacts_dir
):
    desk_user("desk-flash")
    context = new_context(browser)
    page = context.new_page()
    errors = watch_errors(page)
    sign_in(page, live_server.url, "desk-flash")
    page.goto(live_server.url + "/admin/articles/article/")

    started = time.monotonic()
    page.get_by_role("link", name="기사 추가").click()
    page.get_by_label("제목:", exact=True).fill("[속보] 가상 항만에서 큰불")
    type_paragraphs(page, ["소방 당국이 진화하고 있다."])
    page.get_by_role("button", name="지금 게시").click()
    success_message(page, "'\\[속보\\] 가상 항만에서 큰불' 기사를 게시했습니다")
    page.get_by_role("button", name="속보 지정").click()
    success_message(page, "속보로 지정했습니다")
    elapsed = time.monotonic() - started
    print(f"\n[journey] 기사 추가 → 게시 → 속보 지정 (headline and one line): {elapsed:.1f} s")

    story = Article.objects.get(headline="[속보] 가상 항만에서 큰불")
    assert story.status == Article.Status.PUBLISHED and story.is_breaking
    reader = context.new_page()
    reader.goto(live_server.url + "/")
    expect(reader.locator(".breaking-banner")).to_contain_text("가상 항만에서 큰불")
    reader.screenshot(path=str(artifacts_dir / "journey-breaking-home.png"))
    assert errors == []
    context.close()
