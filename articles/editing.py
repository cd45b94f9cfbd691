"""The soft "editing now" marker: who has a story open in the admin.

It lives in the cache and expires by itself when the editor's page stops sending heartbeats,
so a closed laptop never leaves a lock behind. It warns; it does not block saving (the version
check does that). Taking the marker over from someone else is explicit and logged.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class EditingMarker:
    user_id: int
    username: str
    since: datetime


def _key(article_id: int) -> str:
    return f"newsroom:editing:{article_id}"


def current_marker(article_id: int) -> EditingMarker | None:
    return cache.get(_key(article_id))


def hold(article_id: int, user) -> EditingMarker:
    """Record that user is editing, unless someone else holds the marker; return the holder."""
    marker = current_marker(article_id)
    if marker is None or marker.user_id == user.pk:
        since = marker.since if marker else timezone.now()
        marker = EditingMarker(user.pk, user.get_username(), since)
        cache.set(_key(article_id), marker, settings.NEWSROOM_EDITING_MARKER_SECONDS)
    return marker


def take_over(article_id: int, user) -> EditingMarker | None:
    """Move the marker to user; return the marker they took it from (None if it was free)."""
    previous = current_marker(article_id)
    cache.set(
        _key(article_id),
        EditingMarker(user.pk, user.get_username(), timezone.now()),
        settings.NEWSROOM_EDITING_MARKER_SECONDS,
    )
    return previous
