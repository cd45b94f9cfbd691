"""Chromium picks a stored rendition for the slot, and the page does not shift as it loads."""

import pytest

from articles.models import Category
from tests.factories import ArticleFactory, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_loads_the_right_rendition_without_layout_shift(
    live_server, page, artifacts_dir, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    section = Category.objects.create(name="지역")
    story = ArticleFactory(section=section, feature_photo=make_photo(size=(2400, 1200)))
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.set_viewport_size({"width": 420, "height": 800})

    page.goto(live_server.url + story.get_absolute_url())
    image = page.locator(".story-figure img")
    image.evaluate("img => img.decode()")

    # A 420px phone slot at DPR 1 needs the 480px WebP, not the 2400px original.
    assert image.evaluate("img => img.currentSrc").endswith("-480w.webp")
    box = image.bounding_box()
    assert box["height"] == pytest.approx(box["width"] / 2, abs=1)  # reserved by width/height
    shift = page.evaluate(
        """() => new Promise(resolve => {
            let total = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) total += entry.value;
            }).observe({type: 'layout-shift', buffered: true});
            setTimeout(() => resolve(total), 300);
        })"""
    )
    assert shift < 0.01
    page.screenshot(path=str(artifacts_dir / "photo-rendition-phone.png"))
    assert failed == [] and page.console_errors == []
