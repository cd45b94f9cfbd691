"""Every tag gets a slug its page can be addressed by.

taggit slugifies the tag's name; a name of punctuation only ("?", "<!--", "#") slugifies to
"", and a story listing such a tag could not link to it: the story page itself failed.
"""

import hashlib

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag


@receiver(pre_save, sender=Tag, dispatch_uid="articles.tag_slugs.fallback_slug")
def fallback_slug(sender, instance, **kwargs):
    if not instance.slug:
        digest = hashlib.sha256(instance.name.encode()).hexdigest()[:10]
        instance.slug = f"tag-{digest}"
