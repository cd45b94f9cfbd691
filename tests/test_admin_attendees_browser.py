"""In a real browser, the desk reorders a side's names by button and by dragging, then saves."""

import pytest

from articles.models import AttendeeTable
from newsroom import roles
from tests.factories import ArticleFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_names_are_reordered_by_button_and_drag_and_saved(live_server, page, artifacts_dir):
    user_with_role(roles.EDITOR, "desk-reorder")
    story = ArticleFactory(headline="가상 회담")
    table = AttendeeTable.objects.create(article=story, title="참석자")
    table.replace_columns(
        [("한빛시 측", ["가시장", "나국장", "다과장"]), ("해람시 측", ["라시장"])]
    )
    column = table.columns.first()

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk-reorder")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/attendeecolumn/{column.pk}/change/")

    rows = page.locator("fieldset.js-reorderable tbody tr.form-row.has_original")
    rows.nth(0).get_by_role("button", name="아래로").click()  # 나, 가, 다
    rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0), target_position={"x": 5, "y": 2})
    positions = page.eval_on_selector_all(
        "fieldset.js-reorderable tbody tr.has_original",
        "rows => rows.map(r => [r.querySelector('input[name$=-name]').value,"
        " r.querySelector('input[name$=-position]').value])",
    )
    page.screenshot(path=str(artifacts_dir / "admin-attendees-reordered.png"), full_page=True)
    page.click("input[name=_save]")

    assert positions == [["다과장", "0"], ["나국장", "1"], ["가시장", "2"]]
    assert [a.name for a in column.attendees.all()] == ["다과장", "나국장", "가시장"]
    assert page.console_errors == []
