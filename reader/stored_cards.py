"""Story cards rendered when their story changes, stored with it, served from there.

A list page (home, sections, tags) is mostly its stories' cards: rendering a card template per
story was half of the home page's time. A card shows nothing but its own story (its headline,
excerpt, section's name, photo and date), so it is rendered once, right after the story's
change commits, beside its page (reader.stored_pages.refresh), and a list emits the stored
HTML of its stories' cards, all of them fetched in one query.

A card is served only when it is fresh by the rules of the story's stored page: rendered after
the story's last invalidation (StoredStoryPage.stale_since: the story, its photo) and the
site's last change (SiteRendering: a section's name, the outlet), with this build, and within
NEWSROOM_STORED_PAGE_MAX_SECONDS. Which stories a list shows, and in what order, is always
read from the stories themselves: a scheduled story enters the lists at its time, an
unpublished one leaves them at once, whatever cards are stored. A card missing or stale is
rendered for the request and stored for the next one; the read path writes nothing else.
With NEWSROOM_STORED_STORY_PAGES off, every card is rendered, none stored.

A search result's card marks the query's terms in its headline and snippet, so its stored
form holds two placeholders where they go, rendered by the same template, the text the
snippet is cut from (search.engine.snippet_text, the costly part) and the headline; a search
fills them in for its terms (search_cards), the same bytes a render gives, and loads no story.
"""

import copy
import functools
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.sql_names import SqlNames
from search.engine import highlight, snippet_of, snippet_text

from . import stored_pages
from .models import SiteRendering, StoredCard, StoredStoryPage

logger = logging.getLogger("newsroom.stored_pages")

Variant = StoredCard.Variant
# Each form of a card: its template and what it leaves out.
TEMPLATES = {
    Variant.CARD: ("includes/article/card.html", {}),
    Variant.COMPACT: (
        "includes/article/card.html",
        {"hide_section": True, "no_image": True, "no_excerpt": True},
    ),
    Variant.TOP: ("includes/article/top_story.html", {}),
    Variant.SEARCH: ("includes/article/card.html", {"no_image": True}),
}
# Where a search card's headline and snippet go: private-use characters, which no escaping
# changes and no story's text holds.
HEADLINE_SLOT = "\ue000headline\ue000"
SNIPPET_SLOT = "\ue000snippet\ue000"


class SlotQuery:
    """A query that marks nothing: the card template's search form, with its slots kept."""

    terms = ()


def render_card(article, variant: str) -> SafeString:
    """The card of an article loaded with for_listing() (or with_story_parts())."""
    template_name, options = TEMPLATES[variant]
    if variant == Variant.SEARCH:
        # The story as the template sees it, with its headline and snippet text the slots.
        article = copy.copy(article)
        article.headline, article.deck, article.excerpt, article.body = (
            HEADLINE_SLOT,
            SNIPPET_SLOT,
            "",
            "",
        )
        options = {**options, "query": SlotQuery()}
    return render_to_string(template_name, {"article": article, **options})


class CardParts(NamedTuple):
    """A card as stored: its HTML and, for a search result, the text its snippet is cut from
    and the headline, which a search marks per query (blank in the other forms)."""

    content: SafeString
    text: str = ""
    headline: str = ""


def search_cards(ids, query_terms) -> list[SafeString]:
    """The search result cards of these stories (search.engine.SearchResults gives their
    ids), in their order, with query_terms marked; a story deleted since is left out."""
    found = _cards([(pk, Variant.SEARCH) for pk in ids])
    filled = []
    for pk in ids:
        if (pk, Variant.SEARCH) not in found:
            continue
        card = found[pk, Variant.SEARCH]
        marked_headline = highlight(card.headline, query_terms)
        marked_snippet = highlight(snippet_of(card.text, query_terms), query_terms)
        filled.append(
            # Safe: the card is the template's output; both fillings are escaped by highlight().
            mark_safe(  # noqa: S308
                card.content.replace(HEADLINE_SLOT, marked_headline).replace(
                    SNIPPET_SLOT, marked_snippet
                )
            )
        )
    return filled


def cards(wanted) -> dict[tuple[int, str], SafeString]:
    """The HTML of the cards wanted, (story id, variant) pairs: stored ones if fresh, the rest
    rendered now (and stored). Costs one query when every card is fresh."""
    return {pair: card.content for pair, card in _cards(wanted).items()}


