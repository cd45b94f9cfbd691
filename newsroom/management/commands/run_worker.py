"""`manage.py run_worker`: django_tasks_db's worker that also takes back abandoned tasks.

A worker killed mid-task (SIGKILL, a lost machine) leaves its task RUNNING forever in
django_tasks_db. This worker, on start and every NEWSROOM_TASK_RECLAIM_SECONDS, returns to
READY every task RUNNING for longer than NEWSROOM_TASK_LEASE_SECONDS, so some worker runs it
again; tasks are idempotent, so its effect happens once. Several workers on one database
(PostgreSQL: SKIP LOCKED) never take the same task.

Options are db_worker's (--queue-name, --interval, --batch, --max-tasks, --worker-id, ...),
plus --lease and --reclaim-every; the environment variables of the same settings set the
defaults. Autoreload is off unless asked for (--reload): a reload would kill a running task.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("django_tasks_db")


def release_expired(backend_name: str, lease_seconds: float) -> int:
    """Put tasks RUNNING for longer than the lease back in the queue; how many."""
    expired = DBTaskResult.objects.running().filter(
        backend_name=backend_name,
        started_at__lt=timezone.now() - timedelta(seconds=lease_seconds),
    )
    released = expired.update(status=TaskResultStatus.READY, started_at=None)
    if released:
        logger.warning("Returned %d task(s) past their lease to the queue", released)
    return released


class LeasingWorker(db_worker.Worker):
    def __init__(self, *, lease_seconds: float, reclaim_every: float, **options):
        super().__init__(**options)
        self.lease_seconds = lease_seconds
        self.reclaim_every = reclaim_every
        self.next_reclaim = 0.0

    def reclaim_if_due(self) -> None:
        if time.monotonic() >= self.next_reclaim:
            release_expired(self.backend_name, self.lease_seconds)
            self.next_reclaim = time.monotonic() + self.reclaim_every

    def take_next(self) -> tuple[DBTaskResult | None, bool]:
        """Claim the next ready task for this worker; (task or None, whether the queue was
        read at all: a locked SQLite database is tried again later)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result, True
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s lease=%ss",
            self.worker_id,
            ",".join(self.queue_names),
            self.lease_seconds,
        )
        while self.running:
            close_old_connections()
            self.reclaim_if_due()
            task_result, read = self.take_next()
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch and read:
                logger.info("No more tasks for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(db_worker.Command):
    help = "Runs tasks from the database queue, returning abandoned ones to it (see module)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
        parser.add_argument(
            "--lease",
            type=db_worker.valid_interval,
            default=settings.NEWSROOM_TASK_LEASE_SECONDS,
            help="Seconds a task may run before another worker may take it again "
            "(default: NEWSROOM_TASK_LEASE_SECONDS, %(default)s).",
        )
        parser.add_argument(
            "--reclaim-every",
            type=db_worker.valid_interval,
            default=settings.NEWSROOM_TASK_RECLAIM_SECONDS,
            help="Seconds between looks for tasks past their lease "
            "(default: NEWSROOM_TASK_RECLAIM_SECONDS, %(default)s).",
        )

    def handle(self, *, lease, reclaim_every, **options):
        original = db_worker.Worker

        def worker(**worker_options):
            return LeasingWorker(lease_seconds=lease, reclaim_every=reclaim_every, **worker_options)

        # db_worker.Command.handle builds db_worker.Worker: build ours in its place, so its
        # options, logging, signals and autoreload all apply unchanged.
        db_worker.Worker = worker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
