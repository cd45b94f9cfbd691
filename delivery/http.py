"""HTTP caching headers for a CDN and browsers, and the validators of a story page."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from related.selectors import public_list


def public_headers(response, *, cdn_seconds: int) -> None:
    """Cacheable by anyone: browsers for a short while, a CDN for cdn_seconds (it is purged)."""
    cdn_seconds = max(0, int(cdn_seconds))
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.NEWSROOM_HTTP_MAX_AGE, cdn_seconds),
        s_maxage=cdn_seconds,
        stale_while_revalidate=settings.NEWSROOM_HTTP_STALE_WHILE_REVALIDATE,
    )


def private_headers(response) -> None:
    """For staff and previews: never kept by a browser or a shared cache."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_store=True)


def story_validators(article) -> tuple[str, datetime]:
    """ETag and Last-Modified of a story page, from what the page shows of the story.

    The version changes on every save; modified_at also when a live update touches the
    story without saving it; the related list (entries and their targets) on moderation.
    Expects article loaded by reader.views.story_queryset: the related entries are in memory.
    """
    last_modified = article.date_modified
    parts = [str(article.pk), str(article.version), article.date_modified.isoformat()]
    for entry in public_list(article):
        parts.append(f"{entry.pk}:{entry.status}:{int(entry.pinned)}:{entry.target_id}")
        if entry.moderated_at and entry.moderated_at > last_modified:
            last_modified = entry.moderated_at
        if entry.target_id:
            target_date = entry.target.date_modified
            parts.append(target_date.isoformat())
            last_modified = max(last_modified, target_date)
    tag = hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()
    return f'"s-{tag}"', last_modified


def set_story_validators(response, article):
    """Put the story's ETag and Last-Modified on its page response; returns the response."""
    if response.status_code == 200:
        etag, last_modified = story_validators(article)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def content_etag(content: bytes) -> str:
    return f'"c-{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
