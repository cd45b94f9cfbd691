"""Automatic suggestions for a story's related list.

A bounded pool of candidates is drawn with a few indexed queries: stories sharing a tag,
stories of the same sections published around the same time and stories with a similar
headline. Only the pool is scored, so the cost does not grow with the catalogue:

    score = 0.35 · shared tags + 0.15 · shared categories + 0.35 · text + 0.15 · recency

each part from 0 to 1. Text similarity compares headline and body by character n-grams,
which suits Korean (particles glue onto words, so whitespace words rarely match).
Headlines: PostgreSQL uses pg_trgm with a trigram index; elsewhere (SQLite in development)
character bigrams are compared in Python over a pool of stories near in time. Bodies (their
opening) are compared by bigrams in Python for a shortlist only, on every database.

Never suggested: the story itself, an unpublished story, a story already in the list in any
state (so a rejection sticks), and a story whose headline repeats one already listed.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article
from markup.bigrams import RUN, bigrams, similarity
from markup.sanitize import html_to_text
from related.models import RelatedEntry

logger = logging.getLogger(__name__)

WEIGHT_TAGS = 0.35
WEIGHT_CATEGORIES = 0.15
WEIGHT_TEXT = 0.35
WEIGHT_RECENCY = 0.15
# Of the text part, the headline counts more: it says what the story is about.
HEADLINE_SHARE = 0.6
RECENCY_HALF_LIFE_DAYS = 30
# Below this a headline resemblance is noise (two headlines sharing 부산 and nothing else).
MIN_TEXT_SIMILARITY = 0.12

TAG_POOL = 100
NEARBY_POOL = 25  # on each side of the story's publish time
HEADLINE_POOL = 50
FALLBACK_TEXT_POOL = 150  # on each side; SQLite has no text index to ask
# The opening of the body: it carries the story's subject, and trigram cost grows with length.
BODY_CHARS = 600
BODY_SHORTLIST = 3  # times the number of candidates wanted
# pg_trgm's default; lower finds more look-alike headlines but costs far more index rechecks
# (0.2 took 200 ms at 100,000 stories, 0.3 70 ms). Tags and sections find the rest.
TRIGRAM_THRESHOLD = 0.3


@dataclass(frozen=True)
class Candidate:
    article_id: int
    headline: str
    score: float


@dataclass
class Story:
    """What suggestions for one story are computed from."""

    article: Article
    tag_ids: set[int]
    category_ids: set[int]
    blocked_ids: set[int]
    taken_headlines: set[str]

    @classmethod
    def of(cls, article: Article) -> Story:
        kept = RelatedEntry.objects.filter(article=article).exclude(
            pk__in=RelatedEntry.objects.replaceable_suggestions().values("pk")
        )
        blocked, taken = {article.pk}, {headline_key(article.headline)}
        for target_id, title, target_headline in kept.values_list(
            "target_id", "title", "target__headline"
        ):
            if target_id:
                blocked.add(target_id)
            taken.update(headline_key(text) for text in (title, target_headline) if text)
        return cls(
            article=article,
            tag_ids=set(article.tags.values_list("id", flat=True)),
            category_ids=set(article.categories.values_list("id", flat=True)),
            blocked_ids=blocked,
            taken_headlines=taken - {""},
        )

    @property
    def moment(self) -> datetime:
        return self.article.published_at or timezone.now()


def headline_key(headline: str) -> str:
    """A headline with case, spacing and punctuation ignored, to spot the same story twice."""
    return "".join(RUN.findall((headline or "").lower()))


def suggest(article: Article, limit: int | None = None) -> list[Candidate]:
    """The best `limit` candidates for article's related list, best first (nothing stored)."""
    limit = limit or settings.NEWSROOM_RELATED_CANDIDATES
    story = Story.of(article)
    strategy = TrigramStrategy if uses_trigrams() else BigramStrategy
    pool = shared_tag_pool(story) | nearby_pool(story) | strategy.pool(story)
    pool -= story.blocked_ids
    if not pool:
        return []
    tag_counts = shared_tag_counts(story, pool)
    category_counts = shared_category_counts(story, pool)
    scored = {}
    for row in strategy.rows(story, pool):
        tags = tag_counts.get(row["pk"], 0) / len(story.tag_ids) if story.tag_ids else 0.0
        categories = (
            category_counts.get(row["pk"], 0) / len(story.category_ids)
            if story.category_ids
            else 0.0
        )
        if not (tags or categories or row["headline_sim"] >= MIN_TEXT_SIMILARITY):
            continue
        days = abs((story.moment - row["published_at"]).total_seconds()) / 86400
        score = (
            WEIGHT_TAGS * tags
            + WEIGHT_CATEGORIES * categories
            + WEIGHT_TEXT * HEADLINE_SHARE * row["headline_sim"]
            + WEIGHT_RECENCY * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)
        )
        scored[row["pk"]] = (score, row["headline"])
    # Bodies are compared last and only for a shortlist: it is the costly part of the text.
    shortlist = sorted(scored, key=lambda pk: (-scored[pk][0], -pk))[: BODY_SHORTLIST * limit]
    body_sims = body_similarities(story, shortlist)
    candidates = [
        Candidate(
            pk,
            scored[pk][1],
            round(scored[pk][0] + WEIGHT_TEXT * (1 - HEADLINE_SHARE) * body_sims.get(pk, 0), 4),
        )
        for pk in shortlist
    ]
    candidates.sort(key=lambda candidate: (-candidate.score, -candidate.article_id))
    chosen, seen = [], set(story.taken_headlines)
    for candidate in candidates:
        key = headline_key(candidate.headline)
        if key in seen:
            continue  # the same story filed twice (a re-sent wire item) is a duplicate
        seen.add(key)
        chosen.append(candidate)
        if len(chosen) == limit:
            break
    return chosen


