from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import (
    PALETTE_CSS_CACHE_KEY,
    Article,
    HighlightStyle,
    RelatedEntry,
)

HOME_PAGE_SIZE = 30


@require_GET
def home(request):
    articles = Article.objects.published().for_listing()[:HOME_PAGE_SIZE]
    return render(request, "articles/home.html", {"articles": articles})


@require_GET
def article_detail(request, slug):
    queryset = (
        Article.objects.published()
        .select_related("section", "source", "related_link_article")
        .prefetch_related(
            "tags",
            "summary_items",
            "attendee_tables__columns__attendees",
            Prefetch(
                "related_entries",
                queryset=RelatedEntry.objects.select_related("target"),
            ),
        )
    )
    article = get_object_or_404(queryset, slug=slug)
    return render(request, "articles/detail.html", {"article": article})


@require_GET
def palette_css(request):
    """The outlet's highlight palette as CSS classes; styles are data, edited in the admin."""
    css = cache.get(PALETTE_CSS_CACHE_KEY)
    if css is None:
        css = "\n".join(style.css_rule() for style in HighlightStyle.objects.all()) + "\n"
        cache.set(PALETTE_CSS_CACHE_KEY, css, 3600)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
