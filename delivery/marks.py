"""Change marks: the time a story, the lists or the whole site last changed, in the cache.

A cached page is fresh only if its rendering started after every mark that applies to it.
Comparing start times (not deleting keys) closes the race where a request reads the old row,
the editor's save commits, and the request then stores the old page after the invalidation.
Nothing is flushed: marks are a few bytes and expire once no page older than them can be left.
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache

PREFIX = "delivery:"
SITE = f"{PREFIX}changed:site"
LISTS = f"{PREFIX}changed:lists"
# Which life of the shared cache this is: a flushed or restarted Redis has lost the marks, so a
# copy of a page kept outside it (delivery.hot_pages) is trusted only within the same life.
GENERATION = f"{PREFIX}generation"


def digest(text: str) -> str:
    # Slugs and URLs are Korean and long; a digest keeps keys short and valid everywhere.
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def story_mark(slug: str) -> str:
    return f"{PREFIX}changed:story:{digest(slug)}"


def _mark_lifetime() -> int:
    # A page stored before a mark is stale only while it could still be in the cache.
    return max(settings.NEWSROOM_STORY_CACHE_SECONDS, settings.NEWSROOM_LIST_CACHE_SECONDS) + 60


# When this process last set a mark: copies of pages it keeps (delivery.hot_pages) that were
# last checked before it are checked again, whatever their recheck interval.
_marked_here = 0.0


def last_marked_here() -> float:
    return _marked_here


def mark(*keys: str) -> None:
    global _marked_here
    if keys:
        now = time.time()
        _marked_here = now
        cache.set_many(dict.fromkeys(keys, now), _mark_lifetime())


def generation() -> str | None:
    """The shared cache's current life, begun now if it has none; None if it is away."""
    current = cache.get(GENERATION)
    if current is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        current = cache.get(GENERATION)
    return current


def story_id_mark(story_id: int) -> str:
    # What a live story's poll (addressed by the story's id, see live/views.py) follows.
    return f"{PREFIX}changed:story-id:{int(story_id)}"


def mark_stories(slugs, *, story_id: int | None = None) -> None:
    keys = [story_mark(slug) for slug in slugs if slug]
    if story_id is not None:
        keys.append(story_id_mark(story_id))
    mark(*keys)


def mark_lists() -> None:
    mark(LISTS)


def mark_site() -> None:
    mark(SITE)
