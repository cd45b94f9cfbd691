"""The public site's pages: home, sections, tags, search and the story page.

They compose the core (articles) with the apps built on it: the related list and live coverage
on the story page, the search index, and delivery's page cache around every page.
"""

import time
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag

from articles.models import Article, Category
from articles.pagination import CURSOR_PARAMETERS, keyset_page
from delivery.page_cache import LIST, STORY, cached_page, is_signed_in
from search.engine import Query, search_articles

from . import stored_pages

LATEST_COUNT = 10
SECTION_BLOCK_SIZE = 4
LIST_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20


@require_safe
@cached_page(LIST)
def home(request):
    stories = Article.objects.published().for_listing()
    breaking = Article.objects.breaking().first()
    # The top story is the newest one with a picture: the home page leads with an image.
    top = stories.filter(feature_photo__isnull=False).first() or stories.first()
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
    """The newest `size` stories of each section, in section order, in two queries.

    On PostgreSQL one newest-first LIMIT per section, joined by UNION ALL: each walks the
    published_at index backwards and stops after `size` rows, where a window over every story
    reads the whole table (0.5 s at 100,000 stories). SQLite cannot LIMIT inside a UNION, so
    development keeps the window.
    """
    sections = {section.pk: section for section in Category.objects.all()}
    if not sections:
        return []
    published = Article.objects.published()
    if connection.features.supports_slicing_ordering_in_compound:
        newest = [
            published.filter(section_id=pk).order_by("-published_at", "-id")[:size]
            for pk in sections
        ]
        stories = list(newest[0].union(*newest[1:], all=True))
    else:
        stories = list(
            published.filter(section__isnull=False)
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=(F("published_at").desc(), F("id").desc()),
                )
            )
            .filter(place__lte=size)
        )
    for story in stories:
        story.section = sections[story.section_id]
    stories.sort(
        key=lambda story: (
            story.section.position,
            story.section.name,
            -story.published_at.timestamp(),
            -story.pk,
        )
    )
    return [
        (section, list(group))
        for section, group in groupby(stories, key=lambda article: article.section)
    ]


@require_safe
@cached_page(LIST, params=CURSOR_PARAMETERS)
def section_detail(request, slug):
    section = get_object_or_404(Category, slug=slug)
    stories = Article.objects.published().for_listing().in_section(section)
    return _story_list(request, "articles/section.html", stories, {"section": section})


@require_safe
@cached_page(LIST, params=CURSOR_PARAMETERS)
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


@require_safe
@cached_page(LIST, params=("q", "page"))
def search(request):
    query = Query.parse(request.GET.get("q"))
    results = Paginator(search_articles(query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/search.html", {"query": query, "results": results})


@require_safe
@cached_page(STORY)
def article_detail(request, slug):
    # The desk sees the story as it is in the database, whatever happened behind the caches.
    stored = None if is_signed_in(request) else stored_pages.stored_response(slug)
    if stored is not None:
        return stored
    started_at = time.time()
    queryset = stored_pages.story_queryset(Article.objects.published())
    try:
        article = queryset.get(slug=slug)
    except Article.DoesNotExist:
        # A slug changed after publication: its old address moves permanently to the new one.
        moved = get_object_or_404(Article.objects.published(), slug_redirects__old_slug=slug)
        return redirect(moved, permanent=True)
    response = stored_pages.render_public_story(article, request)
    stored_pages.store(article, response, started_at)
    return response


@require_safe
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