def body_similarities(story: Story, pks: list[int]) -> dict[int, float]:
    """Character-bigram similarity of the opening of each story's body to this one's."""
    own = bigrams(html_to_text(story.article.body)[:BODY_CHARS])
    openings = (
        Article.objects.filter(pk__in=pks)
        .annotate(opening=Substr("body", 1, BODY_CHARS * 2))
        .values_list("pk", "opening")
    )
    return {
        pk: similarity(own, bigrams(html_to_text(opening)[:BODY_CHARS])) for pk, opening in openings
    }


@transaction.atomic
def refresh_suggestions(article: Article, limit: int | None = None) -> list[RelatedEntry]:
    """Replace article's untouched automatic suggestions with freshly computed ones.

    Entries a person has made or judged (approved, rejected, pinned, manual, imported) stay.
    """
    candidates = suggest(article, limit)
    RelatedEntry.objects.replaceable_suggestions().filter(article=article).delete()
    entries = [
        RelatedEntry(
            article=article,
            target_id=candidate.article_id,
            status=RelatedEntry.Status.SUGGESTED,
            origin=RelatedEntry.Origin.AUTOMATIC,
            score=candidate.score,
            position=rank,
        )
        for rank, candidate in enumerate(candidates)
    ]
    # A moderator may add the same story by hand meanwhile; theirs wins.
    RelatedEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return entries


def suggestions_due(articles=None):
    """Public stories without automatic suggestions computed since they were published."""
    computed = RelatedEntry.objects.filter(
        article=OuterRef("pk"),
        origin=RelatedEntry.Origin.AUTOMATIC,
        created_at__gte=OuterRef("published_at"),
    )
    articles = Article.objects.all() if articles is None else articles
    return articles.published().filter(~Exists(computed))


def refresh_if_due(article_id: int) -> None:
    """Compute suggestions for a story just saved, unless done since it was published.

    A story with no candidates at all is looked at again on its next save; that costs the
    same few bounded queries as the first time.
    """
    article = suggestions_due().filter(pk=article_id).first()
    if article is not None:
        refresh_suggestions(article)


def shared_tag_pool(story: Story) -> set[int]:
    if not story.tag_ids:
        return set()
    return set(
        TaggedItem.objects.filter(content_type=article_type(), tag_id__in=story.tag_ids)
        .exclude(object_id__in=story.blocked_ids)
        .values("object_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-object_id")
        .values_list("object_id", flat=True)[:TAG_POOL]
    )


