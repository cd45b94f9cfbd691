"""Security glue the libraries leave to the project: the CSP nonce on form media, client IPs.

The headers themselves come from Django's SecurityMiddleware and XFrameOptionsMiddleware and
from django-csp (settings, "Security" block); SECURITY.md lists them.
"""

import math

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from adminkit.media import media_with_nonce


class MediaNonceMiddleware:
    """Gives the form media of template responses (the admin's) this response's CSP nonce.

    django-prose-editor's media includes an inline <script type="importmap">, which a policy
    without 'unsafe-inline' blocks unless it carries the nonce; js_asset's Media renders the
    nonce on every tag it writes, so the editor loads under the strict policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = response.context_data
        if isinstance(context, dict) and "media" in context:
            context["media"] = media_with_nonce(request, context["media"])
        return response


def client_ip(request) -> str:
    """The client's address for login throttling.

    Directly exposed, it is REMOTE_ADDR. Behind NEWSROOM_PROXY_COUNT trusted proxies it is the
    address the outermost of them saw, read from the right of X-Forwarded-For: entries further
    left are whatever the client chose to send.
    """
    proxies = getattr(settings, "NEWSROOM_PROXY_COUNT", 0)
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes' answer to a locked-out login: a Korean page in the admin's layout, 429."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)
