"""When the public site next changes by itself: a scheduled story goes live, a breaking ends.

Asked on every page the cache stores, so the answer is cached itself until that moment, and
forgotten whenever a story changes (delivery.receivers): the breaking-end lookup scans the
stories table (no index on is_breaking), tens of milliseconds at 100,000 stories.
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache

from articles.models import Article

from .marks import PREFIX

NEXT_CHANGE_KEY = f"{PREFIX}next-change"
# Re-read now and then even without a story change (a row edited outside Django).
NEXT_CHANGE_RECHECK_SECONDS = 60

# Nothing pending: cache lifetimes are limited by their settings only.
FAR_AWAY = 365 * 24 * 3600


def seconds_until_next_change(now: float, *, breaking: bool = True) -> float:
    """Seconds from now (a UNIX time) until the site changes by itself; cached."""
    key = f"{NEXT_CHANGE_KEY}:{int(breaking)}"
    moment = cache.get(key)
    if moment is None or moment <= time.time():
        moment = now + _seconds_until_next_change(now, breaking=breaking)
        cache.set(key, moment, NEXT_CHANGE_RECHECK_SECONDS)
    return max(0.0, moment - now)


def forget_next_change() -> None:
    cache.delete_many([f"{NEXT_CHANGE_KEY}:0", f"{NEXT_CHANGE_KEY}:1"])


def _seconds_until_next_change(now: float, *, breaking: bool = True) -> float:
    """Seconds from now (a UNIX time) to the next publish time or, with breaking, the end of
    a breaking mark (the home page banner). One indexed query, two with breaking.
    """
    moment = datetime.fromtimestamp(now, tz=UTC)
    public = Article.objects.filter(status__in=Article.PUBLIC_STATUSES)
    upcoming = [
        public.filter(published_at__gt=moment)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    ]
    if breaking:
        upcoming.append(
            public.filter(is_breaking=True, breaking_until__gt=moment)
            .order_by("breaking_until")
            .values_list("breaking_until", flat=True)
            .first()
        )
    upcoming = [when for when in upcoming if when is not None]
    if not upcoming:
        return FAR_AWAY
    return max(0.0, min(upcoming).timestamp() - now)
