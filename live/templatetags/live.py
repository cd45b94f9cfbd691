"""Template tags for live coverage and the corrections log on the story page."""

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from live.models import Cursor

register = template.Library()


@register.simple_tag
def live_coverage_for(article):
    """The story's coverage, its updates in reading order and the page's cursor; or None.

    The coverage comes with the story (reader.stored_pages.story_queryset selects it); updates cost
    one query, and only on a live story.
    """
    try:
        coverage = article.live_coverage
    except (ObjectDoesNotExist, AttributeError):
        return None
    if coverage is None:
        return None
    updates = coverage.updates_for_readers()
    newest = max(updates, key=lambda update: (update.updated_at, update.pk), default=None)
    return {
        "coverage": coverage,
        "updates": updates,
        "cursor": Cursor.after(newest) if newest else Cursor.START,
        "poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
    }


@register.filter
def korean_stamp(value):
    """2026년 11월 22일 오후 3:05, in Korea time: the log's and the updates' stamps."""
    if not value:
        return ""
    local = timezone.localtime(value)
    meridiem = "오전" if local.hour < 12 else "오후"
    return (
        f"{local.year}년 {local.month}월 {local.day}일 "
        f"{meridiem} {local.hour % 12 or 12}:{local.minute:02d}"
    )


@register.filter
def author_name(user):
    """The name readers see; never the login name, which belongs to the admin."""
    return user.get_full_name() if user else ""
