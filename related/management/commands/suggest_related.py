"""Compute related-story suggestions for the back catalogue.

Without options: the public stories that have none since they were published (imports,
fixtures, scheduled stories that went public without a save). Run it from cron to catch up.
"""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Article
from related.suggest import refresh_suggestions, suggestions_due


class Command(BaseCommand):
    help = "Compute automatic related-story suggestions (발견) for published stories."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="every published story, even those already done"
        )
        which.add_argument(
            "--since", metavar="YYYY-MM-DD", help="published stories from this day (KST) on"
        )
        parser.add_argument("--batch-size", type=int, default=500, help="progress every N")

    def handle(self, *args, all=False, since=None, batch_size=500, **options):
        stories = self.stories(all, since).order_by("-published_at", "-pk")
        ids = list(stories.values_list("pk", flat=True))
        total = len(ids)
        for start in range(0, total, batch_size):
            batch = Article.objects.in_bulk(ids[start : start + batch_size])
            for pk in ids[start : start + batch_size]:
                if pk in batch:  # deleted meanwhile
                    refresh_suggestions(batch[pk])
            self.stdout.write(f"{min(start + batch_size, total)}/{total}")
        self.stdout.write(f"{total}건의 기사에 관련 기사 추천을 계산했습니다.")

    def stories(self, all_stories: bool, since: str | None):
        if all_stories:
            return Article.objects.published()
        if since:
            try:
                day = datetime.strptime(since, "%Y-%m-%d").date()
            except ValueError as exc:
                raise CommandError(f"--since needs a date like 2025-01-31, got {since!r}") from exc
            start = timezone.make_aware(datetime.combine(day, time.min))
            return Article.objects.published().filter(published_at__gte=start)
        return suggestions_due()
