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
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
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

    The matches are read from the search index alone, newest first: it holds each story's
    status and publish time, so the public filter and the order need no join with the
    stories (at 100,000 stories, joining every match for its publish time was most of a
    search). They come with their headline and deck terms and are ranked here, in one query
    that also gives count(); a page is one more query for its stories.
    """

    ordered = True

    def __init__(self, query: Query):
        self.search = query

    def matches(self):
        """The newest public matches in the index, newest first: (story id, headline terms,
        deck terms)."""
        if not self.search.is_valid:
            return ArticleSearchIndex.objects.none()
        rows = ArticleSearchIndex.objects.filter(Article.public_filter())
        if connection.vendor == "postgresql":
            rows = rows.filter(document=_tsquery(self.search.terms))
        else:
            rows = rows.filter(*(_like_any_column(term) for term in self.search.terms))
        return rows.order_by("-published_at", "-article_id").values_list(
            "article_id", "headline_terms", "deck_terms"
        )[: settings.NEWSROOM_SEARCH_MAX_RESULTS]

    @cached_property
    def ranked_ids(self) -> list[int]:
        padded = [f" {term} " for term in self.search.terms]

        def hits(terms_column: str) -> int:
            return sum(term in terms_column for term in padded)

        # A stable sort: equal hits keep the newest-first order the rows came in.
        rows = sorted(self.matches(), key=lambda row: (hits(row[1]), hits(row[2])), reverse=True)
        return [row[0] for row in rows]

    def count(self) -> int:
        return len(self.ranked_ids)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ranked_ids[index]
        stories = Article.objects.published().select_related("section").in_bulk(ids)
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
