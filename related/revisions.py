"""A restore of a story's text leaves its related list as the moderators left it.

Revisions stored before that rule still contain related entries (so the model stays registered
with reversion, for them to load); after a restore the list is put back as it stood before.
"""

import reversion
from django.dispatch import receiver

from articles.revisions import restoring_story

from .models import RelatedEntry

reversion.register(RelatedEntry)

RELATED_FIELDS = (
    "target_id",
    "title",
    "url",
    "status",
    "origin",
    "pinned",
    "position",
    "score",
    "moderated_by_id",
    "moderated_at",
)


@receiver(restoring_story, dispatch_uid="related.keep_list_on_restore")
def keep_related_list(sender, article, **kwargs):
    """The story's list before the restore, and the function that puts it back after it."""
    before = {entry["id"]: entry for entry in article.related_entries.values("id", *RELATED_FIELDS)}

    def put_back(article):
        article.related_entries.exclude(pk__in=before).delete()
        for pk, values in before.items():
            fields = {name: values[name] for name in RELATED_FIELDS}
            updated = RelatedEntry.objects.filter(pk=pk).update(**fields)
            if not updated:
                RelatedEntry.objects.create(pk=pk, article=article, **fields)

    return put_back
