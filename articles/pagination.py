"""Keyset pagination of story lists by (published_at, id), newest first.

A page is addressed by the story it follows (?after=) or precedes (?before=), never by an
offset, so a story published between two page loads neither repeats nor pushes another story
off the page the reader turns to.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.http import Http404

from .cursors import format_cursor, parse_cursor

# The query parameters a keyset-paged list reads: views declare them to the page cache.
CURSOR_PARAMETERS = ("after", "before")


def make_cursor(article) -> str:
    """The cursor of a story in a list: its publish time and id (articles.cursors)."""
    return format_cursor(article.published_at, article.pk)


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
