"""While the database cannot be reached, readers get a 503 page, not a traceback or a 500.

Nothing is remembered between requests: every request tries the database again, so the site
comes back by itself the moment the database does.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from outlet.models import OutletSettings

logger = logging.getLogger("newsroom.outage")

# OperationalError covers a refused or dropped connection (psycopg) and an unopenable SQLite
# file; InterfaceError a connection that was closed under the request.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_outage(exception) -> bool:
    """Whether exception means the database cannot be reached, not a bug in a query.

    SQLite reports a missing table as an OperationalError too: that stays a 500. An outage
    leaves a connection that never opened, or one that no longer answers.
    """
    if not isinstance(exception, OUTAGE_ERRORS):
        return False
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            # Never opened, or closed after a failure; or merely unused in this request (a
            # read replica's alias on a page of the desk): only trying it tells which.
            try:
                connection.ensure_connection()
            except OUTAGE_ERRORS:
                return True
            except Exception:  # noqa: S112 - not a failure to connect (e.g. a test's forbidden alias)
                continue
        elif not connection.is_usable():
            return True
    return False


def outage_response() -> HttpResponse:
    """The 503 page in the site's layout, rendered without touching the database."""
    outlet = OutletSettings.cached_or_default()
    html = loader.get_template("503.html").render({"outlet": outlet})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.NEWSROOM_OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns database connection errors raised by a view (or its templates) into the 503 page.

    Errors raised in middleware inside this one reach Django's 500 handler instead, which is
    server_error below: it answers the same 503 for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            logger.error("Database unreachable, answering 503: %s", exception)
            return outage_response()
        return None


@requires_csrf_token
def ordinary_server_error(request):
    """The 500 page, rendered without the database: it may be the reason for the error.

    The outlet's settings come from the cache when they are there, else their defaults.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"outlet": OutletSettings.cached_or_default()}))


def server_error(request):
    """handler500: the 503 page when the error was the database's, else the ordinary 500."""
    if is_outage(sys.exc_info()[1]):
        return outage_response()
    return ordinary_server_error(request)
