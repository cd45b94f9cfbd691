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

from . import mark_mirror

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
        changed = dict.fromkeys(keys, now)
        cache.set_many(changed, _mark_lifetime())
        # Every process keeping copies of pages has them before the caller goes on.
        mark_mirror.announce(cache, changed)


def pushed(keys) -> dict[str, float] | None:
    """The marks of keys from this process's mirror, if it can vouch for them now (no I/O)."""
    mirror = mark_mirror.mirror_for(cache)
    return mirror.lookup(keys) if mirror is not None else None


def read(keys, expected_generation: str) -> dict[str, float] | None:
    """The marks of keys from the shared cache; None if it is away or not the life expected.

    What is read is also taught to the mirror, so the next check of these keys stays local.
    """
    mirror = mark_mirror.mirror_for(cache)
    epoch = mirror.current_epoch() if mirror is not None else None
    found = cache.get_many([GENERATION, *keys])
    if found.pop(GENERATION, None) != expected_generation or not shared_cache_reachable():
        return None
    if mirror is not None:
        mirror.learn(found, keys, epoch)
    return {key: found.get(key, 0.0) for key in keys}


def shared_cache_reachable() -> bool:
    # ResilientRedisCache answers misses while Redis is away; local memory is always there.
    reachable = getattr(cache, "reachable", None)
    return reachable() if reachable else True


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
