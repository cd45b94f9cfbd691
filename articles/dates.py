"""The dates a story may carry (the years 1900 to 2100, Korea time), and how we print them.

korean_date and korean_datetime are the one way a date is written for people, in templates
(the newsroom filters wrap them) and in Python (admin columns, workflow messages).

One rule for the admin's forms (model field validators), imports and the database (a check
constraint per column). Past the year 9999, PostgreSQL still stores a timestamp that Python
cannot read back ("9999-12-31 23:59:59 -10:00" is 10000-01-01 in UTC), and every page that
lists the story then fails; a constraint in the database keeps any writer from storing one.
"""

from datetime import date, datetime, timedelta, timezone

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone as django_timezone
from django.utils.deconstruct import deconstructible

FIRST_YEAR, LAST_YEAR = 1900, 2100
# A fixed +09:00 rather than Asia/Seoul: the zone's 1900 offset was local mean time (+08:28).
KST = timezone(timedelta(hours=9), "KST")
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=KST)
END = datetime(LAST_YEAR + 1, 1, 1, tzinfo=KST)  # the first moment out of range


def date_range_problem(value, label: str) -> str:
    """A Korean message naming `label` when value is outside the range; "" when it is inside.

    Aware datetimes are compared as instants; naive ones and plain dates by their year.
    """
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        inside = EARLIEST <= value < END
    elif isinstance(value, date):
        inside = FIRST_YEAR <= value.year <= LAST_YEAR
    else:
        raise TypeError(f"not a date: {value!r}")
    if inside:
        return ""
    shown = value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value
    return f"{_rule(label)} 입력한 값: {shown}"


def _rule(label: str) -> str:
    return (
        f"{label}: {FIRST_YEAR}년 1월 1일부터 {LAST_YEAR}년 12월 31일(한국 시간)까지의 날짜만 "
        "쓸 수 있습니다."
    )


@deconstructible
class DateRangeValidator:
    """The field validator: a form shows the message on the field that holds the date."""

    code = "date_out_of_range"

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value):
        if problem := date_range_problem(value, self.label):
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and other.label == self.label


def date_range_constraint(field: str, label: str) -> models.CheckConstraint:
    """The database's half of the rule: NULL or a date in range, for any writer."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": EARLIEST, f"{field}__lt": END}),
        name=f"%(class)s_{field}_range",
        violation_error_message=_rule(label),
    )


WEEKDAYS = "월화수목금토일"


def _local(value):
    return django_timezone.localtime(value) if django_timezone.is_aware(value) else value


def korean_date(value) -> str:
    """2025년 7월 30일, in Korea time; "" for no date."""
    if not value:
        return ""
    local = _local(value)
    return f"{local.year}년 {local.month}월 {local.day}일"


def korean_datetime(value) -> str:
    """2025년 7월 30일 (수) 오후 3:05, in Korea time; "" for no date."""
    if not value:
        return ""
    local = _local(value)
    meridiem = "오전" if local.hour < 12 else "오후"
    hour = local.hour % 12 or 12
    return (
        f"{local.year}년 {local.month}월 {local.day}일 ({WEEKDAYS[local.weekday()]}) "
        f"{meridiem} {hour}:{local.minute:02d}"
    )
