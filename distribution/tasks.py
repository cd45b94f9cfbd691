"""Sending the outbox of pings in a worker, with retries: no thread, no cron.

`send_due_pings` sends every due ping once (claims make two workers safe), then, if a failed
ping waits for its retry (outbox backoff, Ping.record_failure), enqueues itself to run when
the next one is due. A worker killed mid-send leaves its claimed pings due again after their
lease; the task itself is put back in the queue by `run_worker` and sends them.
"""

from datetime import timedelta

from django.utils import timezone

from background import background_task, enqueue_at

from . import outbox
from .models import Ping


@background_task()
def send_due_pings():
    done = outbox.drain()
    next_due = (
        Ping.objects.filter(status=Ping.Status.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_due is not None:
        enqueue_at(send_due_pings, max(next_due, timezone.now() + timedelta(seconds=1)))
    return {status: sum(p.status == status for p in done) for status in Ping.Status.values}
