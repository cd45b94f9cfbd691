"""The two story changes the publish path hears of by signal, and why.

- A story taken out of a section or a tag (m2m remove/clear): the admin form, the importer
  and code anywhere change these through the related manager, and the list pages it leaves
  change too. The story's own save follows its change explicitly; this adds the lists left.
- A related entry ("발견") saved or deleted one by one: the admin inline, the moderation
  queue's forms and the suggestion job all write RelatedEntry rows; the story's page shows
  the list. (Moderation's bulk update() calls follow_story_change itself: it sends no signal.)

- A photo saved (its words, its file) or given its renditions: the pages and cards of the
  stories it illustrates draw it (photos.signals.renditions_made: they are stored in bulk).

And one site-wide change: what every stored story page shows besides its story (the outlet's
name and footer, the palette, the section menu, a tag's name) changed, so none is served until
rendered again (reader.stored_pages). The admin, the shell and data migrations all save these
models; delivery.receivers marks the page cache the same way.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category
from outlet.models import HighlightStyle, OutletSettings
from photos.models import Photo
from photos.signals import renditions_made
from reader import stored_pages
from related.models import RelatedEntry

from . import publishing


@receiver(m2m_changed, sender=Article.categories.through, dispatch_uid="newsroom.sections_m2m")
@receiver(m2m_changed, sender=TaggedItem, dispatch_uid="newsroom.tags_m2m")
def lists_left(sender, instance, action, reverse, model, pk_set, **kwargs):
    if reverse or not isinstance(instance, Article) or action not in ("pre_remove", "pre_clear"):
        return
    if not instance.is_public:  # a draft leaving a list changes no page readers see
        return
    if model is Category:
        leaving = instance.categories.all()
        if pk_set is not None:
            leaving = Category.objects.filter(pk__in=pk_set)
        publishing.lists_left(section_slugs=list(leaving.values_list("slug", flat=True)))
    elif issubclass(model, Tag):
        leaving = instance.tags.all()
        if pk_set is not None:
            leaving = model.objects.filter(pk__in=pk_set)
        publishing.lists_left(tag_slugs=list(leaving.values_list("slug", flat=True)))


@receiver(post_save, sender=RelatedEntry, dispatch_uid="newsroom.related_entry_saved")
@receiver(post_delete, sender=RelatedEntry, dispatch_uid="newsroom.related_entry_deleted")
def related_entry_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        publishing.related_lists_changed([instance.article_id])


@receiver(post_save, sender=Photo, dispatch_uid="newsroom.photo_saved")
def photo_saved(sender, instance, raw=False, created=False, **kwargs):
    if not (raw or created):  # a new photo illustrates no story yet
        publishing.photo_changed(instance.pk)


@receiver(renditions_made, sender=Photo, dispatch_uid="newsroom.renditions_made")
def photo_renditions_made(sender, photo, **kwargs):
    publishing.photo_changed(photo.pk)


@receiver(post_save, sender=OutletSettings, dispatch_uid="newsroom.outlet_saved")
@receiver(post_save, sender=HighlightStyle, dispatch_uid="newsroom.palette_saved")
@receiver(post_delete, sender=HighlightStyle, dispatch_uid="newsroom.palette_deleted")
@receiver(post_save, sender=Category, dispatch_uid="newsroom.section_saved")
@receiver(post_delete, sender=Category, dispatch_uid="newsroom.section_deleted")
@receiver(post_save, sender=Tag, dispatch_uid="newsroom.tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="newsroom.tag_deleted")
def site_changed(sender, raw=False, created=False, **kwargs):
    # A new tag is on no page yet (a renamed or deleted one is on every page that lists it);
    # the outlet's row is created with the defaults pages already show.
    if raw or (created and sender in (Tag, OutletSettings)):
        return
    transaction.on_commit(stored_pages.site_changed, robust=True)
