"""The public site's pages: home, sections, tags, search and the story page.

They compose the core (articles) with the apps built on it: the related list and live coverage
on the story page, the search index, and delivery's page cache around every page.
"""

import functools
import time
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from taggit.models import Tag

from articles.models import Article, Category
from articles.pagination import CURSOR_PARAMETERS, keyset_page
from articles.sql_names import SqlNames
from delivery.page_cache import LIST, STORY, cached_page, is_signed_in
from search.engine import Query, search_articles

from . import stored_cards, stored_lists, stored_pages
from .models import StoredCard

Variant = StoredCard.Variant

LATEST_COUNT = 10
SECTION_BLOCK_SIZE = 4
LIST_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20


@require_safe
@cached_page(LIST)
def home(request):
    return stored_lists.serve(request, lambda: render_home(request), breaking=True)


def render_home(request):
    breaking = Article.objects.breaking().only("headline", "slug").first()  # the banner's
    top, latest = top_and_latest()
    blocks = section_blocks(SECTION_BLOCK_SIZE)
    # Only the ids come from the lists' queries; the cards are stored (reader.stored_cards).
    html = stored_cards.cards(
        [(top, Variant.TOP)] * bool(top)
        + [(pk, Variant.CARD) for pk in latest]
        + [(pk, Variant.COMPACT) for _, ids in blocks for pk in ids]
    )
    return render(
        request,
        "articles/home.html",
        {
            "breaking": breaking,
            "top": html.get((top, Variant.TOP)),
            "latest": present(html, latest, Variant.CARD),
            "section_blocks": [
                (section, present(html, ids, Variant.COMPACT)) for section, ids in blocks
            ],
        },
    )


def top_and_latest() -> tuple[int | None, list[int]]:
    """The ids of the top story, the newest one with a picture (the home page leads with an
    image) or else the newest, and of the LATEST_COUNT newest besides it, in one query."""
    # The database the router reads stories from (a public page may read from a replica).
    database = connections[router.db_for_read(Article)]
    public = Article.public_sql_params(database)
    with database.cursor() as cursor:
        cursor.execute(top_and_latest_sql(database.alias), [*public, *public, LATEST_COUNT + 1])
        rows = cursor.fetchall()
    pictured = [pk for pk, with_picture in rows if with_picture]
    newest = [pk for pk, with_picture in rows if not with_picture]
    top = pictured[0] if pictured else next(iter(newest), None)
    return top, [pk for pk in newest if pk != top][:LATEST_COUNT]


@functools.cache
def top_and_latest_sql(alias: str) -> str:
    """The newest public story with a picture (1), then the newest ones (0), newest first;
    the public rule is Article.public_filter(), written out, as in newest_per_section_sql.
    Built once: two querysets compiled for every home page cost more than they run."""
    story = SqlNames(Article, alias)
    public = Article.public_sql(story["status"], story["published_at"])
    newest = f"ORDER BY {story['published_at']} DESC, {story['id']} DESC"
    select = f"SELECT {story['id']} AS id, {story['published_at']} AS published_at"
    # Each part in a subquery: SQLite takes no LIMIT on a part of a UNION otherwise.
    return (
        f"SELECT id, with_picture FROM ("  # noqa: S608
        f"SELECT * FROM ({select}, 1 AS with_picture FROM {story.table} "
        f"WHERE {public} AND {story['feature_photo']} IS NOT NULL {newest} LIMIT 1) pictured "
        f"UNION ALL SELECT * FROM ({select}, 0 AS with_picture FROM {story.table} "
        f"WHERE {public} {newest} LIMIT %s) latest"
        f") lead ORDER BY with_picture DESC, published_at DESC, id DESC"
    )


def present(html, ids, variant) -> list:
    """The cards of these stories, in their order (a story deleted since is left out)."""
    return [html[pk, variant] for pk in ids if (pk, variant) in html]


