"""Public pages read from a read replica, when DATABASE_REPLICA_URL names one.

What may trail the primary by a moment: the pages readers share, that is the views the page
cache serves (delivery.page_cache.is_cached_page), requested without a session cookie. Everything
else stays on the primary: every write (Django routes writes to db_for_write, which is always
the primary), the desk and anyone signed in (an editor must see what they just saved), preview
links, the task workers (they are not requests), row locks (select_for_update runs inside
writes), migrations. The page cache knows that a page rendered from the replica may miss the
last NEWSROOM_REPLICA_LAG_SECONDS of changes, and does not count such a page as fresh for a
change made within that window (delivery.page_cache).
"""

from contextvars import ContextVar

from django.conf import settings
from django.urls import Resolver404, resolve

from delivery.page_cache import is_cached_page

REPLICA = "replica"
_reading_public_page: ContextVar[bool] = ContextVar("reading_public_page", default=False)


def public_page_reads(get_response):
    """Mark the request's reads as the replica's when it is a reader's public page."""

    def middleware(request):
        token = _reading_public_page.set(is_public_page_read(request))
        try:
            return get_response(request)
        finally:
            _reading_public_page.reset(token)

    return middleware


def is_public_page_read(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return is_cached_page(match.func)


class PublicReadsRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading_public_page.get() else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # it follows the primary's schema by replication
