"""The task queue in the admin: Korean labels, and a retry that only who may retry can do."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def failed_task(**fields) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="delivery.tasks.purge_urls",
        args_kwargs={"args": [["https://news.example/"]], "kwargs": {"attempt": 2}},
        backend_name="default",
        run_after=get_date_max(),
        status="FAILED",
        exception_class_path="delivery.tasks.PurgeFailed",
        traceback="PurgeFailed: 403",
        **fields,
    )


def staff(*codenames, **fields):
    user = UserFactory(**fields)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsroom", codename__in=codenames)
    )
    return user


def retry_url(task):
    return reverse("admin:newsroom_backgroundtask_retry", args=[task.pk])


def change_url(task):
    return reverse("admin:newsroom_backgroundtask_change", args=[task.pk])


def test_the_list_says_in_korean_what_each_task_is_and_how_it_stands(client):
    failed_task()
    client.force_login(staff("view_backgroundtask"))

    page = client.get(reverse("admin:newsroom_backgroundtask_changelist")).content.decode()

    assert "백그라운드 작업" in page
    assert "CDN 캐시 비우기" in page
    assert "실패" in page and "2회째 (재시도)" in page
    retried = client.get(
        reverse("admin:newsroom_backgroundtask_changelist") + "?status=retried"
    ).content.decode()
    assert "CDN 캐시 비우기" in retried


def test_who_may_only_look_gets_no_button_and_a_refusal_from_the_server(client):
    task = failed_task()
    client.force_login(staff("view_backgroundtask"))

    assert "다시 시도" not in client.get(change_url(task)).content.decode()
    assert client.post(retry_url(task)).status_code == 403
    task.refresh_from_db()
    assert task.status == "FAILED"


def test_who_may_retry_puts_a_failed_task_back_in_the_queue(client):
    task = failed_task()
    client.force_login(staff("view_backgroundtask", "retry_backgroundtask"))

    assert "다시 시도" in client.get(change_url(task)).content.decode()
    response = client.post(retry_url(task), follow=True)

    task.refresh_from_db()
    assert (task.status, task.traceback, task.finished_at) == ("READY", "", None)
    assert "작업을 다시 대기열에 넣었습니다" in response.content.decode()
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_retry_is_a_post_and_only_for_failed_tasks(client):
    task = failed_task()
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(retry_url(task)).status_code == 405
    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
    response = client.post(retry_url(task), follow=True)
    assert "실패한 작업만 다시 시도할 수 있습니다" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


def test_the_bulk_action_retries_only_failed_tasks_and_needs_the_permission(client):
    failed, done = failed_task(), failed_task()
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")
    changelist = reverse("admin:newsroom_backgroundtask_changelist")
    action = {"action": "retry_failed", "_selected_action": [failed.pk, done.pk]}

    client.force_login(staff("view_backgroundtask"))
    assert "retry_failed" not in client.get(changelist).content.decode()
    client.post(changelist, action)
    failed.refresh_from_db()
    assert failed.status == "FAILED"

    client.force_login(UserFactory(is_superuser=True, username="root"))
    response = client.post(changelist, action, follow=True)
    assert "실패한 작업 1건을 다시 대기열에 넣었습니다" in response.content.decode()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY", "SUCCESSFUL"}
