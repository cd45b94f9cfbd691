"""Every tag gets a visible name and a slug its page can be addressed by.

taggit slugifies the tag's name; a name of punctuation only ("?", "<!--", "#") slugifies to
"", and a story listing such a tag could not link to it: the story page itself failed.

Names lose invisible characters (markup.plain_text) before taggit looks them up, so
"외교" typed with a zero-width space or a bidi override is the existing tag "외교", not a
second tag that looks the same.
"""

import hashlib

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.managers import _TaggableManager
from taggit.models import Tag

from markup.plain_text import clean_text


class CleanTagManager(_TaggableManager):
    """article.tags: names given as strings (admin form, importer, scripts) are cleaned first."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        cleaned = [clean_text(tag).strip() if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances([tag for tag in cleaned if tag != ""], tag_kwargs)


@receiver(pre_save, sender=Tag, dispatch_uid="articles.tag_slugs.fallback_slug")
def fallback_slug(sender, instance, **kwargs):
    instance.name = clean_text(instance.name)
    instance.slug = clean_text(instance.slug)
    if not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"
