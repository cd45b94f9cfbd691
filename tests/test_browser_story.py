"""A real browser renders the demo story with the palette's colours and the outlet's footer."""

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_story_page_renders_highlights_in_their_palette_colours(
    live_server, page, artifacts_dir, settings, tmp_path
):
    call_command("load_demo", stdout=(tmp_path / "out.txt").open("w"))
    story = Article.objects.get(import_key="demo:offshore-wind")
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    response = page.goto(live_server.url + story.get_absolute_url())
    assert response.status == 200
    colours = page.evaluate(
        """() => Object.fromEntries(['hl-red', 'hl-blue-tint', 'hl-blue'].map(name => {
            const style = getComputedStyle(document.querySelector('.' + name));
            return [name, [style.color, style.backgroundColor, style.fontWeight]];
        }))"""
    )
    assert colours["hl-red"] == ["rgb(209, 31, 31)", "rgba(0, 0, 0, 0)", "700"]  # AA: 5.35:1
    assert colours["hl-blue-tint"][1] == "rgba(33, 83, 133, 0.153)"
    assert colours["hl-blue"][0] == "rgb(26, 84, 144)"
    assert page.evaluate("getComputedStyle(document.body).wordBreak") == "keep-all"
    assert page.locator(".footer-line a").inner_text() == "실시간 뉴스 속보"
    image = page.locator(".story-figure img")
    # From the stored renditions: WebP, the 800px one for a 42rem (672px) slot at DPR 1.
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert image.evaluate("img => img.currentSrc").endswith("-800w.webp")
    page.set_viewport_size({"width": 1000, "height": 800})
    page.screenshot(path=str(artifacts_dir / "story-demo.png"), full_page=True)
    assert failed == []
    assert page.console_errors == []
