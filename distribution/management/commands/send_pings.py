"""Send the due IndexNow and WebSub pings now: a manual catch-up, never needed by cron.

Workers send pings (distribution.tasks.send_due_pings) and their retries, and announce
scheduled stories when their time comes (newsroom.publishing.announce_scheduled_story).
This command is for an operator after an outage of the queue, or with a task backend that
cannot defer tasks: it queues pings for scheduled stories that arrived in the last day
without one and sends everything due, never a ping twice.
"""

from django.core.management.base import BaseCommand

from distribution.models import Ping
from distribution.outbox import drain, queue_scheduled_arrivals


class Command(BaseCommand):
    help = "Sends the due pings (IndexNow, WebSub) and schedules retries for the failed ones."

    def handle(self, *args, **options):
        arrived = queue_scheduled_arrivals()
        done = drain()
        counts = dict.fromkeys(Ping.Status, 0)
        for ping in done:
            counts[ping.status] += 1
            if options["verbosity"] >= 2:
                self.stdout.write(
                    f"{ping.get_kind_display():8} {ping.endpoint} -> "
                    f"{ping.last_status or '-'} {ping.get_status_display()}"
                )
        waiting = Ping.objects.filter(status=Ping.Status.PENDING).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"예약 게시 {arrived}건 알림 추가; 보냄 {counts[Ping.Status.SENT]}, "
                f"재시도 예정 {counts[Ping.Status.PENDING]}, 포기 {counts[Ping.Status.GAVE_UP]}; "
                f"대기 중 {waiting}"
            )
        )
