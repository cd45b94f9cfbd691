"""Page-cache hits served before the middleware a hit does not need, from a per-process copy.

A reader's request for a page the page cache has stored needs no session, user, CSRF token or
messages, and no copy of the page from Redis if this process served it a moment ago. So the
outermost middleware keeps the last NEWSROOM_HOT_PAGES finished responses that the page cache
marked as shareable (hit or miss, with everything the middleware below added), and answers a
later GET for the same address from that copy, after a look at the shared change marks: a
copy whose rendering began before any of its marks is never served, so a save on another node
is seen here on the next request, exactly as with the shared cache alone. With Redis, the marks
are pushed to this process as they are set (delivery.mark_mirror), so the look is a memory read
and a hit costs no network round trip; where the mirror cannot vouch for them, Redis is read.

Anything it is unsure of goes the normal way: signed-in users (a session cookie), other methods,
an expired or stale copy, a copy from before the shared cache was flushed or restarted (its
marks are gone; see marks.GENERATION), and every request while the shared cache is unreachable
(the marks cannot be read, so freshness cannot be known).

With NEWSROOM_HOT_PAGE_RECHECK_MS above 0, a copy found fresh is trusted for that long without
looking at the marks again: a hot page then costs no network round trip at all, and a change
made on another node reaches this one's readers that much later (a change made in this
process, never: it is seen at once). The default, 0, looks at the marks on every request.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import http, marks

# Set per request, so never replayed from a copy; Cache-Control is recomputed for the time left.
NOT_REPLAYED = {"cache-control", "x-page-cache", "date"}


@dataclass(frozen=True)
class PageStamp:
    """What the page cache tells this middleware about a shareable response it produced."""

    started_at: float
    expires_at: float
    mark_keys: tuple[str, ...]


@dataclass
class HotPage:
    stamp: PageStamp
    generation: str
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    # When the shared marks last said this copy was fresh (time.time()).
    checked_at: float = 0.0

    @classmethod
    def from_response(cls, response) -> "HotPage | None":
        stamp = getattr(response, "page_stamp", None)
        if (
            stamp is None
            or response.status_code not in (200, 301, 404)
            or response.streaming
            or response.cookies
        ):
            return None
        generation = marks.generation()
        if generation is None:
            return None
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in NOT_REPLAYED
        )
        return cls(stamp, generation, response.status_code, headers, response.content)

    def is_fresh(self, now: float) -> bool:
        if self.stamp.expires_at <= now:
            return False
        if (
            now - self.checked_at < settings.NEWSROOM_HOT_PAGE_RECHECK_MS / 1000
            and self.checked_at > marks.last_marked_here()
        ):
            return True
        found = marks.pushed(self.stamp.mark_keys)
        if found is None:
            found = marks.read(self.stamp.mark_keys, self.generation)
            if found is None:
                return False
        fresh = all(self.stamp.started_at > changed for changed in found.values())
        if fresh:
            self.checked_at = now
        return fresh

    def response(self, request, now: float):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        http.public_headers(response, cdn_seconds=self.stamp.expires_at - now)
        if self.status != 200:
            return response
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )


class HotPages:
    """A small least-recently-used map of address to HotPage, shared by a process's threads."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, HotPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, address: str) -> HotPage | None:
        with self.lock:
            page = self.pages.get(address)
            if page is not None:
                self.pages.move_to_end(address)
            return page

    def put(self, address: str, page: HotPage) -> None:
        with self.lock:
            self.pages[address] = page
            self.pages.move_to_end(address)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def drop(self, address: str) -> None:
        with self.lock:
            self.pages.pop(address, None)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


PAGES = HotPages(settings.NEWSROOM_HOT_PAGES)


def hot_page_middleware(get_response):
    def middleware(request):
        if (
            request.method != "GET"
            or not settings.NEWSROOM_PAGE_CACHE
            or PAGES.size <= 0
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return get_response(request)
        # The scheme and the host as sent: a copy made for https://a/ never answers http://a/
        # (which SecurityMiddleware redirects) or another host (which ALLOWED_HOSTS refuses).
        address = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
        page = PAGES.get(address)
        if page is not None:
            now = time.time()
            if page.is_fresh(now):
                return page.response(request, now)
            PAGES.drop(address)
        response = get_response(request)
        page = HotPage.from_response(response)
        if page is not None:
            PAGES.put(address, page)
        return response

    return middleware
