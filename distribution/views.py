import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

# IndexNow's rule for keys: 8 to 128 of a-z, A-Z, 0-9 and "-".
INDEXNOW_KEY = re.compile(r"^[a-zA-Z0-9-]{8,128}$")


@require_GET
def indexnow_key(request, key):
    """/<key>.txt: proves to IndexNow endpoints that the pings come from this site."""
    configured = settings.NEWSROOM_INDEXNOW_KEY
    if not configured or key != configured or not INDEXNOW_KEY.match(configured):
        raise Http404("IndexNow 키가 아닙니다.")
    response = HttpResponse(configured, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
