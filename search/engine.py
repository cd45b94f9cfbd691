"""Korean search: an index of Hangul syllable bigrams plus Latin and digit words.

Korean attaches particles to words (번역을, 회담에서) and many news keywords are two syllables
(북한, 회담), so neither whitespace words nor trigrams find them. Cutting every run of Hangul
into overlapping syllable pairs does (markup.bigrams, the tokenizer related lists use too).
A query is cut the same way and a story matches when it holds every term of the query.

PostgreSQL stores the terms in a weighted tsvector with a GIN index; SQLite (development)
matches the same terms with LIKE. Both rank the same way: more query terms in the headline
first, then in the deck, then newest first.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.models import Article
from markup.bigrams import normalize, pairs
from markup.sanitize import html_to_text

from .models import ArticleSearchIndex

# Hangul syllables, and Hanja, which Korean headlines use as abbreviations (美, 北).
SYLLABLE_RUN = r"[\uac00-\ud7a3\u4e00-\u9fff]+"
WORD = r"[a-z0-9]+"
TOKEN = re.compile(f"({SYLLABLE_RUN})|({WORD})")

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 60
MAX_QUERY_TERMS = 30


def terms(text: str) -> list[str]:
    """The distinct search terms of text, in order of first appearance.

    A number written against Hangul (2025년부터, 3명이) also gives the number with its first
    syllable (2025년, 3명), the unit a reader types; a lone syllable after a number (2025년)
    is that term alone, as its pairs would be in 2025년부터 (년부, 부터) and never 년.
    """
    found = {}
    previous = None
    for match in TOKEN.finditer(normalize(text)):
        syllables, word = match.groups()
        if word:
            found.setdefault(word)
        else:
            after_number = (
                previous is not None
                and previous.end() == match.start()
                and previous.group(2) is not None
                and previous.group(2)[-1].isdigit()
            )
            if after_number:
                found.setdefault(previous.group(2) + syllables[0])
            if not (after_number and len(syllables) == 1):
                for term in pairs(syllables):
                    found.setdefault(term)
        previous = match
    return list(found)


def term_column(text: str) -> str:
    """Terms joined by spaces, with a space at each end, for LIKE '% term %'."""
    found = terms(text)
    return f" {' '.join(found)} " if found else ""


def body_text(article, parts_text=None) -> str:
    """Everything a reader sees of the story below the headline and deck: the text, the
    summary bullets, the attendee tables, the caption, the source and the tags.

    parts_text: the text of the story's bullets, attendee tables and tags, when the caller has
    them at hand and they are not saved (bench/site_data.py writes rows without the ORM);
    by default they are read from the database.
    """
    parts = [
        article.excerpt,
        article.feature_text,
        html_to_text(article.body),
        article.byline,
        html_to_text(article.feature_image_caption),
        article.source.name if article.source_id else "",
    ]
    if parts_text is None:
        parts_text = saved_parts_text(article) if article.pk else []
    return " ".join(part for part in (*parts, *parts_text) if part)


def saved_parts_text(article) -> list[str]:
    """The text of the story's bullets, attendee tables (title, headings, names) and tags."""
    texts = list(article.summary_items.values_list("text", flat=True))
    for table in article.attendee_tables.prefetch_related("columns__attendees"):
        texts.append(table.title)
        for column in table.columns.all():
            texts.append(column.heading)
            texts += [attendee.name for attendee in column.attendees.all()]
    texts += article.tags.values_list("name", flat=True)
    return texts


def index_article(article: Article) -> None:
    """Write the search terms of article and the copy of its status and publish time (any
    status: the public filter is applied at query)."""
    ArticleSearchIndex.objects.update_or_create(
        article=article,
        defaults={
            "headline_terms": term_column(article.headline),
            "deck_terms": term_column(article.deck),
            "body_terms": term_column(body_text(article)),
            **ArticleSearchIndex.story_columns(article),
        },
    )
    if connection.vendor == "postgresql":
        ArticleSearchIndex.objects.filter(pk=article.pk).update(document=weighted_document())


def weighted_document():
    return (
        SearchVector("headline_terms", weight="A", config="simple")
        + SearchVector("deck_terms", weight="B", config="simple")
        + SearchVector("body_terms", weight="C", config="simple")
    )


