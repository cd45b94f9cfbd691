"""Template filters for Korean dates and reading time."""

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def korean_date(value):
    """2025년 7월 30일, in Korea time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.year}년 {local.month}월 {local.day}일"


@register.filter
def korean_datetime(value):
    """2025년 7월 30일 (수) 오후 3:05, in Korea time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    meridiem = "오전" if local.hour < 12 else "오후"
    hour = local.hour % 12 or 12
    return (
        f"{local.year}년 {local.month}월 {local.day}일 ({WEEKDAYS[local.weekday()]}) "
        f"{meridiem} {hour}:{local.minute:02d}"
    )


@register.filter
def reading_time(minutes):
    """4분 읽기"""
    return f"{max(int(minutes or 1), 1)}분 읽기"
