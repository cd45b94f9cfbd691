"""Korean search: an index of Hangul syllable bigrams plus Latin and digit words.

Korean attaches particles to words (번역을, 회담에서) and many news keywords are two syllables
(북한, 회담), so neither whitespace words nor trigrams find them. Cutting every run of Hangul
into overlapping syllable pairs does (markup.bigrams, the tokenizer related lists use too).
A query is cut the same way and a story matches when it holds every term of the query.

PostgreSQL stores the terms in a weighted tsvector with a GIN index; SQLite (development)
matches the same terms with LIKE. Both rank the same way: more query terms in the headline
first, then in the deck, then newest first.
"""

import functools
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, connections, router
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.sql_names import SqlNames
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
# How long a process uses the start of the recent stories it read (WindowStarts).
WINDOW_REFRESH_SECONDS = 60


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
    """The stories a search finds, best first, for Paginator: count() and slices of story ids.

    Of the newest NEWSROOM_SEARCH_MAX_RESULTS matches (a news reader wants recent stories; the
    cap keeps a common term as fast as a rare one), those with more query terms in the
    headline come first, then in the deck, then the newest.

    One query finds, caps and ranks the matches, in the search index alone (ranked_sql): it
    holds each story's status and publish time, so the public filter and the newest-first
    order need no join with the stories. The matches are looked for among the newest
    RECENT_WINDOW x cap public stories first; a term one story in RECENT_WINDOW holds fills the
    cap from those, and the same query reads the rest of the archive only for rarer terms (at
    100,000 stories, a term in one story in ten has 10,000 matches: reading them all to keep
    the newest 1,000 was most of a search). It returns the ranked ids alone: count() needs no
    query of its own, and a page's cards come from reader.stored_cards, which hold the rest.
    """

    ordered = True

    def __init__(self, query: Query):
        self.search = query
        self.now = timezone.now()

    def sql(self, database) -> tuple[str, list]:
        """ranked_sql for this query on database (a connection), with its parameters."""
        cap = settings.NEWSROOM_SEARCH_MAX_RESULTS
        query_terms = self.search.terms
        public = Article.public_sql_params(database, self.now)
        if database.vendor == "postgresql":
            match = list(query_terms)
        else:
            match = [f"% {term} %" for term in query_terms for _ in range(3)]
        padded = [f"% {term} %" for term in query_terms]
        ranking = [*padded, *padded]
        start = window_starts.start(database, RECENT_WINDOW * cap)
        sql = ranked_sql(database.alias, len(query_terms), windowed=start is not None)
        if start is None:
            return sql, [*public, *match, cap, *ranking]
        recent = [start, *public, *match, cap]
        older = [*public, *match, cap, cap]
        return sql, [*recent, *older, cap, *ranking]

    @cached_property
    def ranked_ids(self) -> list[int]:
        if not self.search.is_valid:
            return []
        database = connections[router.db_for_read(ArticleSearchIndex)]
        with database.cursor() as cursor:
            cursor.execute(*self.sql(database))
            return [pk for (pk,) in cursor.fetchall()]

    def count(self) -> int:
        return len(self.ranked_ids)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        return self.ranked_ids[index]

    def __iter__(self):
        return iter(self.ranked_ids)


class WindowStarts:
    """Where the newest `size` public stories start (their oldest publish time; None while
    the archive holds fewer), per database, read at most once every WINDOW_REFRESH_SECONDS in
    a process.

    Only a hint to the query (SearchResults): its results are the same from any start, since
    the recent part holds every match from the start on and the older part is read whenever
    those are fewer than the cap. A start a minute old covers that minute's new stories too;
    walking 20,000 entries of the newest-first index for it was a fifth of every search.
    """

    def __init__(self):
        self.known = {}

    def start(self, database, size: int):
        key = (database.alias, size)
        now = time.monotonic()
        start, read_at = self.known.get(key, (None, None))
        if read_at is None or now - read_at > WINDOW_REFRESH_SECONDS:
            start = self.read(database, size)
            self.known[key] = (start, now)
        return start

    def read(self, database, size: int):
        with database.cursor() as cursor:
            cursor.execute(
                window_start_sql(database.alias), [*Article.public_sql_params(database), size - 1]
            )
            row = cursor.fetchone()
        return database.ops.adapt_datetimefield_value(row[0]) if row else None

    def clear(self):
        self.known.clear()


