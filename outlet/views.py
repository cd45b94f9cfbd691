from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from .models import PALETTE_CSS_CACHE_KEY, HighlightStyle


@require_safe
def palette_css(request):
    """The outlet's highlight palette as CSS classes; styles are data, edited in the admin."""
    css = cache.get(PALETTE_CSS_CACHE_KEY)
    if css is None:
        css = "\n".join(style.css_rule() for style in HighlightStyle.objects.all()) + "\n"
        cache.set(PALETTE_CSS_CACHE_KEY, css, 3600)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
