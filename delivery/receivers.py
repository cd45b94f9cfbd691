"""Site-wide changes delivery hears of: the outlet's settings, palette and sections.

Story changes reach delivery through the publish path (newsroom.publishing), not here.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Category
from outlet.models import HighlightStyle, OutletSettings

from . import marks


@receiver(post_save, sender=OutletSettings, dispatch_uid="delivery.outlet_saved")
@receiver(post_save, sender=HighlightStyle, dispatch_uid="delivery.palette_saved")
@receiver(post_delete, sender=HighlightStyle, dispatch_uid="delivery.palette_deleted")
@receiver(post_save, sender=Category, dispatch_uid="delivery.section_saved")
@receiver(post_delete, sender=Category, dispatch_uid="delivery.section_deleted")
def site_changed(sender, raw=False, **kwargs):
    # Every page shows the outlet's name, footer and section navigation.
    if not raw:
        transaction.on_commit(marks.mark_site, robust=True)
