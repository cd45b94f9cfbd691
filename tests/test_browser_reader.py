"""The reader's pages in a real chromium, at phone and desktop widths.

Every page must load with no console error and no failed or refused request; screenshots go
to tests/artifacts/ for a person to look at.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image, ImageDraw

from articles.models import Article
from outlet.models import OutletSettings

# serialized_rollback: every test starts from the migrated database (content types, role
# groups, the highlight palette) and leaves it empty, as the other browser tests expect.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def breaking_image() -> ContentFile:
    image = Image.new("RGB", (240, 60), (196, 22, 28))
    ImageDraw.Draw(image).rectangle([8, 8, 232, 52], outline=(255, 255, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="breaking.png")


@pytest.fixture
def demo(tmp_path):
    call_command("load_demo", stdout=(tmp_path / "out.txt").open("w"))
    outlet = OutletSettings.current()
    outlet.breaking_image.save("breaking.png", breaking_image(), save=False)
    outlet.breaking_image_alt = "속보"
    outlet.save()
    return Article.objects.get(import_key="demo:offshore-wind")


def reader_paths(story):
    return {
        "home": "/",
        "story": story.get_absolute_url(),
        "section": f"/section/{story.section.slug}/",
        "tag": "/tag/해상풍력/",
        "search": "/search/?q=해상풍력",
    }


@pytest.fixture
def watched(page):
    """The page, recording failed requests and error responses."""
    page.failures = []
    page.on("requestfailed", lambda request: page.failures.append(request.url))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and page.failures.append(f"{response.status} {response.url}")
        ),
    )
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "story", "section", "tag", "search"])
def test_reader_pages_load_cleanly(live_server, watched, demo, artifacts_dir, name, width):
    page = watched
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))

    response = page.goto(live_server.url + reader_paths(demo)[name])
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    page.screenshot(path=str(artifacts_dir / f"reader-{name}-{width}.png"), full_page=True)
    assert page.failures == []
    assert page.console_errors == []
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("img:not([alt])").count() == 0
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    images_loaded = page.evaluate(
        "Promise.all([...document.images].map(img => img.decode().then(() => true)))"
    )
    assert all(images_loaded)


def test_home_shows_the_breaking_banner_and_the_top_story(live_server, watched, demo):
    watched.goto(live_server.url + "/")

    banner = watched.locator(".breaking-banner")
    assert "해람시 앞바다" in banner.inner_text()
    assert banner.locator("img").get_attribute("alt") == "속보"
    assert watched.locator(".top-story-headline").inner_text() == demo.headline


def test_the_skip_link_shows_on_focus_and_focus_is_visible(live_server, watched, demo):
    watched.goto(live_server.url + "/")

    watched.keyboard.press("Tab")

    skip = watched.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => el.getBoundingClientRect().left >= 0")
    watched.keyboard.press("Tab")
    outline = watched.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_search_works_without_javascript(live_server, browser, demo):
    context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#site-search-q", "해상풍력")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/**")

        assert page.locator(".card-headline mark").first.inner_text() == "해상풍력"
        page.locator(".card-headline a").first.click()
        assert page.locator("h1").inner_text() == demo.headline
    finally:
        context.close()
