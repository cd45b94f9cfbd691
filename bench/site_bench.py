"""Load test of the public site under gunicorn, on PostgreSQL with N generated stories.

    make bench                 # 100,000 stories
    make bench N=1000
    .venv/bin/python bench/site_bench.py --n 1000 --duration 10 --connections 16
    .venv/bin/python bench/site_bench.py --n 100000 --pages home,section,search --modes uncached

Steps: create the database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/newsroom_bench) if missing, migrate, generate the stories
unless it already holds exactly N (bench/site_data.py), collect static files, then start
gunicorn with gunicorn.conf.py on 127.0.0.1 twice: with the page cache off ("uncached": every
request renders from the database) and on ("cached"; Redis when REDIS_URL is set, else each
worker's local memory). Each page is loaded over loopback with wrk when installed, else with
a small Python load generator. The floor is /bench/floor/, a constant string through the same
server and middleware (NEWSROOM_BENCH_FLOOR=1, never in production).

Prints one table: requests/s, p50 and p99 latency, req/s as a share of the floor, and the
peak RSS (VmHWM) of each gunicorn worker. Also prints EXPLAIN of a search's match query, to
show it reads the search index alone (its GIN index, or its newest-first index for a term
most stories hold). --drop removes the database at the end.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
PAGES = ("floor", "story", "home", "section", "search", "feed")
MODES = {"uncached": "0", "cached": "1"}
SEARCH_WORDS = ("정상회담", "금리", "반도체", "서울", "대표팀", "인공지능", "태풍", "검찰 수사")


def parse_choices(parser, option, value, allowed) -> list[str]:
    chosen = [v for v in (part.strip() for part in value.split(",")) if v]
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        parser.error(f"{option}: choose from {', '.join(allowed)} (got {value!r})")
    return chosen


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with gunicorn.conf.py; stopped by its own PID."""

    def __init__(self, env, port, log_path):
        self.port = port
        self.log = open(log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("/bench/floor/"), timeout=5).read()  # noqa: S310
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {log_path}") from None
                time.sleep(0.3)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        children = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                children.append(int(status.parent.name))
        return children

    def peak_rss_mb(self) -> list[float]:
        peaks = []
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            if found:
                peaks.append(int(found.group(1)) / 1024)
        return peaks

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def run_wrk(paths, base, duration, connections, threads) -> dict:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    quoted = ",".join(json.dumps(p) for p in paths)
    script.write(
        f"local paths = {{{quoted}}}\n"
        "request = function()\n"
        "  return wrk.format('GET', paths[math.random(#paths)])\n"
        "end\n"
    )
    script.close()
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": to_ms(percentiles["50"]),
        "p99": to_ms(percentiles["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_python_load(paths, base, duration, connections, threads) -> dict:
    """A plain load generator for machines without wrk: `connections` threads, keep-alive."""
    import http.client

    host, port = urlsplit(base).hostname, urlsplit(base).port
    latencies, errors, stop = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", random.choice(paths))  # noqa: S311
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / duration,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }


def prewarm(server, paths, passes: int) -> None:
    """Fill the page cache: with local memory every worker has its own, so several passes."""
    for _ in range(passes):
        for path in paths:
            urllib.request.urlopen(server.url(path), timeout=30).read()  # noqa: S310


def sample_paths(n_stories: int) -> dict[str, list[str]]:
    from django.urls import reverse

    from articles.models import Article, Category

    rng = random.Random(1)
    # Readers crowd onto the newest stories: 200 of the newest 1,000.
    newest = list(
        Article.objects.published().order_by("-published_at").values_list("slug", flat=True)[:1000]
    )
    stories = [reverse("articles:detail", args=[slug]) for slug in rng.sample(newest, 200)]
    sections = [reverse("articles:section", args=[c.slug]) for c in Category.objects.all()]
    search = [f"{reverse('articles:search')}?q={quote(word)}" for word in SEARCH_WORDS]
    return {
        "floor": ["/bench/floor/"],
        "story": stories,
        "home": ["/"],
        "section": sections,
        "search": search,
        "feed": ["/feed/rss/"],
    }


def explain_search() -> str:
    from django.db import connection

    from search.engine import Query, search_articles

    sql, params = search_articles(Query.parse("정상회담")).sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="stories to generate")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--regenerate", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"comma-separated pages to load (default: all of {','.join(PAGES)})",
    )
    parser.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated: uncached, cached (default both)"
    )
    args = parser.parse_args()
    pages = parse_choices(parser, "--pages", args.pages, PAGES)
    modes = parse_choices(parser, "--modes", args.modes, MODES)

    if args.regenerate:
        drop_database(args.database_url)
    ensure_database(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "False",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-" + "k" * 40,
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",  # required with DEBUG off; links are not measured
        "NEWSROOM_BENCH_FLOOR": "1",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "newsroom-bench-static"),
        "GUNICORN_ACCESSLOG": "",
    }
    manage(env, "migrate", "--noinput", "--run-syncdb", "--verbosity", "0")
    setup_django(args.database_url)

    from site_data import generate

    from articles.models import Article

    generation = None
    existing = Article.objects.count()
    if existing != args.n:
        if existing:
            raise SystemExit(
                f"{args.database_url} holds {existing:,} stories, not {args.n:,}: "
                "use --regenerate (drops it) or another BENCH_DATABASE_URL"
            )
        print(f"Generating {args.n:,} stories ...")
        generation = generate(args.n)
        print(f"Generated in {generation:.0f} s")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    paths = {page: p for page, p in sample_paths(args.n).items() if page in pages}
    workers = int(env.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) + 1)
    load = run_wrk if shutil.which("wrk") else run_python_load
    results, rss = [], {}
    log_path = Path(tempfile.gettempdir()) / "newsroom-bench-gunicorn.log"
    for mode, cache_on in ((m, c) for m, c in MODES.items() if m in modes):
        server = Server({**env, "NEWSROOM_PAGE_CACHE": cache_on}, free_port(), log_path)
        try:
            for page, page_paths in paths.items():
                if page == "floor" and mode == "cached":
                    continue
                base = server.url("")
                if mode == "cached":
                    prewarm(server, page_paths, passes=workers + 1)
                load(page_paths, base, 2, args.connections, args.threads)  # warm-up
                measured = load(page_paths, base, args.duration, args.connections, args.threads)
                results.append({"page": page, "mode": mode if page != "floor" else "-", **measured})
            rss[mode] = server.peak_rss_mb()
        finally:
            server.stop()

    floor = next((r["rps"] for r in results if r["page"] == "floor"), None)
    import django
    from django.db import connection

    cpu, ram = os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print()
    print(
        f"N={args.n:,} stories; {cpu} cores, {ram:.0f} GB RAM; Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}, PostgreSQL {connection.pg_version // 10000}; "
        f"load: {'wrk' if load is run_wrk else 'python'} {args.connections} connections, "
        f"{args.duration} s; cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}"
    )
    if generation is not None:
        print(f"Generation: {generation:.0f} s")
    print()
    print("| page    | mode     |    req/s | p50 ms | p99 ms | % of floor | errors |")
    print("|---------|----------|---------:|-------:|-------:|-----------:|-------:|")
    for r in results:
        share = f"{100 * r['rps'] / floor:.0f}%" if floor else "-"
        print(
            f"| {r['page']:<7} | {r['mode']:<8} | {r['rps']:>8.0f} | {r['p50']:>6.1f} "
            f"| {r['p99']:>6.1f} | {share:>10} | {r['errors']:>6} |"
        )
    print()
    for mode, peaks in rss.items():
        shown = ", ".join(f"{p:.0f}" for p in peaks)
        print(f"Peak RSS per gunicorn worker ({mode}): {shown} MB")
    print()
    plan = explain_search()
    names = ("article_search_document", "article_search_newest")
    indexes = [name for name in names if name in plan]
    print(f"Search match query uses: {', '.join(indexes) or 'NO index'}")
    print(plan)
    if args.drop:
        connection.close()
        drop_database(args.database_url)
        print(f"Dropped {args.database_url}")


if __name__ == "__main__":
    main()
