"""The one cursor of our public addresses: '<microseconds since 1970>-<id>'.

Exact to the microsecond a database stores, short and URL-safe. Story lists page by
(published_at, id) with it (articles.pagination); a live story's readers poll by
(updated_at, update id) with it (live.models.Cursor).
"""

import re
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
# ASCII digits only: str.isdigit() and int() also take "²", "٣", "1_000" and " 1", which
# would make one page answer to many addresses. 18 digits stay inside a bigint and past
# year 9999 (the end of datetime), so nothing further can overflow.
CURSOR = re.compile(r"([0-9]{1,18})-([0-9]{1,18})", re.ASCII)


def micros(at: datetime) -> int:
    """Microseconds since 1970 of an aware datetime."""
    return (at - EPOCH) // ONE_MICROSECOND


def format_cursor(at: datetime, pk: int) -> str:
    return f"{micros(at)}-{pk}"


def parse_cursor(text: str) -> tuple[datetime, int]:
    """(time, id) of a '<microseconds since 1970>-<id>' cursor; ValueError if it is not one.

    The one reader of the cursors in public addresses (story lists and live updates).
    """
    match = CURSOR.fullmatch(text)
    if match is None:
        raise ValueError(f"{text[:40]!r}는 커서가 아닙니다 (형식: 숫자-숫자).")
    found_micros, pk = match.groups()
    try:
        return EPOCH + timedelta(microseconds=int(found_micros)), int(pk)
    except OverflowError:
        raise ValueError(f"{text!r}는 날짜 범위를 벗어난 커서입니다.") from None
