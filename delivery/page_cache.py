"""The page cache: public pages rendered once and served from Django's cache.

Two kinds of page:
- "story": one story's page, keyed by its slug (the view reads nothing else from the request)
  and fresh until that story, or anything on it, changes (see delivery.marks).
- "list": home, sections, tags, search, feeds and sitemaps, keyed by the path and the query
  parameters the view declares; fresh until any public story changes, and for at most
  NEWSROOM_LIST_CACHE_SECONDS.

A view declares the query parameters it reads in its decorator, cached_page(LIST,
params=("q", "page")), and sees only those in request.GET: anything else in the query string
(?utm_source=, ?a=1, ?a=2, ...) neither reaches the view nor makes another cache entry, so
junk parameters cannot force renders from the database or flood the cache. A parameter read
without being declared is simply absent, which shows at once in development.

- "poll": a live story's answer to its readers' poll, keyed like a list, fresh until the
  marks the view names change, and for at most POLL_SECONDS (a second).

Every entry also expires when the next scheduled story goes live (or a breaking mark ends),
because nothing is saved at that moment to invalidate it. Signed-in users (staff) are never
served from nor stored in the cache; nor are responses that set cookies or a CSRF token.

No stampede after a change: a stale entry is kept, and of the readers who find it stale, the
one who takes the page's render lock (cache.add, atomic in Redis and in local memory) renders;
the others get the previous page at once, marked "X-Page-Cache: stale" and cacheable
downstream for a second at most. With no entry at all, they wait up to STALE_WAIT_SECONDS for
the one being rendered before rendering it themselves.
"""

import functools
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, urlencode

from . import http, marks
from .hot_pages import PageStamp
from .schedule import seconds_until_next_change

STORABLE_STATUSES = {200, 301, 404}
STORY, LIST, POLL = "story", "list", "poll"
# A reader's poll may see an answer this old; see live/views.py.
POLL_SECONDS = 1
# Longer than any render: a renderer that dies frees the page after this.
RENDER_LOCK_SECONDS = 5
# How long a reader with no page to fall back on waits for the one being rendered.
STALE_WAIT_SECONDS = 1.0
WAIT_STEP_SECONDS = 0.05


@dataclass(frozen=True)
class CachedPage:
    # When rendering began (less a read replica's lag): older than a change mark means stale.
    started_at: float
    expires_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def is_fresh(self, found_marks) -> bool:
        return all(self.started_at > changed for changed in found_marks)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def cached_page(kind: str, *, params: Iterable[str] = (), changes=None):
    """Cache a public view's pages; kind is STORY (slug keyword argument), LIST or POLL.

    params are the query parameters the view reads: the only ones it is shown and the only
    ones in the cache key. A story page's key is its slug alone, so STORY takes none. A POLL
    view names the change marks its answer follows: changes(**kwargs) returns their keys.
    """
    params = tuple(params)
    if kind == STORY and params:
        raise ValueError("A story page is keyed by its slug alone: it can read no parameters.")
    if (kind == POLL) != (changes is not None):
        raise ValueError("A poll, and only a poll, names the marks it follows (changes=).")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request.GET = declared_parameters(request.GET, params)
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if is_signed_in(request):
                response = view(request, *args, **kwargs)
                http.private_headers(response)
                return response
            return _serve(kind, view, request, args, kwargs, changes)

        wrapped.query_parameters = params
        return wrapped

    return decorator


def is_cached_page(view) -> bool:
    """Whether view is a public page served through cached_page (newsroom.replica asks)."""
    return hasattr(view, "query_parameters")


def declared_parameters(query: QueryDict, params: tuple[str, ...]) -> QueryDict:
    """The declared parameters of query, in declared order, each with the value views read.

    QueryDict.get() returns the last value of a repeated parameter, so only that one is kept;
    an empty value reads like a missing one, so it is dropped (?q= is the page without q).
    """
    kept = [(name, query.get(name)) for name in params if query.get(name)]
    return QueryDict(urlencode(kept))


def is_signed_in(request) -> bool:
    # Without a session cookie nobody is signed in: checking costs no session lookup and
    # adds no "Vary: Cookie" to pages everyone shares.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def page_key(kind: str, request, kwargs, changes=None) -> tuple[str, list[str]]:
    """The cache key of the page and the change marks it must be newer than.

    A list's key is its path and request.GET, which cached_page has already cut down to the
    parameters the view declares.
    """
    if kind == STORY:
        slug = kwargs["slug"]
        return f"{marks.PREFIX}page:story:{marks.digest(slug)}", [
            marks.story_mark(slug),
            marks.SITE,
        ]
    address = f"{request.path}?{request.GET.urlencode()}"
    if kind == POLL:
        return f"{marks.PREFIX}page:poll:{marks.digest(address)}", [
            *changes(**kwargs),
            marks.SITE,
        ]
    return f"{marks.PREFIX}page:list:{marks.digest(address)}", [
        marks.LISTS,
        marks.SITE,
    ]


