"""The publish path: what follows a change of a story that readers can see, in one place.

articles.changes.follow_story_change() calls `story_changed` (the setting
NEWSROOM_STORY_CHANGE_HANDLER names it): the workflow after every transition, Article.save()
and delete(), live updates and corrections, related-list moderation, the attendee grid.
Once the transaction commits, it

1. marks the cached pages that show the story stale (synchronous, in the request: the next
   reader, on any node, gets a fresh page; delivery.marks), and the stored story pages too,
   then renders and stores the story's own page (reader.stored_pages), so that its next
   reader, cache or no cache, costs one query;
2. enqueues the CDN purge of the changed URLs (delivery.tasks.purge_urls);
3. queues pings in the outbox and enqueues their sending (distribution.tasks.send_due_pings),
   unless the save was minor and left the story as public as it was;
4. enqueues the story's related suggestions (related.tasks.suggest_related);
5. for a story scheduled for later, enqueues `announce_scheduled_story` to run at its
   publish time: nothing is saved then, so nothing else would tell the lists, the CDN and
   the crawlers.

The search index is written synchronously in the save itself (search.receivers): the desk
searches for a story right after saving it, and the index row commits with the story, so the
index never disagrees with the row.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from background import background_task, enqueue_at
from delivery import marks, purge, schedule
from delivery.tasks import purge_urls
from distribution import outbox
from distribution.models import Ping
from distribution.tasks import send_due_pings
from reader import stored_lists, stored_pages
from related.models import RelatedEntry
from related.tasks import suggest_related
from search.engine import index_article

logger = logging.getLogger("newsroom.publishing")


def story_changed(
    article,
    *,
    was_public,
    is_public,
    deleted=False,
    minor=False,
    old_slug=None,
    left_sections=(),
    left_tags=(),
    page_only=False,
) -> None:
    """Decide what follows this change, once the current transaction commits."""

    def follow():
        follow_now(
            article,
            was_public=was_public,
            is_public=is_public,
            deleted=deleted,
            minor=minor,
            old_slug=old_slug,
            left_lists=list_urls(left_sections, left_tags),
            page_only=page_only,
        )

    # Robust: a failure here is logged and never undoes the editor's committed save.
    transaction.on_commit(follow, robust=True)


def follow_now(
    article, *, was_public, is_public, deleted, minor, old_slug, left_lists, page_only
) -> None:
    slugs, story_ids = pages_showing(article, old_slug)
    marks.mark_stories(slugs, story_id=article.pk)
    stored_pages.invalidate(story_ids)
    if page_only:
        stored_pages.refresh(article.pk)
        enqueue_purge(purge.story_page_urls(article), article)
        return
    if not deleted:
        # The save indexed the story's own text at once (search.receivers); the parts saved
        # after its row (bullets, attendee tables, tags) are in now. Synchronous: the desk
        # searches for what it has just saved.
        index_article(article)
    schedule.forget_next_change()  # it may have been (re)scheduled or marked breaking
    if not deleted:
        stored_pages.refresh(article.pk)
    # A draft saved (or created) out of readers' sight changes no list and tells nobody;
    # was_public is None when unknown, e.g. for a new story. A story scheduled changes the
    # lists at its time: pages stored until the next change known before must end then.
    if was_public or is_public or article.status == Article.Status.SCHEDULED:
        lists_changed()
    if was_public or is_public:
        if purge.configured_backend() is not None:
            urls = purge.urls_for_story_change(article, dropped_lists=left_lists)
            enqueue_purge(urls, article)
        # A save marked minor keeps dateModified: nothing to tell crawlers either, unless
        # the same save published or unpublished the story.
        if not (minor and bool(was_public) == bool(is_public)):
            enqueue_pings(article)
    if is_public and not deleted:
        suggest_related.enqueue(article.pk)
    if not deleted and article.status == Article.Status.SCHEDULED and not is_public:
        enqueue_at(
            announce_scheduled_story,
            article.published_at,
            article.pk,
            article.published_at.isoformat(),
        )


def lists_changed() -> None:
    """The lists may show something else: the cached list pages and the stored ones."""
    marks.mark_lists()
    stored_lists.lists_changed()


def lists_left(section_slugs=(), tag_slugs=()) -> None:
    """A public story was taken out of sections or tags: their pages change, after commit."""
    urls = list_urls(section_slugs, tag_slugs)

    def follow():
        lists_changed()
        enqueue_purge(urls, None)

    transaction.on_commit(follow, robust=True)


def related_lists_changed(article_ids) -> None:
    """Stories' related lists ("발견") changed without the stories being saved."""

    def follow():
        for story in Article.objects.filter(pk__in=article_ids).only("slug", "headline"):
            follow_page_change(story)

    transaction.on_commit(follow, robust=True)