def nearby_pool(story: Story) -> set[int]:
    """Stories of the same sections published just before and after this one."""
    if not story.category_ids:
        return set()
    return around(
        Article.objects.published().filter(categories__in=story.category_ids),
        story,
        NEARBY_POOL,
    )


def around(stories, story: Story, size: int) -> set[int]:
    stories = stories.exclude(pk__in=story.blocked_ids)
    before = stories.filter(published_at__lte=story.moment).order_by("-published_at", "-pk")
    after = stories.filter(published_at__gt=story.moment).order_by("published_at", "pk")
    return set(before.values_list("pk", flat=True)[:size]) | set(
        after.values_list("pk", flat=True)[:size]
    )


def shared_tag_counts(story: Story, pool: set[int]) -> dict[int, int]:
    if not story.tag_ids:
        return {}
    return dict(
        TaggedItem.objects.filter(
            content_type=article_type(), tag_id__in=story.tag_ids, object_id__in=pool
        )
        .values("object_id")
        .annotate(shared=Count("id"))
        .values_list("object_id", "shared")
    )


def shared_category_counts(story: Story, pool: set[int]) -> dict[int, int]:
    if not story.category_ids:
        return {}
    return dict(
        Article.categories.through.objects.filter(
            category_id__in=story.category_ids, article_id__in=pool
        )
        .values("article_id")
        .annotate(shared=Count("id"))
        .values_list("article_id", "shared")
    )


def article_type() -> ContentType:
    return ContentType.objects.get_for_model(Article)


def uses_trigrams() -> bool:
    connection = connections[router.db_for_read(Article)]
    return connection.vendor == "postgresql" and trigrams_read_hangul(connection.alias)


@functools.cache
def trigrams_read_hangul(alias: str) -> bool:
    """Whether pg_trgm is installed and sees Hangul as letters.

    Under a database whose character type is plain C, pg_trgm skips every non-ASCII letter
    and Korean headlines would have no trigrams at all; the bigram strategy then takes over.
    """
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            logger.warning("pg_trgm is not installed; related suggestions use bigrams")
            return False
        cursor.execute("SELECT array_length(show_trgm('정상회담'), 1)")
        (count,) = cursor.fetchone()
    if not count:
        logger.warning("pg_trgm ignores Hangul here (C locale?); related suggestions use bigrams")
    return bool(count)


class TrigramStrategy:
    """PostgreSQL: similar headlines from the trigram index, similarity computed there."""

    @staticmethod
    def pool(story: Story) -> set[int]:
        from django.contrib.postgres.search import TrigramSimilarity

        headline = story.article.headline
        connection = connections[router.db_for_read(Article)]
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                # Set per transaction, so that it holds whatever the server's default is.
                cursor.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                    [str(TRIGRAM_THRESHOLD)],
                )
            return set(
                Article.objects.published()
                .filter(headline__trigram_similar=headline)
                .exclude(pk__in=story.blocked_ids)
                .annotate(similarity=TrigramSimilarity("headline", headline))
                .order_by("-similarity")
                .values_list("pk", flat=True)[:HEADLINE_POOL]
            )

    @staticmethod
    def rows(story: Story, pool: set[int]) -> list[dict]:
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            Article.objects.published()
            .filter(pk__in=pool)
            .annotate(headline_sim=TrigramSimilarity("headline", story.article.headline))
            .values("pk", "headline", "published_at", "headline_sim")
        )


class BigramStrategy:
    """Anywhere else: stories near in time, compared by character bigrams in Python."""

    @staticmethod
    def pool(story: Story) -> set[int]:
        return around(Article.objects.published(), story, FALLBACK_TEXT_POOL)

    @staticmethod
    def rows(story: Story, pool: set[int]) -> list[dict]:
        headline = bigrams(story.article.headline)
        rows = list(
            Article.objects.published().filter(pk__in=pool).values("pk", "headline", "published_at")
        )
        for row in rows:
            row["headline_sim"] = similarity(headline, bigrams(row["headline"]))
        return rows