def _serve(kind, view, request, args, kwargs, changes=None):
    if not settings.NEWSROOM_PAGE_CACHE:
        return _finish(kind, request, *_render_page(kind, view, request, args, kwargs))
    key, mark_keys = page_key(kind, request, kwargs, changes)
    found = cache.get_many([key, *mark_keys])
    # A poll answer lives a second: not worth a copy in the outermost middleware.
    stamp_marks = () if kind == POLL else mark_keys
    entry = found.pop(key, None)
    found_marks = list(found.values())
    now = time.time()
    usable = isinstance(entry, CachedPage) and entry.expires_at > now
    if usable and entry.is_fresh(found_marks):
        return _finish(kind, request, _hit(entry, "hit", stamp_marks), entry.expires_at - now)
    lock = f"{key}:render"
    if not cache.add(lock, now, RENDER_LOCK_SECONDS):
        if usable:
            return _finish(kind, request, _hit(entry, "stale"), 0, stale=True)
        entry = _wait_for_render(key, lock, found_marks)
        if entry is not None:
            response = _hit(entry, "hit", stamp_marks)
            return _finish(kind, request, response, entry.expires_at - time.time())
        # The renderer stored nothing (an uncacheable answer, or the cache is away).
        return _finish(
            kind, request, *_render_page(kind, view, request, args, kwargs, key, stamp_marks)
        )
    try:
        response, lifetime = _render_page(kind, view, request, args, kwargs, key, stamp_marks)
    finally:
        cache.delete(lock)
    return _finish(kind, request, response, lifetime)


def _hit(entry: CachedPage, how: str, mark_keys=()) -> HttpResponse:
    response = entry.response()
    response["X-Page-Cache"] = how
    if how == "hit" and mark_keys:
        # A fresh shared copy: the outermost middleware may keep the finished response.
        response.page_stamp = PageStamp(entry.started_at, entry.expires_at, tuple(mark_keys))
    return response


def _wait_for_render(key, lock, found_marks) -> CachedPage | None:
    """The page another request is rendering, once stored; None if it gives up or is away."""
    deadline = time.monotonic() + STALE_WAIT_SECONDS
    while True:
        found = cache.get_many([key, lock])
        entry = found.get(key)
        if isinstance(entry, CachedPage) and entry.is_fresh(found_marks):
            return entry
        # No lock: the renderer is done without storing, or the cache is unreachable.
        if lock not in found or time.monotonic() >= deadline:
            return None
        time.sleep(WAIT_STEP_SECONDS)


def _render_page(kind, view, request, args, kwargs, key=None, mark_keys=()):
    """Render the view; with a key, store what may be shared. Returns (response, lifetime)."""
    started_at = time.time()
    response = _render(view, request, args, kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    lifetime = _lifetime(kind, started_at)
    _fill_validators(response, started_at)
    if key is None:
        return response, lifetime
    if _storable(request, response) and lifetime >= 1:
        # Read from a replica, the page may lack the changes of the last few seconds: it
        # counts as fresh only for changes made before those (newsroom/replica.py).
        seen_up_to = started_at - settings.NEWSROOM_REPLICA_LAG_SECONDS
        entry = CachedPage(
            started_at=seen_up_to,
            expires_at=started_at + lifetime,
            status=response.status_code,
            headers=tuple(response.items()),
            content=response.content,
        )
        cache.set(key, entry, int(lifetime))
        if mark_keys:
            response.page_stamp = PageStamp(seen_up_to, entry.expires_at, tuple(mark_keys))
    response["X-Page-Cache"] = "miss"
    return response, lifetime


def _finish(kind, request, response, lifetime, *, stale=False):
    if response.status_code in STORABLE_STATUSES and not _is_private(response):
        if stale or kind == POLL:
            # A stale page is kept downstream for a second at most; a poll answer is only
            # ever a second old, the longest a reader's live page may lag behind the desk.
            if "Cache-Control" in response:
                del response["Cache-Control"]
            if stale:
                patch_cache_control(response, public=True, max_age=0, s_maxage=POLL_SECONDS)
            else:
                patch_cache_control(response, public=True, max_age=POLL_SECONDS)
        else:
            http.public_headers(response, cdn_seconds=lifetime)
    if response.status_code == 200:
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_parse_last_modified(response.get("Last-Modified")),
            response=response,
        )
    return response


def _render(view, request, args, kwargs):
    try:
        return view(request, *args, **kwargs)
    except Http404 as exc:
        # The 404 page as the handler would render it, so that it can be cached too.
        return response_for_exception(request, exc)


def _lifetime(kind: str, started_at: float) -> float:
    if kind == POLL:
        # A second is shorter than any schedule's precision: no look-up of the next change.
        return POLL_SECONDS
    base = (
        settings.NEWSROOM_STORY_CACHE_SECONDS
        if kind == STORY
        else settings.NEWSROOM_LIST_CACHE_SECONDS
    )
    return min(base, seconds_until_next_change(started_at, breaking=kind == LIST))


def _is_private(response) -> bool:
    control = response.get("Cache-Control", "")
    return "private" in control or "no-store" in control


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code in STORABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A page that used this response's CSP nonce must not be replayed with another's.
        and getattr(request, "_csp_nonce", None) is None
        and not _is_private(response)
    )


def _fill_validators(response, started_at: float) -> None:
    """Lists get an ETag of their content and Last-Modified of their rendering."""
    if response.status_code != 200:
        return
    if "ETag" not in response:
        response["ETag"] = http.content_etag(response.content)
    if "Last-Modified" not in response:
        response["Last-Modified"] = http_date(int(started_at))


def _parse_last_modified(value):
    return parse_http_date_safe(value) if value else None
