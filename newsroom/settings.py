"""Settings for newsroom, read from environment variables with safe local defaults.

Local development needs nothing set: SQLite file, local-memory cache, DEBUG on.
Production sets DEBUG=False and must set SECRET_KEY (see README, "Deploy").
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value!r}; use True or False")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    # Only ever used on a developer's machine: DEBUG on and no key given.
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")


def runserver_site_url(argv: list[str]) -> str:
    """http://127.0.0.1:<port> for `manage.py runserver [addr:]port`, port 8000 by default.

    The address runserver was told to serve on (`make run PORT=...` passes it), never the
    request's Host header, which any client sets as it likes.
    """
    port, host = "8000", "127.0.0.1"
    if "runserver" in argv:
        for arg in argv[argv.index("runserver") + 1 :]:
            if match := re.fullmatch(r"(?:(?P<host>.*):)?(?P<port>\d{1,5})", arg):
                port = match["port"]
                if match["host"] in ("localhost", "[::1]"):
                    host = match["host"]
                break
    return f"http://{host}:{port}"


# The public address of the site, used for absolute URLs in sitemaps, feeds and metadata.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off (production): the site's public address, "
            "e.g. SITE_URL=https://news.example.org. Canonical links, share previews, JSON-LD, "
            "feeds, sitemaps and robots.txt are built from it."
        )
    # Development: links point where this runserver answers, whatever port it was given.
    SITE_URL = runserver_site_url(sys.argv)
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.netloc:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) URL, got {SITE_URL!r}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", f"{_site.scheme}://{_site.netloc}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "newsroom.apps.TagsConfig",  # django-taggit, named in Korean
    "reversion",  # a revision of every story save
    "reversion_compare",  # history diff of two revisions in the admin
    "django_prose_editor",  # the body's rich-text editor (ProseMirror)
    # Our apps, lowest layer first (README, "Layout"; pyproject's import-linter contracts).
    "photos",  # the photo library: stored originals and their renditions, the image pipeline
    "outlet",  # the outlet's settings and highlight palette
    "articles",  # the core: stories, their parts, the desk
    "related",  # related-article lists ("발견") and their moderation
    "search",  # the Korean search index
    "live",  # live coverage, its updates, and the corrections log
    "distribution",  # IndexNow and WebSub pings through an outbox
    "delivery",  # page cache, HTTP caching headers, CDN purges
    "importing",  # the old site's posts brought in (import_posts)
    "reader",  # the public site's pages, feeds and sitemaps
    # Django's tasks API through the django-tasks backport, and its database queue.
    "django_tasks",
    "newsroom.apps.TasksDatabaseConfig",  # django_tasks_db: the queue table, in Korean
    "newsroom.apps.NewsroomConfig",  # roles, the publish path, the task admin, demo data
]

MIDDLEWARE = [
    "newsroom.bad_requests.refuse_nul_bytes",
    # Page-cache hits from this process's copy, before what a hit does not need (delivery).
    "delivery.hot_pages.hot_page_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# A story form is bounded (parts with many rows have pages of their own); these limits leave
# room for stories imported with long lists. Over them the desk gets a Korean page naming the
# limit (newsroom.bad_requests) and the story screen's local copy keeps what was typed.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outlet.context_processors.outlet",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# A read replica (PostgreSQL streaming replication) for readers' public pages; the desk, writes
# and workers stay on the primary (newsroom/replica.py). Pages rendered from it are not counted
# fresh for changes made within NEWSROOM_REPLICA_LAG_SECONDS (delivery/page_cache.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
NEWSROOM_REPLICA_LAG_SECONDS = float(
    os.environ.get("NEWSROOM_REPLICA_LAG_SECONDS", "2" if DATABASE_REPLICA_URL else "0")
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["newsroom.replica.PublicReadsRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("delivery.hot_pages.hot_page_middleware") + 1,
        "newsroom.replica.public_page_reads",
    )

# PostgreSQL's search lookups and types; SQLite (development) does without.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

# Cache (delivery app). Redis when REDIS_URL is set, through a backend that turns an
# unreachable Redis into cache misses so the site keeps serving from the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "delivery.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # Short: a cache that answers slowly is worse than none.
                "socket_connect_timeout": env_int("REDIS_CONNECT_TIMEOUT_MS", 250) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_MAX_ENTRIES", 5000)},
        }
    }
# After a Redis connection error, how long to serve without Redis before trying again, and
# how often at most the error is logged (per process).
NEWSROOM_CACHE_RETRY_SECONDS = env_int("NEWSROOM_CACHE_RETRY_SECONDS", 5)
NEWSROOM_CACHE_ERROR_LOG_SECONDS = env_int("NEWSROOM_CACHE_ERROR_LOG_SECONDS", 60)

# Page cache and HTTP caching (delivery app; see delivery/page_cache.py).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
# Story pages rendered when their story changes and served from the database (reader app,
# reader/stored_pages.py); off, every story page not in the page cache is rendered.
NEWSROOM_STORED_STORY_PAGES = env_bool("NEWSROOM_STORED_STORY_PAGES", True)
# The first pages of the home page and the sections, stored when rendered and served until a
# story they show changes (reader/stored_lists.py), at most NEWSROOM_LIST_CACHE_SECONDS; they
# are stored only while stored story pages (and their cards) are on.
NEWSROOM_STORED_LIST_PAGES = env_bool("NEWSROOM_STORED_LIST_PAGES", True)
# Each story change renders its page anew; this bounds how long a row changed outside Django
# (an SQL fix) can go unseen. `manage.py render_story_pages` shows such a fix at once.
NEWSROOM_STORED_PAGE_MAX_SECONDS = env_int("NEWSROOM_STORED_PAGE_MAX_SECONDS", 3600)
# Finished pages each process keeps to answer hits without Redis or middleware; 0 turns it off.
NEWSROOM_HOT_PAGES = env_int("NEWSROOM_HOT_PAGES", 256)
# How long such a copy found fresh is trusted before the shared change marks are read again:
# 0 reads them on every request; above it, another node's change shows here up to that late.
NEWSROOM_HOT_PAGE_RECHECK_MS = env_int("NEWSROOM_HOT_PAGE_RECHECK_MS", 0)
# With Redis, every change mark is also pushed to each process, which then checks its copies
# in memory (delivery/mark_mirror.py); a save waits until every process has its marks, or
# NEWSROOM_MARK_LEASE_MS at most if one hangs (that one reads Redis again by then).
NEWSROOM_MARK_PUSH = env_bool("NEWSROOM_MARK_PUSH", True)
NEWSROOM_MARK_LEASE_MS = env_int("NEWSROOM_MARK_LEASE_MS", 500)
# Story pages are invalidated the moment the story changes; this only bounds memory use.
NEWSROOM_STORY_CACHE_SECONDS = env_int("NEWSROOM_STORY_CACHE_SECONDS", 600)
# Lists, feeds and sitemaps: refreshed on any public story change, and at least this often.
NEWSROOM_LIST_CACHE_SECONDS = env_int("NEWSROOM_LIST_CACHE_SECONDS", 30)
# Browsers revalidate (ETag, 304) after this; a CDN keeps pages for the cache lifetimes above
# (s-maxage) since it is purged on changes, and may serve a stale page while refetching.
NEWSROOM_HTTP_MAX_AGE = env_int("NEWSROOM_HTTP_MAX_AGE", 0)
NEWSROOM_HTTP_STALE_WHILE_REVALIDATE = env_int("NEWSROOM_HTTP_STALE_WHILE_REVALIDATE", 30)
# CDN purges on publish/update/unpublish: "" (none), "delivery.purge_backends.HttpPurgeBackend"
# (PURGE <path> to NEWSROOM_PURGE_HOST) or "delivery.purge_backends.CdnApiPurgeBackend".
NEWSROOM_PURGE_BACKEND = os.environ.get("NEWSROOM_PURGE_BACKEND", "")
NEWSROOM_PURGE_HOST = os.environ.get("NEWSROOM_PURGE_HOST", "http://127.0.0.1:6081")
NEWSROOM_PURGE_API_URL = os.environ.get("NEWSROOM_PURGE_API_URL", "")
NEWSROOM_PURGE_API_TOKEN = os.environ.get("NEWSROOM_PURGE_API_TOKEN", "")
# Seconds a purge may take in all; it runs after commit, in the editor's request.
NEWSROOM_PURGE_TIMEOUT = float(os.environ.get("NEWSROOM_PURGE_TIMEOUT", "2"))
# Search on PostgreSQL ranks the newest this many matches of a query (delivery/perf, issue 8).
NEWSROOM_SEARCH_MAX_RESULTS = env_int("NEWSROOM_SEARCH_MAX_RESULTS", 1000)
# Benchmarks only: serve /bench/floor/, a constant string, to measure the framework's floor.
NEWSROOM_BENCH_FLOOR = env_bool("NEWSROOM_BENCH_FLOOR", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
# Korean for the third-party admin pages that ship none (revision history, compare, restore):
# locale/ko/LC_MESSAGES/django.po, compiled to django.mo (msgfmt, from gettext) and committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# --- Media on object storage (issue 15) -----------------------------------------------------
# Local files under MEDIA_ROOT unless NEWSROOM_S3_BUCKET is set; then every media file (library
# photos, renditions, live-update photos, the breaking banner) is an object in that bucket of
# any S3-compatible store, and its URLs are the store's (or the CDN's), already absolute.
# Credentials come from boto3's own chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile
# or the machine's role. README, "Configuration", lists the variables.
NEWSROOM_S3_BUCKET = os.environ.get("NEWSROOM_S3_BUCKET", "").strip()
# Origins the media URLs live on, allowed as image sources by the Content-Security-Policy.
NEWSROOM_MEDIA_ORIGINS: list[str] = []
if NEWSROOM_S3_BUCKET:
    _s3_endpoint = os.environ.get("NEWSROOM_S3_ENDPOINT_URL", "").strip().rstrip("/")
    _s3_region = os.environ.get("NEWSROOM_S3_REGION", "").strip()
    # A MinIO, Ceph or test server on its own address answers at <endpoint>/<bucket>/<key>.
    _s3_addressing = os.environ.get("NEWSROOM_S3_ADDRESSING_STYLE", "").strip() or (
        "path" if _s3_endpoint else "auto"
    )
    # A CDN host in front of the bucket: media.example.org (https) or http://host:port.
    _s3_domain = os.environ.get("NEWSROOM_S3_CUSTOM_DOMAIN", "").strip().rstrip("/")
    _s3_cdn = urlsplit(
        _s3_domain if "//" in _s3_domain or not _s3_domain else f"https://{_s3_domain}"
    )
    STORAGES["default"] = {
        "BACKEND": "newsroom.media_storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": NEWSROOM_S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "region_name": _s3_region or None,
            "addressing_style": _s3_addressing,
            "custom_domain": (_s3_cdn.netloc + _s3_cdn.path) or None,
            "url_protocol": f"{_s3_cdn.scheme or 'https'}:",
            # Keys under this prefix, so one bucket can hold several sites' media.
            "location": os.environ.get("NEWSROOM_S3_PREFIX", "").strip().strip("/"),
            # Only for stores that ignore bucket policies (e.g. "public-read"); unset: the policy.
            "default_acl": os.environ.get("NEWSROOM_S3_DEFAULT_ACL", "").strip() or None,
            "object_parameters": {
                "CacheControl": os.environ.get(
                    "NEWSROOM_S3_CACHE_CONTROL", "public, max-age=86400"
                ).strip()
            },
        },
    }
    if _s3_cdn.netloc:
        NEWSROOM_MEDIA_ORIGINS = [f"{_s3_cdn.scheme}://{_s3_cdn.netloc}"]
    elif _s3_endpoint:
        _endpoint = urlsplit(_s3_endpoint)
        _host = _endpoint.netloc
        if _s3_addressing == "virtual":
            _host = f"{NEWSROOM_S3_BUCKET}.{_host}"
        NEWSROOM_MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_host}"]
    else:
        # AWS itself: the bucket's global and, with a region, its regional address.
        NEWSROOM_MEDIA_ORIGINS = [f"https://{NEWSROOM_S3_BUCKET}.s3.amazonaws.com"]
        if _s3_region:
            NEWSROOM_MEDIA_ORIGINS.append(
                f"https://{NEWSROOM_S3_BUCKET}.s3.{_s3_region}.amazonaws.com"
            )
# --- end of media on object storage ---------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded images: refused above these limits with an error on the field.
NEWSROOM_MAX_UPLOAD_BYTES = env_int("NEWSROOM_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)
# Photo renditions: the widths (px) each library photo is stored at, in WebP and JPEG (PNG when
# transparent). Never wider than the original; a smaller original also gets its own width.
NEWSROOM_RENDITION_WIDTHS = [
    int(width) for width in env_list("NEWSROOM_RENDITION_WIDTHS", "480,800,1200,1600")
]
# Readers' pace for the "N분 읽기" estimate, in eojeol (space-separated words) a minute.
NEWSROOM_READING_RATE = env_int("NEWSROOM_READING_RATE", 200)
# How many automatic related-story suggestions are kept per story for moderators to judge.
NEWSROOM_RELATED_CANDIDATES = env_int("NEWSROOM_RELATED_CANDIDATES", 10)
# How long a story stays in the breaking banner unless the desk sets another end.
NEWSROOM_BREAKING_HOURS = env_int("NEWSROOM_BREAKING_HOURS", 6)
# How long a preview link sent to someone without an account works.
NEWSROOM_PREVIEW_HOURS = env_int("NEWSROOM_PREVIEW_HOURS", 48)
# How long the soft "editing now" marker lasts without a heartbeat from the editor's page.
NEWSROOM_EDITING_MARKER_SECONDS = env_int("NEWSROOM_EDITING_MARKER_SECONDS", 120)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # check --deploy asks for preload; the flag alone submits nothing to the browsers' list.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Security: headers, Content-Security-Policy, login throttling, database outage ---------
# What these promise and which tests prove it: SECURITY.md.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not either.
CSRF_COOKIE_HTTPONLY = True

INSTALLED_APPS += ["csp", "axes"]
# CSP right after SecurityMiddleware so every response, the outage page included, carries it;
# the outage middleware inside it, around everything that may touch the database.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "newsroom.outage.DatabaseOutageMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "newsroom.security_headers.MediaNonceMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires

# Scripts only from our own origin or with this response's nonce (the admin editor's import
# map); never 'unsafe-inline'. Styles allow inline: the admin and the editor set style
# attributes, and stored HTML can carry no style (markup/sanitize.py drops it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [
            "'self'",
            "data:",
            *NEWSROOM_MEDIA_ORIGINS,
            *env_list("NEWSROOM_CSP_IMG_HOSTS", ""),
        ],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login throttling (django-axes): a username tried from one address is locked after
# NEWSROOM_LOGIN_FAILURE_LIMIT failures for NEWSROOM_LOGIN_COOLOFF_MINUTES. Locking the
# pair, not the username alone, keeps a stranger from locking the desk out during breaking news.
# Unlock early: `manage.py axes_reset_username <name>` or the admin's access attempts page.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security_headers.lockout_response"
# Behind a proxy REMOTE_ADDR is the proxy's: say how many trusted proxies stand in front.
NEWSROOM_PROXY_COUNT = env_int("NEWSROOM_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "newsroom.security_headers.client_ip"

# Readers get a 503 with this Retry-After (seconds) while the database cannot be reached.
NEWSROOM_OUTAGE_RETRY_AFTER = env_int("NEWSROOM_OUTAGE_RETRY_AFTER", 30)

# --- Live coverage and distribution (apps live/ and distribution/) ------------------------
# How often an open live story asks for new updates, in seconds.
NEWSROOM_LIVE_POLL_SECONDS = env_int("NEWSROOM_LIVE_POLL_SECONDS", 2)
# Pings on publish, substantive update and unpublish; none are configured by default.
# IndexNow: comma-separated endpoints (e.g. https://api.indexnow.org/indexnow) and the site's
# key (8-128 letters, digits, dashes), served at /<key>.txt.
NEWSROOM_INDEXNOW_ENDPOINTS = env_list("NEWSROOM_INDEXNOW_ENDPOINTS", "")
NEWSROOM_INDEXNOW_KEY = os.environ.get("NEWSROOM_INDEXNOW_KEY", "")
# WebSub hubs told (hub.mode=publish) when the feeds a story is in change.
NEWSROOM_WEBSUB_HUBS = env_list("NEWSROOM_WEBSUB_HUBS", "")
# A ping that fails is retried after RETRY_SECONDS, doubling each time, MAX_ATTEMPTS in all.
NEWSROOM_PING_TIMEOUT = env_int("NEWSROOM_PING_TIMEOUT", 10)
NEWSROOM_PING_RETRY_SECONDS = env_int("NEWSROOM_PING_RETRY_SECONDS", 60)
NEWSROOM_PING_MAX_ATTEMPTS = env_int("NEWSROOM_PING_MAX_ATTEMPTS", 8)

# --- Background tasks (issue 15; newsroom/publishing.py, README "Workers") -----------------
# What a story change sets off, called by articles.changes.follow_story_change: the one hook
# from the core to the apps built on it.
NEWSROOM_STORY_CHANGE_HANDLER = "newsroom.publishing.story_changed"
# Where tasks wait: "database" (django_tasks_db, the embedded default: `manage.py run_worker`
# beside the web server; leases and retries tested end to end), "rq" (Redis through
# django-tasks-rq: `manage.py rqworker --with-scheduler --job-class
# django_tasks_rq.backend.Job default`), or "immediate" (run at once in the saving process).
NEWSROOM_TASKS_BACKEND = os.environ.get("NEWSROOM_TASKS_BACKEND", "database")
if NEWSROOM_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("NEWSROOM_RQ_URL") or REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif NEWSROOM_TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif NEWSROOM_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be database, rq or immediate, not {NEWSROOM_TASKS_BACKEND!r}"
    )
# A task RUNNING longer than this (its worker was killed, or its machine died) is put back in
# the queue by `run_worker`, so another worker runs it; tasks are idempotent. Longer than the
# slowest task (renditions of a large photo, a ping's timeout).
NEWSROOM_TASK_LEASE_SECONDS = env_int("NEWSROOM_TASK_LEASE_SECONDS", 300)
# How often a worker looks for such tasks, in seconds.
NEWSROOM_TASK_RECLAIM_SECONDS = env_int("NEWSROOM_TASK_RECLAIM_SECONDS", 30)
# A task that raises runs again after RETRY_SECONDS, doubling, MAX_ATTEMPTS runs in all;
# then it stays failed, and the admin's task list offers a retry button.
NEWSROOM_TASK_MAX_ATTEMPTS = env_int("NEWSROOM_TASK_MAX_ATTEMPTS", 5)
NEWSROOM_TASK_RETRY_SECONDS = env_int("NEWSROOM_TASK_RETRY_SECONDS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"articles": {"handlers": ["console"], "level": "INFO"}},
}