def _cards(wanted) -> dict[tuple[int, str], CardParts]:
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return {}
    started_at = time.time()
    found = {}
    if stored_pages.enabled():
        found = fresh_cards(
            sorted({pk for pk, _ in wanted}), sorted({variant for _, variant in wanted})
        )
    missing = [pair for pair in wanted if pair not in found]
    if missing:
        found.update(render_missing(missing, started_at))
    return found


def fresh_cards(ids, variants=tuple(Variant)) -> dict[tuple[int, str], CardParts]:
    """The stored cards of these stories in these forms that may be served."""
    database = connections[router.db_for_read(StoredCard)]
    oldest = timezone.now() - timedelta(seconds=settings.NEWSROOM_STORED_PAGE_MAX_SECONDS)
    with database.cursor() as cursor:
        cursor.execute(
            fresh_cards_sql(database.alias, len(ids), len(variants)),
            [
                *ids,
                *variants,
                stored_pages.build_id(),
                database.ops.adapt_datetimefield_value(oldest),
            ],
        )
        rows = cursor.fetchall()
    # Safe: stored by store_cards(), from the card templates' output.
    return {
        (pk, variant): CardParts(mark_safe(content), text, headline)  # noqa: S308
        for pk, variant, content, text, headline in rows
    }


@functools.cache
def fresh_cards_sql(alias: str, count: int, variants: int) -> str:
    """The fresh stored cards of `count` stories in `variants` forms, by the freshness rules
    of stored_pages.stored_page_sql; written once per process and list length, as it is,
    since building the equivalent queryset costs more than running it."""
    card = SqlNames(StoredCard, alias)
    page = SqlNames(StoredStoryPage, alias)
    site = SqlNames(SiteRendering, alias)
    return (
        f"SELECT c.{card['article']}, c.{card['variant']}, c.{card['content']}, "  # noqa: S608
        f"c.{card['text']}, c.{card['headline']} "
        f"FROM {card.table} c "
        f"LEFT JOIN {page.table} p ON p.{page['article']} = c.{card['article']} "
        f"WHERE c.{card['article']} IN ({', '.join(['%s'] * count)}) "
        f"AND c.{card['variant']} IN ({', '.join(['%s'] * variants)}) "
        f"AND c.{card['build']} = %s AND c.{card['rendered_at']} > %s "
        f"AND (p.{page['stale_since']} IS NULL "
        f"OR c.{card['rendered_at']} > p.{page['stale_since']}) "
        f"AND NOT EXISTS (SELECT 1 FROM {site.table} s "
        f"WHERE s.{site['changed_at']} >= c.{card['rendered_at']})"
    )


def render_missing(missing, started_at: float) -> dict[tuple[int, str], CardParts]:
    """Render the cards missing or stale, from the stories as they are now."""
    stories = Article.objects.for_listing().in_bulk({pk for pk, _ in missing})
    rendered = {
        (pk, variant): render(stories[pk], variant)
        for pk, variant in missing
        if pk in stories  # deleted since the list was read: the list shows it no more
    }
    # Read from a replica, the cards may lack the last few seconds' changes (newsroom/replica).
    store_cards(rendered, started_at - settings.NEWSROOM_REPLICA_LAG_SECONDS)
    return rendered


def render(article, variant: str) -> CardParts:
    content = render_card(article, variant)
    if variant == Variant.SEARCH:
        return CardParts(content, snippet_text(article), article.headline)
    return CardParts(content)


def refresh(article, started_at: float) -> None:
    """Render and store every form of a public story's card, after its change committed (the
    story as stored_pages.refresh loaded it, from the primary)."""
    store_cards(
        {(article.pk, variant): render(article, variant) for variant in Variant}, started_at
    )


def store_cards(rendered, seen_up_to: float) -> None:
    if not stored_pages.enabled() or not rendered:
        return
    rendered_at = datetime.fromtimestamp(seen_up_to, tz=UTC)
    build = stored_pages.build_id()
    rows = [
        StoredCard(
            article_id=pk,
            variant=variant,
            content=card.content,
            text=card.text,
            headline=card.headline,
            rendered_at=rendered_at,
            build=build,
        )
        for (pk, variant), card in rendered.items()
    ]
    try:
        # In a savepoint: a failed write must not break a transaction the request is in.
        with transaction.atomic(using=router.db_for_write(StoredCard)):
            StoredCard.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["article", "variant"],
                update_fields=["content", "text", "headline", "rendered_at", "build"],
            )
    except DatabaseError:
        # A read-only node or a busy database: this reader has the cards; the next renders.
        logger.warning("Could not store %d story cards", len(rows), exc_info=True)
