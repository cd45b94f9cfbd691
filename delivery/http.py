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


def story_last_modified(article) -> datetime:
    """Last-Modified of a story page: the latest of what the page shows of the story.

    modified_at moves on every save and when a live update touches the story without saving
    it; the related list on moderation and when a target changes. Expects article loaded by
    reader.stored_pages.story_queryset: the related entries are in memory.
    """
    last_modified = article.date_modified
    for entry in public_list(article):
        if entry.moderated_at and entry.moderated_at > last_modified:
            last_modified = entry.moderated_at
        if entry.target_id:
            last_modified = max(last_modified, entry.target.date_modified)
    return last_modified


def set_story_validators(response, article):
    """Put the story page's ETag and Last-Modified on its response; returns the response.

    The ETag is a digest of the bytes: whatever changes the page (the story, its related list,
    a section renamed, the outlet's name) changes it, so a browser revalidating its copy never
    keeps an old one.
    """
    if response.status_code == 200:
        response["ETag"] = content_etag(response.content)
        response["Last-Modified"] = http_date(story_last_modified(article).timestamp())
    return response


def content_etag(content: bytes) -> str:
    return f'"c-{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
