"""gunicorn settings for newsroom (`make serve`; `gunicorn -c gunicorn.conf.py newsroom.wsgi`).

Everything can be changed from the environment; the defaults suit one small machine behind
a reverse proxy or CDN on the same host.
"""

import multiprocessing
import os

# Loopback by default: the proxy or CDN in front talks to it; set GUNICORN_BIND to change.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Threads in each worker: a page waits on PostgreSQL and Redis, during which another thread
# of the same process can run; processes use the cores. 2 x cores + 1 processes is gunicorn's
# rule of thumb for sync workers; with threads, one process per core plus one is enough.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# A page that takes longer than this is stuck (a lock, a dead database): restart the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then (bounded memory growth), not all at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

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
