"""A reader's open live story takes in updates saved one after another, with the page cache on.

The poll's answers are shared in the page cache for a second; a save must still reach the
open page at the next poll, not after the cached answer runs out, and without a reload.
bench/live_latency_bench.py times the same path; this test only checks the behaviour.
"""

import pytest
from playwright.sync_api import expect

from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_updates_saved_while_the_story_is_open_appear_without_reload(
    live_server, page, artifacts_dir, settings
):
    settings.NEWSROOM_PAGE_CACHE = True  # tests/conftest.py turns it off for other tests
    story = ArticleFactory(headline="가상 내륙 도시 지진 실시간")
    LiveCoverage.objects.create(article=story)
    LiveUpdate.objects.create(article=story, body="규모 4.1 지진이 관측됐다.")

    page.goto(live_server.url + story.get_absolute_url())
    updates = page.locator("[data-live-list] > li")
    expect(updates).to_have_count(1)
    assert page.locator("[data-live-poll-seconds]").get_attribute("data-live-poll-seconds") == "2"
    page.evaluate("window.stillTheSamePage = true")

    bodies = ["여진 두 차례 추가 관측", "철도 운행 일시 중단", "피해 신고 접수 시작"]
    for number, body in enumerate(bodies, start=2):
        LiveUpdate.objects.create(article=story, body=body)  # the model's save, as the admin's
        expect(updates.first).to_contain_text(body, timeout=10_000)
        expect(updates).to_have_count(number)

    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    assert page.console_errors == []
    page.screenshot(path=str(artifacts_dir / "live-latency-reader.png"), full_page=True)
