"""An administrator finds a failed task in the admin and sends it back to the queue."""

import pytest
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.test_tasks_admin import failed_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_retry_button_queues_a_failed_task_again(live_server, page, artifacts_dir):
    UserFactory(username="root", is_superuser=True)
    task = failed_task()

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/newsroom/backgroundtask/?status=FAILED")
    page.click("#result_list tbody tr a")  # the task's own page
    expect(page.locator(".field-error")).to_contain_text("PurgeFailed: 403")

    page.click("button[name=retry]")

    expect(page.locator(".messagelist")).to_contain_text("작업을 다시 대기열에 넣었습니다")
    expect(page.locator(".field-status_label")).to_contain_text("대기")
    assert page.locator("button[name=retry]").count() == 0
    page.screenshot(path=str(artifacts_dir / "task-retried.png"), full_page=True)
    task.refresh_from_db()
    assert task.status == "READY"
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()
    assert page.console_errors == []
