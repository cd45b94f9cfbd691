from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from taggit.models import Tag

from .models import (
    OUTLET_CACHE_KEY,
    PALETTE_CSS_CACHE_KEY,
    Article,
    Category,
    HighlightStyle,
    OutletSettings,
)
from .pagination import keyset_page
from .search import Query, search_articles
from .structured_data import article_json_ld

LATEST_COUNT = 10
SECTION_BLOCK_SIZE = 4
LIST_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20


@require_GET
def home(request):
    stories = Article.objects.published().for_listing()
    breaking = Article.objects.breaking().first()
    # The top story is the newest one with a picture: the home page leads with an image.
    top = stories.exclude(feature_image="").first() or stories.first()
    latest = stories.exclude(pk=top.pk)[:LATEST_COUNT] if top else []
    return render(
        request,
        "articles/home.html",
        {
            "breaking": breaking,
            "top": top,
            "latest": latest,
            "section_blocks": section_blocks(SECTION_BLOCK_SIZE),
        },
    )


def section_blocks(size: int) -> list[tuple[Category, list[Article]]]:
    """The newest `size` stories of each section, in section order, in one query."""
    ranked = (
        Article.objects.published()
        .filter(section__isnull=False)
        .select_related("section")
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=(F("published_at").desc(), F("id").desc()),
            )
        )
        .filter(place__lte=size)
        .order_by("section__position", "section__name", "place")
    )
    return [
        (section, list(stories))
        for section, stories in groupby(ranked, key=lambda article: article.section)
    ]


@require_GET
def section_detail(request, slug):
    section = get_object_or_404(Category, slug=slug)
    stories = Article.objects.published().for_listing().filter(categories=section)
    return _story_list(request, "articles/section.html", stories, {"section": section})


@require_GET
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().for_listing().filter(tags=tag)
    return _story_list(request, "articles/tag.html", stories, {"tag": tag})


def _story_list(request, template_name, stories, context):
    page = keyset_page(
        stories,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=LIST_PAGE_SIZE,
    )
    return render(request, template_name, {**context, "page": page})


@require_GET
def search(request):
    query = Query.parse(request.GET.get("q"))
    results = Paginator(search_articles(query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/search.html", {"query": query, "results": results})


@require_GET
def article_detail(request, slug):
    queryset = Article.objects.published().with_story_parts()
    try:
        article = queryset.get(slug=slug)
    except Article.DoesNotExist:
        # A slug changed after publication: its old address moves permanently to the new one.
        moved = get_object_or_404(Article.objects.published(), slug_redirects__old_slug=slug)
        return redirect(moved, permanent=True)
    return render_story(request, article)


def render_story(request, article, **extra_context):
    """The story page of an article loaded with_story_parts(); previews use it too."""
    # A story that was never published has no dates for structured data yet.
    json_ld = (
        article_json_ld(article, outlet=OutletSettings.current()) if article.published_at else None
    )
    context = {"article": article, "json_ld": json_ld, **extra_context}
    return render(request, "articles/detail.html", context)


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


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@requires_csrf_token
def server_error(request):
    """The 500 page, rendered without the database: it may be the reason for the error.

    The outlet's settings come from the cache when they are there, else their defaults.
    """
    try:
        outlet = cache.get(OUTLET_CACHE_KEY)
    except Exception:  # the cache may be as broken as the rest
        outlet = None
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"outlet": outlet or OutletSettings()}))
