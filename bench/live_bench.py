"""Time live coverage: the readers' poll, posting an update, and the story page, by blog size.

    .venv/bin/python bench/live_bench.py [--sizes 10 1000] [--rounds 200] [--database-url URL]

Without --database-url it migrates a fresh SQLite file in a temporary folder; a URL given must
name a disposable database (the run adds a story per size). Requests go through Django's test
client in this process (no network), so the figures are the application's own cost. The poll
is timed with the newest cursor (the usual answer: nothing new) and with a cursor ten updates
behind; each row also shows the queries of one request.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def timed(function, rounds: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def queries_of(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="live-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("MEDIA_ROOT", f"{folder}/media")

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from articles.models import Article
    from live.models import Cursor, LiveCoverage, LiveUpdate

    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    rows = []
    for size in args.sizes:
        story = Article.objects.create(
            headline=f"[벤치] 가상 항구 도시 폭우 실시간 {size}",
            body="<p>벤치마크용 가상 기사입니다.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        LiveCoverage.objects.create(article=story)
        LiveUpdate.objects.bulk_create(
            LiveUpdate(
                article=story,
                body=f"<p>가상 업데이트 {n}: 강수량이 시간당 {n % 90}mm를 기록했다.</p>",
                is_key=n % 50 == 0,
            )
            for n in range(size)
        )
        updates = list(LiveUpdate.objects.filter(article=story).order_by("updated_at", "id"))
        url = reverse("live:updates", kwargs={"ref": story.pk})
        newest = f"{url}?since={Cursor.after(updates[-1])}"
        ten_back = Cursor.after(updates[-11]) if size > 10 else Cursor.START
        behind = f"{url}?since={ten_back}"

        def page(story=story):
            cache.clear()  # the page cache would answer otherwise: time the rendering
            get(story.get_absolute_url())

        def post(story=story):
            LiveUpdate.objects.create(article=story, body="벤치 추가 업데이트")

        for label, function in (
            ("poll, nothing new", lambda newest=newest: get(newest)),
            ("poll, 10 new", lambda behind=behind: get(behind)),
            ("post an update", post),
            ("story page, uncached", page),
        ):
            rounds = args.rounds if "poll" in label else max(20, args.rounds // 10)
            median, p95 = timed(function, rounds)
            rows.append((size, label, queries_of(function), median, p95))

    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}, rounds: {args.rounds}")
    print(f"{'updates':>8} | {'operation':<22} | {'queries':>7} | {'median ms':>9} | {'p95 ms':>7}")
    print(f"{'-' * 8}-+-{'-' * 22}-+-{'-' * 7}-+-{'-' * 9}-+-{'-' * 7}")
    for size, label, queries, median, p95 in rows:
        print(f"{size:>8} | {label:<22} | {queries:>7} | {median:>9.2f} | {p95:>7.2f}")


if __name__ == "__main__":
    main()