def section_blocks(size: int) -> list[tuple[Category, list[int]]]:
    """The ids of the newest `size` stories of each section, in section order.

    On PostgreSQL one query: for each section a newest-first LIMIT (a LATERAL join) that walks
    the published_at index backwards and stops after `size` rows, where a window over every
    story reads the whole table (0.5 s at 100,000 stories); its SQL is written once per
    process (newest_per_section_sql). SQLite has no LATERAL: development keeps the window, and
    reads the sections in a query of their own.
    """
    database = connections[router.db_for_read(Article)]
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute(
                newest_per_section_sql(database.alias),
                [*Article.public_sql_params(database), size],
            )
            rows = cursor.fetchall()
        sections = {
            pk: Category(pk=pk, name=name, slug=slug, position=position)
            for pk, name, slug, position, *_ in rows
        }
        stories = [row[4:] for row in rows]
    else:
        sections = {section.pk: section for section in Category.objects.all()}
        if not sections:
            return []
        stories = list(
            Article.objects.published()
            .filter(section__isnull=False)
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=(F("published_at").desc(), F("id").desc()),
                )
            )
            .filter(place__lte=size)
            .values_list("pk", "section_id", "published_at")
        )
    stories.sort(
        key=lambda story: (
            sections[story[1]].position,
            sections[story[1]].name,
            -story[2].timestamp(),
            -story[0],
        )
    )
    return [
        (sections[section_id], [pk for pk, _, _ in group])
        for section_id, group in groupby(stories, key=lambda story: story[1])
    ]


@functools.cache
def newest_per_section_sql(alias: str) -> str:
    """A row per section (id, name, slug, position) and one of its newest public stories (id,
    section, publish time); the public rule is Article.public_filter(), written out
    (tests/test_reader_pages.py holds the two together). Built once: compiling the
    equivalent queryset, a UNION of one query per section, was a third of the home page."""
    story, section = SqlNames(Article, alias), SqlNames(Category, alias)
    story_columns = ", ".join(f"a.{story[name]}" for name in ("id", "section", "published_at"))
    section_columns = ", ".join(f"s.{section[name]}" for name in ("id", "name", "slug", "position"))
    return (
        f"SELECT {section_columns}, n.* FROM {section.table} s "  # noqa: S608
        f"CROSS JOIN LATERAL (SELECT {story_columns} FROM {story.table} a "
        f"WHERE a.{story['section']} = s.{section['id']} "
        f"AND {Article.public_sql('a.' + story['status'], 'a.' + story['published_at'])} "
        f"ORDER BY a.{story['published_at']} DESC, a.{story['id']} DESC LIMIT %s) n"
    )


@require_safe
@cached_page(LIST, params=CURSOR_PARAMETERS)
def section_detail(request, slug):
    def render_section():
        section = get_object_or_404(Category, slug=slug)
        stories = Article.objects.published().in_section(section)
        return _story_list(request, "articles/section.html", stories, {"section": section})

    return stored_lists.serve(request, render_section, breaking=False)


@require_safe
@cached_page(LIST, params=CURSOR_PARAMETERS)
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().filter(tags=tag)
    return _story_list(request, "articles/tag.html", stories, {"tag": tag})


def _story_list(request, template_name, stories, context):
    page = keyset_page(
        stories.only("pk", "published_at"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=LIST_PAGE_SIZE,
    )
    ids = [story.pk for story in page.articles]
    cards = present(stored_cards.cards((pk, Variant.CARD) for pk in ids), ids, Variant.CARD)
    return render(request, template_name, {**context, "page": page, "cards": cards})


@require_safe
@cached_page(LIST, params=("q", "page"))
def search(request):
    query = Query.parse(request.GET.get("q"))
    results = Paginator(search_articles(query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    cards = stored_cards.search_cards(list(results.object_list), query.terms)
    return render(
        request, "articles/search.html", {"query": query, "results": results, "cards": cards}
    )


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
