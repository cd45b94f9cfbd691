"""Form media with the response's Content-Security-Policy nonce (see SECURITY.md)."""

from django import forms
from js_asset import Media


def media_with_nonce(request, media):
    """media carrying this response's CSP nonce, for a page rendered before the middleware runs
    (django-reversion renders its restore page inside the view)."""
    nonce = getattr(request, "csp_nonce", None)
    if isinstance(media, forms.Media) and nonce is not None:
        return Media.from_media(media, nonce=nonce)
    return media