@dataclass(frozen=True)
class Query:
    """A reader's search: the text as typed, its terms, and why it cannot run, if it cannot."""

    text: str
    terms: tuple[str, ...]
    problem: str = ""

    @classmethod
    def parse(cls, raw: str | None) -> "Query":
        text = " ".join((raw or "").split())
        if not text:
            return cls(text, (), "empty")
        if len(text) > MAX_QUERY_LENGTH:
            return cls(text, (), "too_long")
        if len(text.replace(" ", "")) < MIN_QUERY_LENGTH:
            return cls(text, (), "too_short")
        found = tuple(terms(text))
        if not found:
            return cls(text, (), "no_terms")
        return cls(text, found[:MAX_QUERY_TERMS])

    @property
    def is_valid(self) -> bool:
        return not self.problem


def search_articles(query: Query):
    """Published stories holding every term of query, best first.

    On PostgreSQL, of the newest NEWSROOM_SEARCH_MAX_RESULTS matches (a news reader wants
    recent stories; the cap keeps a common term as fast as a rare one).
    """
    stories = Article.objects.published().select_related("section")
    if not query.is_valid:
        return stories.none()
    if connection.vendor == "postgresql":
        # Only the newest matches are ranked: a common term ("서울") matches most of the
        # archive, and ranking all of it took most of a second at 100,000 stories.
        newest = (
            stories.filter(search_index__document=_tsquery(query.terms))
            .order_by("-published_at", "-id")
            .values("pk")[: settings.NEWSROOM_SEARCH_MAX_RESULTS]
        )
        stories = stories.filter(pk__in=newest)
        headline_hits = _pg_hits(query.terms, "a")
        deck_hits = _pg_hits(query.terms, "b")
    else:
        stories = stories.filter(
            *(_like_any_column(term) for term in query.terms), search_index__isnull=False
        )
        headline_hits = _like_hits(query.terms, "search_index__headline_terms")
        deck_hits = _like_hits(query.terms, "search_index__deck_terms")
    return stories.annotate(headline_hits=headline_hits, deck_hits=deck_hits).order_by(
        "-headline_hits", "-deck_hits", "-published_at", "-id"
    )


def _tsquery(query_terms) -> SearchQuery:
    combined = None
    for term in query_terms:
        one = SearchQuery(term, search_type="plain", config="simple")
        combined = one if combined is None else combined & one
    return combined


class WeightOnly(Func):
    """ts_filter(document, '{a}'): the lexemes of one weight only (a: headline, b: deck)."""

    function = "ts_filter"
    output_field = SearchVectorField()

    def __init__(self, document, weight: str):
        super().__init__(document, Value(f"{{{weight}}}"))


def _pg_hits(query_terms, weight: str):
    """How many query terms the given weight of the document holds."""
    part = WeightOnly(F("search_index__document"), weight)
    count = Value(0)
    for term in query_terms:
        holds = SearchVectorExact(part, SearchQuery(term, search_type="plain", config="simple"))
        count = count + Case(When(holds, then=1), default=0, output_field=IntegerField())
    return count


def _like_any_column(term: str) -> Q:
    padded = f" {term} "
    return (
        Q(search_index__headline_terms__contains=padded)
        | Q(search_index__deck_terms__contains=padded)
        | Q(search_index__body_terms__contains=padded)
    )


def _like_hits(query_terms, column: str):
    count = Value(0)
    for term in query_terms:
        hit = Q(**{f"{column}__contains": f" {term} "})
        count = count + Case(When(hit, then=1), default=0, output_field=IntegerField())
    return count


SNIPPET_LENGTH = 140


def highlight(text: str, query_terms) -> str:
    """text, escaped, with every occurrence of a query term wrapped in <mark>."""
    text = text or ""
    spans = []
    for term in query_terms:
        spans.extend(m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(conditional_escape(text[position:start]))
        pieces.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        position = end
    pieces.append(conditional_escape(text[position:]))
    # Safe: every piece of reader-visible text above went through conditional_escape.
    return mark_safe("".join(pieces))  # noqa: S308


def snippet(article: Article, query_terms, length: int = SNIPPET_LENGTH) -> str:
    """A piece of the story's text around the first query term, for a search result."""
    text = " ".join(
        part for part in (article.deck, article.excerpt, html_to_text(article.body)) if part
    )
    text = " ".join(text.split())
    lowered = text.lower()
    first = min((i for i in (lowered.find(term) for term in query_terms) if i >= 0), default=0)
    start = max(0, first - length // 3)
    piece = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return f"{prefix}{piece}{suffix}"
