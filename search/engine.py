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
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
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
# Matches are looked for among the newest RECENT_WINDOW x NEWSROOM_SEARCH_MAX_RESULTS public
# stories first (SearchResults).
RECENT_WINDOW = 20
# Where the recent stories start while the archive holds fewer than the window: all of it.
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


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


def search_articles(query: Query) -> "SearchResults":
    """Published stories holding every term of query, best first (see SearchResults)."""
    return SearchResults(query)


class SearchResults:
    """The stories a search finds, best first, for Paginator: count() and slices.

    Of the newest NEWSROOM_SEARCH_MAX_RESULTS matches (a news reader wants recent stories; the
    cap keeps a common term as fast as a rare one), those with more query terms in the
    headline come first, then in the deck, then the newest.

    The matches are read from the search index alone: it holds each story's status and
    publish time, so the public filter and the newest-first order need no join with the
    stories. They are looked for among the newest RECENT_WINDOW x cap public stories first; a
    term one story in RECENT_WINDOW holds fills the cap from those, and the same query reads
    the rest of the archive only for rarer terms (at 100,000 stories, a term in one story in
    ten has 10,000 matches: reading them all to keep the newest 1,000 was most of a search).
    They come with their headline and deck terms and are ranked here: count() needs no query
    of its own, and a page is one more query, for its stories.
    """

    ordered = True

    def __init__(self, query: Query):
        self.search = query
        self.now = timezone.now()

    def matches(self):
        """Every public match in the index, newest first (a queryset of index rows)."""
        if not self.search.is_valid:
            return ArticleSearchIndex.objects.none()
        rows = ArticleSearchIndex.objects.filter(Article.public_filter(self.now))
        if connection.vendor == "postgresql":
            rows = rows.filter(document=_tsquery(self.search.terms))
        else:
            rows = rows.filter(*(_like_any_column(term) for term in self.search.terms))
        return rows.order_by("-published_at", "-article_id")

    def newest_sql(self) -> tuple[str, tuple]:
        """The one query of the newest matches, newest first: (story id, headline terms, deck
        terms, 0 for a recent story or 1 for an older one).

        The matches among the newest RECENT_WINDOW x cap public stories (all of them while the
        archive holds fewer), then, only when those are fewer than the cap, the older ones: a
        WITH query, as the ORM has none, of querysets the ORM writes for either database.
        """
        cap = settings.NEWSROOM_SEARCH_MAX_RESULTS
        window = RECENT_WINDOW * cap
        window_start = (
            ArticleSearchIndex.objects.filter(Article.public_filter(self.now))
            .order_by("-published_at", "-article_id")
            .values("published_at")[window - 1 : window]
        )
        start = RawSQL("SELECT start FROM search_window", ())
        recent_too_few = RawSQL(
            "(SELECT COUNT(*) FROM search_recent) < %s", (cap,), output_field=BooleanField()
        )
        fields = ("article_id", "headline_terms", "deck_terms", "older")
        recent = (
            self.matches()
            .filter(published_at__gte=start)
            .annotate(older=Value(0))
            .values_list(*fields)[:cap]
        )
        older = (
            self.matches()
            .filter(recent_too_few, published_at__lt=start)
            .annotate(older=Value(1))
            .values_list(*fields)[:cap]
        )
        parts = [qs.query.sql_with_params() for qs in (window_start, recent, older)]
        (window_sql, window_params), (recent_sql, recent_params), (older_sql, older_params) = parts
        earliest = connection.ops.adapt_datetimefield_value(EARLIEST)
        # Safe: the parts are the ORM's SQL, every value in them a parameter.
        sql = (
            f"WITH search_window AS (SELECT COALESCE(({window_sql}), %s) AS start), "  # noqa: S608
            f"search_recent AS ({recent_sql}) "
            f"SELECT * FROM search_recent UNION ALL SELECT * FROM ({older_sql}) search_older"
        )
        return sql, (*window_params, earliest, *recent_params, *older_params)

    @cached_property
    def newest(self) -> list[tuple]:
        """(story id, headline terms, deck terms) of the newest matches, newest first."""
        if not self.search.is_valid:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*self.newest_sql())
            rows = cursor.fetchall()
        # Each part comes newest first; the recent ones are all newer than the older ones.
        rows.sort(key=lambda row: row[3])
        return [row[:3] for row in rows[: settings.NEWSROOM_SEARCH_MAX_RESULTS]]

    @cached_property
    def ranked_ids(self) -> list[int]:
        padded = [f" {term} " for term in self.search.terms]

        def hits(terms_column: str) -> int:
            return sum(term in terms_column for term in padded)

        # A stable sort: equal hits keep the newest-first order the rows came in.
        rows = sorted(self.newest, key=lambda row: (hits(row[1]), hits(row[2])), reverse=True)
        return [row[0] for row in rows]

    def count(self) -> int:
        return len(self.ranked_ids)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ranked_ids[index]
        stories = Article.objects.published(self.now).select_related("section").in_bulk(ids)
        return [stories[pk] for pk in ids if pk in stories]

    def __iter__(self):
        return iter(self[:])


def _tsquery(query_terms) -> SearchQuery:
    combined = None
    for term in query_terms:
        one = SearchQuery(term, search_type="plain", config="simple")
        combined = one if combined is None else combined & one
    return combined


def _like_any_column(term: str) -> Q:
    padded = f" {term} "
    return (
        Q(headline_terms__contains=padded)
        | Q(deck_terms__contains=padded)
        | Q(body_terms__contains=padded)
    )


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
    return snippet_of(snippet_text(article), query_terms, length)


def snippet_text(article: Article) -> str:
    """The text a story's search snippets are cut from: its deck, excerpt and body's text.

    The costly part of a snippet (the body's HTML parsed): reader.stored_cards keeps it with
    the story's stored search card."""
    text = " ".join(
        part for part in (article.deck, article.excerpt, html_to_text(article.body)) if part
    )
    return " ".join(text.split())


def snippet_of(text: str, query_terms, length: int = SNIPPET_LENGTH) -> str:
    """The piece of snippet_text() around the first query term."""
    lowered = text.lower()
    first = min((i for i in (lowered.find(term) for term in query_terms) if i >= 0), default=0)
    start = max(0, first - length // 3)
    piece = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return f"{prefix}{piece}{suffix}"
