"""Live coverage from the desk to the reader: save-to-screen latency, and the origin's poll load.

    .venv/bin/python bench/live_latency_bench.py [--updates 20] [--port 18180]
        [--readers 1000] [--seconds 20] [--every 4] [--no-browser] [--no-page-cache]

Part 1 serves the site from this process on 127.0.0.1:PORT (a threaded WSGI server, the page
cache on in local memory, a fresh SQLite file in a temporary folder), opens a live story in
headless Chromium (/usr/bin/chromium through Playwright) and saves UPDATES live updates through
the model (LiveUpdate.objects.create, what the admin's form calls), at random moments. A
MutationObserver in the page stamps when each update's element appears; the latency is that
stamp minus the moment before the save. Browser and server share one clock (one machine).

Part 2 simulates READERS open pages polling the same story every NEWSROOM_LIVE_POLL_SECONDS
with random phases, for SECONDS of real time, while an update is saved every EVERY seconds.
Each poll goes through the whole application (Django's test client, middleware, the page
cache); the view's executions are counted: those are the requests that reach the origin's
database. If this process cannot keep up with the schedule, the polls served per second say so.
--no-page-cache runs part 2 without the page cache, for comparison (every poll then reaches
the view); --no-browser skips part 1.
"""

import argparse
import heapq
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Playwright's sync API runs an event loop in this thread; the ORM calls around it are plain.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

# Stamps the moment each update's element first shows in the list, in epoch milliseconds.
OBSERVER = """
() => {
  window.__seen = {};
  const list = document.querySelector("[data-live-list]");
  const stamp = () => {
    const now = Date.now();
    for (const item of list.children) {
      if (item.id && !(item.id in window.__seen)) window.__seen[item.id] = now;
    }
  };
  stamp();
  new MutationObserver(stamp).observe(list, { childList: true });
}
"""


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def new_live_story(headline):
    from django.utils import timezone

    from articles.models import Article
    from live.models import LiveCoverage, LiveUpdate

    story = Article.objects.create(
        headline=headline,
        body="<p>벤치마크용 가상 기사입니다.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    LiveCoverage.objects.create(article=story)
    LiveUpdate.objects.create(article=story, body="<p>가상 중계를 시작합니다.</p>")
    return story


def serve(port):
    """The project's WSGI application with static files, on loopback, in daemon threads."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler, allow_reuse_address=True)
    server.set_app(StaticFilesHandler(WSGIHandler()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def save_to_screen(args):
    from playwright.sync_api import sync_playwright

    from live.models import LiveUpdate

    story = new_live_story("[벤치] 가상 해안 도시 태풍 실시간")
    server = serve(args.port)
    rng = random.Random(16)
    latencies = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(locale="ko-KR", timezone_id="Asia/Seoul")
            page.goto(f"http://127.0.0.1:{args.port}{story.get_absolute_url()}")
            page.wait_for_selector("[data-live-list] > li")
            page.evaluate(OBSERVER)
            for n in range(args.updates):
                # A random moment within the poll cycle, as news arrives.
                page.wait_for_timeout(rng.uniform(0.3, 2.5) * 1000)
                saved_at = time.time() * 1000
                update = LiveUpdate.objects.create(
                    article=story, body=f"<p>가상 업데이트 {n + 1}: 해안도로 통제 구간 확대</p>"
                )
                anchor = f"update-{update.pk}"
                page.wait_for_function(f"() => '{anchor}' in window.__seen", timeout=30_000)
                seen_at = page.evaluate(f"() => window.__seen['{anchor}']")
                latencies.append((seen_at - saved_at) / 1000)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return latencies


def origin_load(args):
    from django.conf import settings
    from django.test import Client

    from delivery import page_cache
    from live.models import LiveUpdate

    story = new_live_story("[벤치] 가상 산간 지역 폭설 실시간")
    url = f"/live/{story.pk}/updates"
    renders = []
    render = page_cache._render

    def counting_render(view, request, view_args, view_kwargs):
        renders.append(request.path)
        return render(view, request, view_args, view_kwargs)

    page_cache._render = counting_render
    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(url).json()["cursor"]
    interval = settings.NEWSROOM_LIVE_POLL_SECONDS
    rng = random.Random(1000)
    start = time.time()
    # (when, reader) for polls; reader None is a save by the desk.
    queue = [(start + rng.uniform(0, interval), reader) for reader in range(args.readers)]
    queue += [(start + at, None) for at in range(args.every, args.seconds, args.every)]
    heapq.heapify(queue)
    cursors = [first] * args.readers
    renders.clear()
    polls = late = 0
    while queue and queue[0][0] < start + args.seconds:
        due, reader = heapq.heappop(queue)
        wait = due - time.time()
        if wait > 0:
            time.sleep(wait)
        elif wait < -0.5:
            late += 1
        if reader is None:
            LiveUpdate.objects.create(article=story, body="<p>가상 업데이트: 도로 통제</p>")
            continue
        response = client.get(f"{url}?since={cursors[reader]}")
        polls += 1
        cursors[reader] = response.json()["cursor"]
        heapq.heappush(queue, (due + interval, reader))
    elapsed = time.time() - start
    page_cache._render = render
    return polls, len(renders), elapsed, late


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--port", type=int, default=18180)
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--every", type=int, default=4, help="seconds between saves in part 2")
    parser.add_argument("--no-browser", action="store_true", help="skip part 1")
    parser.add_argument("--no-page-cache", action="store_true", help="part 2 without the cache")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="live-latency-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ.pop("REDIS_URL", None)  # one process: the local-memory cache is shared

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.NEWSROOM_PAGE_CACHE = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    print(f"poll every {settings.NEWSROOM_LIVE_POLL_SECONDS} s")

    if not args.no_browser:
        latencies = save_to_screen(args)
        print(f"save to screen, {len(latencies)} updates in Chromium, page cache on (locmem):")
        print(f"{'median s':>9} | {'p95 s':>6} | {'max s':>6} | {'min s':>6}")
        print(f"{'-' * 9}-+-{'-' * 6}-+-{'-' * 6}-+-{'-' * 6}")
        print(
            f"{statistics.median(latencies):>9.2f} | {percentile(latencies, 0.95):>6.2f} | "
            f"{max(latencies):>6.2f} | {min(latencies):>6.2f}"
        )
        print()

    settings.NEWSROOM_PAGE_CACHE = not args.no_page_cache
    polls, renders, elapsed, late = origin_load(args)
    print(
        f"{args.readers} simulated open pages, {elapsed:.0f} s, a save every {args.every} s, "
        f"page cache {'off' if args.no_page_cache else 'on'} (polls more than 0.5 s late: {late}):"
    )
    print(f"{'polls/s served':>14} | {'view runs':>9} | {'origin req/s per story':>22}")
    print(f"{'-' * 14}-+-{'-' * 9}-+-{'-' * 22}")
    print(f"{polls / elapsed:>14.1f} | {renders:>9} | {renders / elapsed:>22.2f}")


if __name__ == "__main__":
    main()
