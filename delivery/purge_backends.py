"""Where purges go: nowhere (the default), a caching proxy by HTTP PURGE, or a CDN's API.

Chosen by NEWSROOM_PURGE_BACKEND (a dotted path). A backend's purge(urls) returns a short
description of the answer, or raises PurgeError; it must give up after `timeout` seconds.
"""

import http.client
import json
import time
from abc import ABC, abstractmethod
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string


class PurgeError(Exception):
    pass


class PurgeBackend(ABC):
    name = "base"

    def __init__(self, timeout: float):
        self.timeout = timeout

    @abstractmethod
    def purge(self, urls: list[str]) -> str:
        """Purge urls; return a short answer for the log, or raise PurgeError."""


class HttpPurgeBackend(PurgeBackend):
    """Send `PURGE <path>` for each URL to NEWSROOM_PURGE_HOST (Varnish, nginx, Fastly...).

    The Host header is the public URL's host, so the proxy finds the object it cached. One
    keep-alive connection for all URLs; the whole purge stops at the timeout.
    """

    name = "http-purge"

    def purge(self, urls):
        target = urlsplit(settings.NEWSROOM_PURGE_HOST)
        if target.scheme not in ("http", "https") or not target.hostname:
            raise PurgeError(f"NEWSROOM_PURGE_HOST is not an http(s) URL: {target.geturl()!r}")
        connection_class = (
            http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        )
        deadline = time.monotonic() + self.timeout
        connection = connection_class(target.hostname, target.port, timeout=self.timeout)
        statuses, failed = [], []
        try:
            for url in urls:
                if time.monotonic() > deadline:
                    raise PurgeError(f"timed out after {len(statuses)} of {len(urls)} URLs")
                public = urlsplit(url)
                path = public.path + (f"?{public.query}" if public.query else "")
                connection.request("PURGE", path, headers={"Host": public.netloc})
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
                if response.status >= 400 and response.status != 404:
                    failed.append(f"{response.status} {url}")
        except (OSError, http.client.HTTPException) as exc:
            raise PurgeError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            connection.close()
        if failed:
            raise PurgeError("refused: " + "; ".join(failed))
        return "HTTP " + ", ".join(str(status) for status in sorted(set(statuses)))


class CdnApiPurgeBackend(PurgeBackend):
    """POST {"files": [urls]} to NEWSROOM_PURGE_API_URL with a bearer token (Cloudflare's
    purge_cache shape; most CDN APIs take a list of URLs the same way)."""

    name = "cdn-api"

    def purge(self, urls):
        import urllib.error
        import urllib.request

        api_url = settings.NEWSROOM_PURGE_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise PurgeError(f"NEWSROOM_PURGE_API_URL is not an http(s) URL: {api_url!r}")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            api_url,
            data=json.dumps({"files": urls}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.NEWSROOM_PURGE_API_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            raise PurgeError(f"HTTP {exc.code}: {exc.read(300).decode(errors='replace')}") from exc
        except (OSError, urllib.error.URLError) as exc:
            raise PurgeError(f"{type(exc).__name__}: {exc}") from exc


def configured_backend() -> PurgeBackend | None:
    """The backend from settings, or None when purging is off (the default)."""
    path = settings.NEWSROOM_PURGE_BACKEND
    if not path or path.lower() == "none":
        return None
    return import_string(path)(timeout=settings.NEWSROOM_PURGE_TIMEOUT)
