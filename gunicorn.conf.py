"""gunicorn settings for newsroom (`make serve`; `gunicorn -c gunicorn.conf.py newsroom.wsgi`).

Everything can be changed from the environment; the defaults suit one small machine behind
a reverse proxy or CDN on the same host.
"""

import multiprocessing
import os
import threading
import time

# Loopback by default: the proxy or CDN in front talks to it; set GUNICORN_BIND to change.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Threads in each worker: a page waits on PostgreSQL and Redis, during which another thread
# of the same process can run; processes use the cores. 2 x cores + 1 processes is gunicorn's
# rule of thumb for sync workers; with threads, one process per core plus one is enough.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is stuck (a lock, a dead database, hostile input):
# its worker is killed and restarted. gunicorn's own `timeout` does that only for sync
# workers; its documentation: "For the non sync workers it just means that the worker
# process is still communicating and is not tied to the length of time required to handle a
# single request". A gthread worker's main thread keeps answering the arbiter while a
# request thread is stuck, so the watchdog below applies the same limit to every request in
# every worker class: past `timeout` seconds the worker exits, as a timed-out sync worker is
# killed, and the arbiter starts a new one.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then (bounded memory growth), not all at the same moment. Rarely:
# a worker's memory stays flat under load (64-77 MB after 30,000 requests, bench/RESULTS.md),
# while every restart stalls the requests queued on that worker; at 5,000 a busy hour's
# traffic (1,000 req/s on a 2-core box) restarted each worker every 15 s, and those restarts
# were the slowest 1% of the requests.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "10000"))

# Load the app once in the master and fork: faster start, shared memory pages. Database
# connections are opened per worker, after the fork, by Django.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# No access log by default: at breaking-news rates it is a disk write per request, and the
# CDN keeps one. GUNICORN_ACCESSLOG=- writes it to stdout.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# X-Forwarded-* are trusted from these proxy addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

wsgi_app = "newsroom.wsgi:application"


_REQUEST_STARTED: dict[int, float] = {}  # thread id -> monotonic start, in this worker


def pre_request(worker, req):
    _REQUEST_STARTED[threading.get_ident()] = time.monotonic()


def post_request(worker, req, environ, resp):
    _REQUEST_STARTED.pop(threading.get_ident(), None)


def post_worker_init(worker):
    limit = worker.cfg.timeout
    if not limit:
        return

    def watch():
        while True:
            time.sleep(1)
            now = time.monotonic()
            if any(now - started > limit for started in list(_REQUEST_STARTED.values())):
                worker.log.critical("request over %s s: worker %s exits", limit, worker.pid)
                # os._exit: a stuck thread cannot be stopped, and sys.exit would wait for it.
                os._exit(1)

    threading.Thread(target=watch, name="request-timeout", daemon=True).start()
