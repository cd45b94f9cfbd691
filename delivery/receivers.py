"""What delivery does when content changes: mark cached pages stale, purge the CDN.

story_changed arrives after commit (articles.signals). Related-list moderation and the
outlet's settings and palette change pages without saving a story, so they are received too.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category
from articles.signals import related_list_changed, story_changed
from outlet.models import HighlightStyle, OutletSettings
from related.models import RelatedEntry

from . import marks, purge, schedule

logger = logging.getLogger("delivery")


@receiver(story_changed, dispatch_uid="delivery.story_changed")
def story_changed_received(sender, article, was_public=None, is_public=None, **kwargs):
    slugs = {article.slug, getattr(article, "_loaded_slug", None)}
    if article.pk:
        slugs.update(article.slug_redirects.values_list("old_slug", flat=True))
        # Pages that link to this story show its headline, or stop linking when it goes.
        slugs.update(
            RelatedEntry.objects.filter(target_id=article.pk).values_list(
                "article__slug", flat=True
            )
        )
        slugs.update(
            Article.objects.filter(related_link_article_id=article.pk).values_list(
                "slug", flat=True
            )
        )
    marks.mark_stories(slugs, story_id=article.pk)
    schedule.forget_next_change()  # it may have been (re)scheduled or marked breaking
    # A draft saved (or created) out of readers' sight changes no list; was_public is None
    # when unknown, e.g. for a new story.
    seen_by_readers = bool(was_public) or bool(is_public)
    if seen_by_readers:
        marks.mark_lists()
        dropped = getattr(article, "_delivery_dropped_lists", set())
        article._delivery_dropped_lists = set()
        purge.purge(purge.urls_for_story_change(article, dropped_lists=dropped), article=article)


@receiver(related_list_changed, dispatch_uid="delivery.related_list_changed")
def related_list_changed_received(sender, article_ids, **kwargs):
    stories = list(Article.objects.filter(pk__in=article_ids).only("slug", "headline"))
    marks.mark_stories(story.slug for story in stories)
    for story in stories:
        purge.purge(purge.story_page_urls(story), article=story)


@receiver(post_save, sender=RelatedEntry, dispatch_uid="delivery.related_entry_saved")
@receiver(post_delete, sender=RelatedEntry, dispatch_uid="delivery.related_entry_deleted")
def related_entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    article_id = instance.article_id
    transaction.on_commit(
        lambda: related_list_changed.send(sender=RelatedEntry, article_ids=[article_id]),
        robust=True,
    )


@receiver(post_save, sender=OutletSettings, dispatch_uid="delivery.outlet_saved")
@receiver(post_save, sender=HighlightStyle, dispatch_uid="delivery.palette_saved")
@receiver(post_delete, sender=HighlightStyle, dispatch_uid="delivery.palette_deleted")
@receiver(post_save, sender=Category, dispatch_uid="delivery.section_saved")
@receiver(post_delete, sender=Category, dispatch_uid="delivery.section_deleted")
def site_changed(sender, raw=False, **kwargs):
    # Every page shows the outlet's name, footer and section navigation.
    if not raw:
        transaction.on_commit(marks.mark_site, robust=True)


@receiver(m2m_changed, sender=Article.categories.through, dispatch_uid="delivery.sections_m2m")
@receiver(m2m_changed, sender=TaggedItem, dispatch_uid="delivery.tags_m2m")
def lists_left(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Remember the sections and tags a story is taken out of: their pages change too."""
    if reverse or not isinstance(instance, Article) or action not in ("pre_remove", "pre_clear"):
        return
    if model is Category:
        leaving = instance.categories.all()
        if pk_set is not None:
            leaving = Category.objects.filter(pk__in=pk_set)
        slugs = leaving.values_list("slug", flat=True)
        urls = [url for slug in slugs for url in purge.section_urls(slug)]
    elif issubclass(model, Tag):
        leaving = instance.tags.all()
        if pk_set is not None:
            leaving = model.objects.filter(pk__in=pk_set)
        slugs = leaving.values_list("slug", flat=True)
        urls = [url for slug in slugs for url in purge.tag_urls(slug)]
    else:
        return
    dropped = getattr(instance, "_delivery_dropped_lists", set())
    instance._delivery_dropped_lists = dropped | {url for url in urls if url}


@receiver(pre_delete, sender=Article, dispatch_uid="delivery.article_deleting")
def article_deleting(sender, instance, **kwargs):
    """A deleted story leaves its lists; after the delete its sections and tags are gone."""
    sections = instance.categories.values_list("slug", flat=True)
    tags = instance.tags.values_list("slug", flat=True)
    instance._delivery_dropped_lists = {
        *(u for slug in sections for u in purge.section_urls(slug)),
        *(u for slug in tags for u in purge.tag_urls(slug)),
    }
