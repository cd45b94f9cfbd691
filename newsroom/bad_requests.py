"""Requests the site cannot take: refused with a Korean page that names what was wrong.

A NUL byte in a query string is never a real value (PostgreSQL text cannot hold
one, and every filter, search and admin list would otherwise fail with a database error): it
is refused here, once, for every view. A form too large for the request limits
(DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_MEMORY_SIZE) gets a page naming the limit; the
story screen keeps a local copy of what was typed (static/js/admin-story.js), so nothing is
lost.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseBadRequest
from django.template import loader


def refuse_nul_bytes(get_response):
    def middleware(request):
        # Paths are refused by their converters (articles.converters) with a 404.
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return bad_request(request, None, reason="주소의 검색 조건에 NUL 문자가 들어 있습니다.")
        return get_response(request)

    return middleware


def explain(exception) -> str:
    if isinstance(exception, TooManyFieldsSent):
        return (
            f"보낸 양식의 항목이 너무 많습니다 (최대 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}개)."
        )
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return f"보낸 내용이 너무 큽니다 (파일을 뺀 양식 내용은 최대 {megabytes:g}MB)."
    return "요청을 읽을 수 없습니다."


def bad_request(request, exception, reason: str | None = None):
    """handler400: the Korean page, rendered without the database."""
    template = loader.get_template("400.html")
    return HttpResponseBadRequest(
        template.render({"reason": reason or explain(exception)}, request)
    )
