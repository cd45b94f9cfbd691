"""The one way out of the core: telling the rest of the site that a story changed.

`articles` is the core and imports none of the apps built on it (delivery, distribution,
live, related, search, photos). What follows a change readers can see (stale page-cache marks,
a CDN purge, pings, related suggestions) is decided by the handler named in the setting
NEWSROOM_STORY_CHANGE_HANDLER, by default `newsroom.publishing.story_changed`, which enqueues
the work after the transaction commits.

Callers say what happened in arguments (no attributes left on the instance for other apps
to read): Article.save() and delete() call it, the workflow calls it after each transition,
and code that changes what readers see without saving the story row (a live update, a
correction, related-list moderation, the attendee grid) calls it directly.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def follow_story_change(
    article,
    *,
    was_public: bool | None,
    is_public: bool | None = None,
    deleted: bool = False,
    minor: bool = False,
    old_slug: str | None = None,
    left_sections=(),
    left_tags=(),
    page_only: bool = False,
) -> None:
    """Hand a story change to NEWSROOM_STORY_CHANGE_HANDLER.

    was_public: whether readers could see the story before (None when unknown: a new story).
    is_public: whether they can now (default: the story's state; False when deleted).
    minor: a save marked minor (typo fix): dateModified kept, no pings unless it (un)published.
    old_slug: the address the story had before this save, if the save changed it.
    left_sections, left_tags: slugs of sections and tags the story was just taken out of.
    page_only: only the story's own page changed (its related list), not the lists it is in.
    """
    if is_public is None:
        is_public = False if deleted else article.is_public
    handler = import_string(settings.NEWSROOM_STORY_CHANGE_HANDLER)
    handler(
        article,
        was_public=was_public,
        is_public=is_public,
        deleted=deleted,
        minor=minor,
        old_slug=old_slug,
        left_sections=tuple(left_sections),
        left_tags=tuple(left_tags),
        page_only=page_only,
    )