def photo_changed(photo_id) -> None:
    """A photo changed (its words, its renditions): the pages and cards of the stories it
    leads show it, though none of them was saved."""

    def follow():
        illustrated = list(
            Article.objects.filter(feature_photo_id=photo_id).only("slug", "headline")
        )
        if illustrated:
            lists_changed()  # their cards draw it too
        for story in illustrated:
            follow_page_change(story)

    transaction.on_commit(follow, robust=True)


def follow_page_change(story) -> None:
    """What shows on a story's page changed, not the story: its pages follow, nothing else."""
    follow_now(
        story,
        was_public=None,
        is_public=None,
        deleted=False,
        minor=True,
        old_slug=None,
        left_lists=(),
        page_only=True,
    )


def pages_showing(article, old_slug=None) -> tuple[set[str], set[int]]:
    """The addresses whose pages show this story or link to it by its headline, and the ids
    of the stories whose pages those are."""
    slugs = {article.slug, old_slug}
    story_ids = set()
    if article.pk:
        story_ids.add(article.pk)
        slugs.update(article.slug_redirects.values_list("old_slug", flat=True))
        # Pages that link to this story show its headline, or stop linking when it goes.
        for story_id, slug in RelatedEntry.objects.filter(target_id=article.pk).values_list(
            "article_id", "article__slug"
        ):
            story_ids.add(story_id)
            slugs.add(slug)
        for story_id, slug in Article.objects.filter(
            related_link_article_id=article.pk
        ).values_list("pk", "slug"):
            story_ids.add(story_id)
            slugs.add(slug)
    return {slug for slug in slugs if slug}, story_ids


def list_urls(section_slugs=(), tag_slugs=()) -> list[str]:
    urls = [url for slug in section_slugs for url in purge.section_urls(slug)]
    urls += [url for slug in tag_slugs for url in purge.tag_urls(slug)]
    return sorted({url for url in urls if url})


def enqueue_purge(urls, article) -> None:
    if urls and purge.configured_backend() is not None:
        purge_urls.enqueue(
            list(urls),
            article_id=article.pk if article is not None else None,
            story_label=article.headline[:300] if article is not None else "",
        )


def enqueue_pings(article) -> None:
    if outbox.enqueue(article):
        send_due_pings.enqueue()


@background_task()
def announce_scheduled_story(article_id: int, published_at: str):
    """A scheduled story's publish time has come: lists stale, CDN purged, crawlers told.

    Idempotent: a story rescheduled, unpublished or deleted since is left alone (its own save
    enqueued the right announcement); marks and purges may repeat; pings about the story made
    since its publish time mean it was announced already.
    """
    article = Article.objects.select_related("section").filter(pk=article_id).first()
    if (
        article is None
        or article.status != Article.Status.SCHEDULED
        or article.published_at != datetime.fromisoformat(published_at)
    ):
        return "superseded"
    if not article.is_public:  # a worker whose clock runs early: come back at the time
        enqueue_at(announce_scheduled_story, article.published_at, article_id, published_at)
        return "early"
    slugs, story_ids = pages_showing(article)
    marks.mark_stories(slugs, story_id=article.pk)
    stored_pages.invalidate(story_ids)
    stored_pages.refresh(article.pk)
    lists_changed()
    schedule.forget_next_change()
    enqueue_purge(purge.urls_for_story_change(article), article)
    announced = Ping.objects.filter(article_id=article.pk, created_at__gte=article.published_at)
    if not announced.exists():
        enqueue_pings(article)
    suggest_related.enqueue(article.pk)
    logger.info("Announced scheduled story %s at %s", article_id, timezone.now())
    return "announced"
