"""Send the due IndexNow and WebSub pings: retries, and anything a restart left behind.

Run it from cron or a systemd timer every minute. The web process sends new pings from a
thread right after the save, but that thread dies with its process and nothing in the web
process wakes up later for a retry; this command does both, and never sends a ping twice.
It also queues pings for scheduled stories whose publish time has come: no save marks it.
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