window_starts = WindowStarts()


@functools.cache
def window_start_sql(alias: str) -> str:
    """The publish time of the public story at an offset, newest first (see WindowStarts)."""
    row = SqlNames(ArticleSearchIndex, alias)
    return (
        f"SELECT {row['published_at']} FROM {row.table} "  # noqa: S608
        f"WHERE {Article.public_sql(row['status'], row['published_at'])} "
        f"ORDER BY {row['published_at']} DESC, {row['article']} DESC LIMIT 1 OFFSET %s"
    )


@functools.cache
def ranked_sql(alias: str, term_count: int, *, windowed: bool) -> str:
    """The ids of the newest public matches of term_count terms, ranked (see SearchResults).

    search_newest holds the newest cap matches; the ranking orders them by the query's terms
    in the headline, then in the deck, then newest first. PostgreSQL matches the weighted
    document through its GIN index; SQLite (development) the term columns with LIKE. The
    public rule is Article.public_filter(), written out (tests/test_search_index_columns.py
    holds the two together). Written once per process, number of terms and form: compiling
    the equivalent querysets cost more than running them.

    Windowed (the archive holds more than the window): search_recent, the newest matches from
    the window's start on (WindowStarts), and search_older, the older ones, read only when
    the recent ones are fewer than the cap. The start is a parameter read through a subquery,
    so that PostgreSQL plans the recent part as for a few rows and intersects the GIN index
    with the newest-first one (a start it knows, 20,000 rows back, made it read every match
    from the GIN index and filter them by time, twice the cost). Unwindowed (a smaller
    archive), the matches are read whole, then the newest kept: on PostgreSQL in a
    MATERIALIZED part, which it plans for all the matches (from the GIN index); asked for the
    newest cap at once, it walked the newest-first index and tested every story's document,
    read back from out of line (5 ms for 1,000 stories, 0.5 ms from the GIN index).
    """
    row = SqlNames(ArticleSearchIndex, alias)
    public = Article.public_sql(row["status"], row["published_at"])
    newest = f"ORDER BY {row['published_at']} DESC, {row['article']} DESC"
    materialized = ""
    if connections[alias].vendor == "postgresql":
        materialized = "MATERIALIZED "
        start_value = "CAST(%s AS timestamp with time zone)"
        one_term = "plainto_tsquery('simple', %s)"
        match = f"{row['document']} @@ ({' && '.join([one_term] * term_count)})"
    else:
        start_value = "%s"
        one_term = " OR ".join(
            f"{row[name]} LIKE %s" for name in ("headline_terms", "deck_terms", "body_terms")
        )
        match = " AND ".join([f"({one_term})"] * term_count)
    # Names come from the models' metadata; every value is a parameter.
    matches = (
        f"SELECT {row['article']} AS id, {row['published_at']} AS published_at, "  # noqa: S608
        f"{row['headline_terms']} AS headline_terms, {row['deck_terms']} AS deck_terms "
        f"FROM {row.table} WHERE {public} AND {match}"
    )
    if windowed:
        start = "(SELECT start FROM search_window)"
        newest_matches = (
            f"search_window AS (SELECT {start_value} AS start), "  # noqa: S608
            f"search_recent AS ({matches} AND {row['published_at']} >= {start} "
            f"{newest} LIMIT %s), "
            f"search_older AS ({matches} AND (SELECT COUNT(*) FROM search_recent) < %s "
            f"AND {row['published_at']} < {start} {newest} LIMIT %s), "
            f"search_newest AS (SELECT * FROM search_recent UNION ALL SELECT * FROM search_older "
            f"ORDER BY published_at DESC, id DESC LIMIT %s)"
        )
    else:
        newest_matches = (
            f"search_matches AS {materialized}({matches}), "  # noqa: S608
            f"search_newest AS (SELECT * FROM search_matches "
            f"ORDER BY published_at DESC, id DESC LIMIT %s)"
        )

    def hits(name):
        return " + ".join([f"CASE WHEN {name} LIKE %s THEN 1 ELSE 0 END"] * term_count)

    return (
        f"WITH {newest_matches} SELECT id FROM search_newest "  # noqa: S608
        f"ORDER BY {hits('headline_terms')} DESC, {hits('deck_terms')} DESC, "
        f"published_at DESC, id DESC"
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
