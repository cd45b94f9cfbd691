"""The embedded default end to end: the database task backend and real `run_worker`
processes on a database of their own (a SQLite file; PostgreSQL when the suite runs on it),
enqueued by another process, killed mid-task."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.conftest import DATABASE_TASKS

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
RQ_JOB = "django_tasks_rq.backend.Job"  # runs django-tasks tasks; rqworker needs it named


def fresh_database_url(folder: Path) -> str:
    """A new, empty database of the kind the suite runs on: a SQLite file, or (DATABASE_URL
    on PostgreSQL) a database of its own beside the test database, made anew each run."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / 'queue.sqlite3'}"
    import psycopg

    server, _, name = url.rpartition("/")
    queue_name = f"{name.split('?')[0]}_queue"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{queue_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{queue_name}"')
    return f"{server}/{queue_name}"


@pytest.fixture(scope="module")
def queue_db(tmp_path_factory):
    """A migrated database of its own, and the environment that points processes at it."""
    folder = tmp_path_factory.mktemp("queue")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url(folder),
        "NEWSROOM_TASKS_BACKEND": "database",
        "REDIS_URL": "",
    }
    subprocess.run([*MANAGE, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    return env


def django(env, code: str) -> str:
    """Run Python in a Django process on the queue database; its printed output."""
    done = subprocess.run(
        [*MANAGE, "shell", "-v0", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def enqueue(env, task: str, *args) -> str:
    return django(
        env,
        f"from tests.worker_tasks import {task}\nprint({task}.enqueue(*{list(args)!r}).id)",
    )


def task_row(env, task_id: str) -> list[str]:
    return django(
        env,
        "from django_tasks_db.models import DBTaskResult\n"
        f"t = DBTaskResult.objects.get(id={task_id!r})\n"
        "print(t.status, len(t.worker_ids))",
    ).split()


def run_worker(env, *options, **popen):
    return subprocess.Popen(
        [*MANAGE, "run_worker", "--interval", "0.1", "-v0", *options], env=env, cwd=ROOT, **popen
    )


def wait_for(path: Path, seconds: float = 60) -> None:
    for _ in range(int(seconds * 10)):
        if path.exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{path.name} never appeared")


def test_a_worker_process_runs_a_task_another_process_enqueued(queue_db, tmp_path):
    task_id = enqueue(queue_db, "record", str(tmp_path), "첫-작업")

    worker = run_worker(queue_db, "--batch")
    assert worker.wait(timeout=60) == 0

    assert (tmp_path / "effects").read_text().split() == ["첫-작업"]
    assert task_row(queue_db, task_id) == ["SUCCESSFUL", "1"]


def test_a_task_whose_worker_is_killed_runs_again_elsewhere_and_has_its_effect_once(
    queue_db, tmp_path
):
    task_id = enqueue(queue_db, "block_then_record", str(tmp_path), "한-번만")
    first = run_worker(queue_db)
    try:
        wait_for(tmp_path / "started")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert task_row(queue_db, task_id) == ["RUNNING", "1"]

    # Within its lease, another worker leaves the task alone: its first worker may be alive.
    patient = run_worker(queue_db, "--batch", "--lease", "300")
    assert patient.wait(timeout=60) == 0
    assert task_row(queue_db, task_id) == ["RUNNING", "1"]
    assert not (tmp_path / "effects").exists()

    # Past the lease (0 here), the next worker returns it to the queue and runs it.
    (tmp_path / "release").touch()
    second = run_worker(queue_db, "--batch", "--lease", "0")
    assert second.wait(timeout=60) == 0

    assert task_row(queue_db, task_id) == ["SUCCESSFUL", "2"]
    assert (tmp_path / "effects").read_text().split() == ["한-번만"]


@pytest.mark.django_db(transaction=True)
def test_a_task_that_raises_is_retried_with_backoff_then_stays_failed(settings, tmp_path):
    from tests.worker_tasks import always_fails

    settings.TASKS = DATABASE_TASKS
    settings.NEWSROOM_TASK_RETRY_SECONDS = 0  # the backoff doubles 0: every retry is due now

    always_fails.enqueue(str(tmp_path))
    call_command("run_worker", batch=True, verbosity=0)

    runs = DBTaskResult.objects.filter(task_path="tests.worker_tasks.always_fails")
    assert (tmp_path / "runs").read_text().split() == ["run"] * 3  # max_attempts=3
    assert sorted(r.args_kwargs["kwargs"].get("attempt", 1) for r in runs) == [1, 2, 3]
    assert {r.status for r in runs} == {"FAILED"}
    assert "RuntimeError" in runs.get(args_kwargs__kwargs__attempt=3).exception_class_path


@pytest.mark.django_db(transaction=True)
def test_the_retry_delay_doubles(settings, tmp_path):
    from background import retry_delay

    settings.NEWSROOM_TASK_RETRY_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]


def redis_reachable(host="127.0.0.1", port=6379) -> bool:
    import socket

    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def test_the_production_option_runs_tasks_through_rq_on_redis(tmp_path):
    """NEWSROOM_TASKS_BACKEND=rq: enqueued on Redis by one process, run by `rqworker`."""
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379 (the RQ backend is the production option)")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "NEWSROOM_TASKS_BACKEND": "rq",
        "NEWSROOM_RQ_URL": "redis://127.0.0.1:6379/13",
    }
    enqueue(env, "record", str(tmp_path), "레디스")

    subprocess.run(
        [*MANAGE, "rqworker", "--burst", "--job-class", RQ_JOB, "default"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=60,
    )

    assert (tmp_path / "effects").read_text().split() == ["레디스"]
