"""Absolute addresses on the public site, from settings.SITE_URL (right behind any proxy)."""

from django.conf import settings
from django.templatetags.static import static


def absolute_url(path: str) -> str:
    """SITE_URL + path; a URL that is already absolute (a CDN's) is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def absolute_static(path: str) -> str:
    return absolute_url(static(path))


def logo_url() -> str:
    return absolute_static("img/logo.png")
