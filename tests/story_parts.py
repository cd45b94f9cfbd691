"""Stories with every part a story page renders, n of each, for query-budget and cache tests."""

from datetime import timedelta

from django.utils import timezone

from articles.models import AttendeeTable, SummaryItem
from related.models import RelatedEntry
from tests.factories import ArticleFactory, CategoryFactory

PALETTE_KEYS = ("red", "blue-tint", "blue")


def highlighted_body(count: int) -> str:
    spans = "".join(
        f'<p><span class="hl-{PALETTE_KEYS[i % len(PALETTE_KEYS)]}">강조 문장 {i}.</span> '
        f"이어지는 본문 {i}.</p>"
        for i in range(count)
    )
    return f"<p>본문 시작.</p>{spans}"


def rich_story(parts: int, *, section=None, headline=None, targets=None, **fields):
    """A published story with `parts` tags, highlights, summary bullets, attendees (in two
    tables of two columns) and related entries (to other public stories, `targets` or new ones)."""
    section = section or CategoryFactory(name="정치")
    story = ArticleFactory(
        headline=headline or f"정상회담 기사 ({parts}개 항목)",
        section=section,
        body=highlighted_body(parts),
        tags=[f"태그{i}" for i in range(parts)],
        **fields,
    )
    SummaryItem.objects.bulk_create(
        SummaryItem(article=story, text=f"요약 {i}", position=i) for i in range(parts)
    )
    for t in range(2):
        table = AttendeeTable.objects.create(article=story, title=f"참석자 {t}", position=t)
        half = max(1, parts // 2)
        table.replace_columns(
            [
                ("한국 측", [f"참석자 {i}" for i in range(half)]),
                ("상대 측", [f"상대 {i}" for i in range(half)]),
            ]
        )
    if targets is None:
        targets = related_targets(parts, section=section)
    RelatedEntry.objects.bulk_create(
        RelatedEntry(article=story, target=target, position=i, status=RelatedEntry.Status.APPROVED)
        for i, target in enumerate(targets)
    )
    return story


def related_targets(count: int, *, section=None):
    """Public stories to point related entries at; share them between stories to save time."""
    # A day old: the stories under test stay the newest on every list.
    published_at = timezone.now() - timedelta(days=1)
    return [
        ArticleFactory(headline=f"관련 기사 {i}", section=section, published_at=published_at)
        for i in range(count)
    ]
