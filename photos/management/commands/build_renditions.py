"""Make the renditions the library's photos are missing (the back catalogue, new widths).

Existing renditions are never rewritten: a second run finds nothing to do.
"""

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction

from photos.models import Photo
from photos.renditions import make_renditions, missing_renditions


class Command(BaseCommand):
    help = "Make missing photo renditions (NEWSROOM_RENDITION_WIDTHS, WebP and JPEG/PNG)."

    def add_arguments(self, parser):
        parser.add_argument("--photo", type=int, action="append", help="Only this photo id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is missing, write nothing."
        )

    def handle(self, *args, photo=None, dry_run=False, **options):
        photos = Photo.objects.prefetch_related("renditions").order_by("pk")
        if photo:
            photos = photos.filter(pk__in=photo)
        made = checked = failed = 0
        for item in photos.iterator(chunk_size=200):
            checked += 1
            if dry_run:
                made += len(missing_renditions(item))
                continue
            try:
                with transaction.atomic():
                    made += len(make_renditions(item))
            except (OSError, IntegrityError) as exc:  # one photo's failure, not the batch's
                failed += 1
                self.stderr.write(f"photo {item.pk}: {exc}")
        verb = "would make" if dry_run else "made"
        self.stdout.write(
            self.style.SUCCESS(f"{checked} photos checked, {verb} {made} renditions")
            + (self.style.ERROR(f", {failed} photos failed") if failed else "")
        )
