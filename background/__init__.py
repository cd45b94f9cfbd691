"""Background tasks as this project writes them: Django's tasks API, retried with backoff.

A leaf package (Django and django_tasks only), so every app, the core too, may use it.

Tasks use the `django-tasks` backport (`django_tasks`), which becomes `django.tasks` in
Django 6: moving is an import change here. Every task is idempotent, so a task run twice (a
worker killed mid-task, its lease run out, see `manage.py run_worker`) has its effect once.

`background_task` wraps a function as a task that, when it raises, enqueues itself again
after NEWSROOM_TASK_RETRY_SECONDS (doubling) up to NEWSROOM_TASK_MAX_ATTEMPTS runs; the run
that raised stays FAILED in the queue table, with its traceback, and the admin lists it.
The attempt number travels as the keyword argument `attempt`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.exceptions import InvalidTaskError

logger = logging.getLogger("newsroom.tasks")


def retry_delay(attempt: int) -> timedelta:
    """How long after failed run number `attempt` the next one starts."""
    return timedelta(seconds=settings.NEWSROOM_TASK_RETRY_SECONDS * 2 ** (attempt - 1))


def background_task(*, priority: int = 0, queue_name: str = "default", max_attempts=None):
    """@task(takes_context=True) around func, retrying it with backoff when it raises."""

    def decorate(func):
        def run(context, *args, attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                limit = max_attempts or settings.NEWSROOM_TASK_MAX_ATTEMPTS
                if attempt < limit:
                    this_task = context.task_result.task
                    enqueue_at(
                        this_task,
                        timezone.now() + retry_delay(attempt),
                        *args,
                        attempt=attempt + 1,
                        **kwargs,
                    )
                    logger.warning(
                        "%s failed (run %d of %d); retrying", func.__name__, attempt, limit
                    )
                else:
                    logger.error("%s failed %d times; giving up", func.__name__, attempt)
                raise

        # The task's import path is the function's own: the module's name binds the Task.
        # Not functools.wraps: its __wrapped__ would hide the `context` argument.
        run.__name__, run.__qualname__ = func.__name__, func.__qualname__
        run.__module__, run.__doc__ = func.__module__, func.__doc__
        return task(takes_context=True, priority=priority, queue_name=queue_name)(run)

    return decorate


def enqueue_on_commit(task_, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside one).

    A worker must find the rows the task is about; a rolled-back change enqueues nothing.
    Robust: a queue that cannot be reached is logged and never undoes the editor's save.
    """
    transaction.on_commit(lambda: task_.enqueue(*args, **kwargs), robust=True)


def enqueue_with_change(task_, *args, **kwargs) -> None:
    """Enqueue as part of the current transaction where the queue is in the same database
    (the database backend: the task's row commits, or rolls back, with the change; the
    immediate backend: it runs now, as the code did before the queue), else after commit."""
    from django_tasks_db.backend import DatabaseBackend

    backend = task_.get_backend()
    if isinstance(backend, DatabaseBackend) or not backend.supports_defer:
        task_.enqueue(*args, **kwargs)
    else:
        enqueue_on_commit(task_, *args, **kwargs)


def enqueue_at(task_, when, *args, **kwargs):
    """Enqueue task_ to run at `when` (deferred); returns the result, or None where the
    backend runs everything at once (the immediate backend, in tests): catch-up commands
    (`manage.py send_pings`) cover what it cannot defer."""
    try:
        return task_.using(run_after=when).enqueue(*args, **kwargs)
    except InvalidTaskError:
        logger.info("Backend cannot defer %s; left to the catch-up command", task_.name)
        return None
