"""Dates in imported files: front-matter dates and Korean wire dates, in Korea time."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from articles.dates import date_range_problem

from .documents import ImportProblem

KOREA = ZoneInfo("Asia/Seoul")
_KOREAN_DATE = re.compile(
    r"^(?P<year>\d{4})년\s*(?P<month>\d{1,2})월\s*(?P<day>\d{1,2})일"
    r"(?:\s*\(?[월화수목금토일]\)?)?"
    r"(?:\s*(?P<meridiem>오전|오후)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$"
)
_FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_SPACED_OFFSET = re.compile(r"\s+(Z|[+-]\d{2}:?\d{2})$")


def in_korea_time(value) -> datetime:
    """An aware datetime for a date or datetime; naive values and plain dates are Korea time."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=KOREA) if value.tzinfo is None else value
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=KOREA)
    raise TypeError(f"not a date: {value!r}")


def in_story_range(value: datetime | None, label: str) -> datetime | None:
    """value; ImportProblem naming label when it is outside the dates a story may carry."""
    if problem := date_range_problem(value, label):
        raise ImportProblem(problem)
    return value


def parse_date_text(text: str) -> datetime | None:
    """An ISO-like date or datetime ("2024-07-29", "2024-07-29 10:00:00 +0900"); else None."""
    text = _SPACED_OFFSET.sub(r"\1", text.strip())
    try:
        return in_korea_time(datetime.fromisoformat(text))
    except ValueError:
        return None


def parse_korean_date(line: str) -> datetime | None:
    """ "2025년 7월 30일" (optionally "(수) 오후 3:05") in Korea time; None if not one."""
    match = _KOREAN_DATE.match(line.strip())
    if not match:
        return None
    hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
    if match["meridiem"] == "오후" and hour < 12:
        hour += 12
    elif match["meridiem"] == "오전" and hour == 12:
        hour = 0
    try:
        return datetime(
            int(match["year"]), int(match["month"]), int(match["day"]), hour, minute, tzinfo=KOREA
        )
    except ValueError:
        return None


def split_dated_file_name(stem: str) -> tuple[datetime | None, str]:
    """Jekyll's post names: "2024-07-29-some-title" -> (that date, "some-title")."""
    match = _FILE_NAME_DATE.match(stem)
    if not match:
        return None, stem
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None, stem
    return in_korea_time(day), match[4]
