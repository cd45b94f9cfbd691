"""Keyset pagination of story lists by (published_at, id), newest first.

A page is addressed by the story it follows (?after=) or precedes (?before=), never by an
offset, so a story published between two page loads neither repeats nor pushes another story
off the page the reader turns to.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
# ASCII digits only: str.isdigit() and int() also take "²", "٣", "1_000" and " 1", which
# would make one page answer to many addresses. 18 digits stay inside a bigint and past
# year 9999 (the end of datetime), so nothing further can overflow.
CURSOR = re.compile(r"([0-9]{1,18})-([0-9]{1,18})", re.ASCII)
# The query parameters a keyset-paged list reads: views declare them to the page cache.
CURSOR_PARAMETERS = ("after", "before")


def make_cursor(article) -> str:
    """'<microseconds since 1970>-<id>': exact, short and URL-safe."""
    return f"{(article.published_at - EPOCH) // ONE_MICROSECOND}-{article.pk}"


def parse_cursor(text: str) -> tuple[datetime, int]:
    """(time, id) of a '<microseconds since 1970>-<id>' cursor; ValueError if it is not one.

    The one reader of the cursors in public addresses (story lists and live updates).
    """
    match = CURSOR.fullmatch(text)
    if match is None:
        raise ValueError(f"{text[:40]!r}는 커서가 아닙니다 (형식: 숫자-숫자).")
    micros, pk = match.groups()
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        raise ValueError(f"{text!r}는 날짜 범위를 벗어난 커서입니다.") from None


def read_cursor(cursor: str) -> tuple[datetime, int]:
    """A list page's ?after= or ?before=; an address that is not a page is a 404."""
    try:
        return parse_cursor(cursor)
    except ValueError:
        raise Http404("잘못된 페이지 주소입니다.") from None


@dataclass
class KeysetPage:
    articles: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def keyset_page(queryset, *, after: str | None = None, before: str | None = None, size: int):
    """One page of queryset (stories), newest first, following `after` or preceding `before`."""
    if after:
        published_at, pk = read_cursor(after)
        rows = list(
            queryset.filter(
                Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
            ).order_by("-published_at", "-pk")[: size + 1]
        )
        more_after, more_before = len(rows) > size, True
        rows = rows[:size]
    elif before:
        published_at, pk = read_cursor(before)
        rows = list(
            queryset.filter(
                Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gt=pk)
            ).order_by("published_at", "pk")[: size + 1]
        )
        more_after, more_before = True, len(rows) > size
        rows = rows[:size][::-1]
    else:
        rows = list(queryset.order_by("-published_at", "-pk")[: size + 1])
        more_after, more_before = len(rows) > size, False
        rows = rows[:size]
    return KeysetPage(
        articles=rows,
        next_cursor=make_cursor(rows[-1]) if rows and more_after else None,
        previous_cursor=make_cursor(rows[0]) if rows and more_before else None,
    )
