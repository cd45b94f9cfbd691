"""The two kinds of ping on the wire: IndexNow (JSON) and WebSub publish (a form).

send() returns (status, answer) for a 2xx answer and raises PingFailed for anything else,
saying whether trying again could help.
"""

import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from articles.site_urls import absolute_url

# Answers worth another try: the endpoint is busy, throttling or briefly broken.
RETRYABLE_STATUSES = {408, 425, 429}


class PingFailed(Exception):
    def __init__(self, answer: str, *, status: int | None = None, permanent: bool = False):
        super().__init__(answer)
        self.answer, self.status, self.permanent = answer, status, permanent


def indexnow_request(ping) -> Request:
    key = settings.NEWSROOM_INDEXNOW_KEY
    body = {
        "host": urlsplit(settings.SITE_URL).hostname,
        "key": key,
        "keyLocation": absolute_url(f"/{key}.txt"),
        "urlList": ping.urls,
    }
    return Request(  # noqa: S310 - send() accepts only http(s) endpoints
        ping.endpoint,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )


def websub_request(ping) -> Request:
    # One request per hub naming every feed: hubs accept hub.url repeated.
    form = [("hub.mode", "publish"), *(("hub.url", url) for url in ping.urls)]
    return Request(  # noqa: S310 - send() accepts only http(s) endpoints
        ping.endpoint,
        data=urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )


REQUESTS = {"indexnow": indexnow_request, "websub": websub_request}


def send(ping) -> tuple[int, str]:
    if urlsplit(ping.endpoint).scheme not in ("http", "https"):
        raise PingFailed(f"http(s) 주소가 아닙니다: {ping.endpoint}", permanent=True)
    request = REQUESTS[ping.kind](ping)
    request.add_header("User-Agent", "newsroom-distribution/1")
    try:
        with urlopen(request, timeout=settings.NEWSROOM_PING_TIMEOUT) as response:  # noqa: S310 - scheme checked above
            return response.status, _read(response)
    except HTTPError as error:
        status = error.code
        raise PingFailed(
            _read(error) or error.reason,
            status=status,
            permanent=not (status >= 500 or status in RETRYABLE_STATUSES),
        ) from None
    except (URLError, TimeoutError, OSError) as error:
        raise PingFailed(f"연결 실패: {getattr(error, 'reason', error)}") from None


def _read(response) -> str:
    return response.read(2000).decode("utf-8", "replace")
