"""Every stored feature image becomes a library Photo, through the upload pipeline.

The old file is read, re-encoded (metadata stripped) and stored as a Photo; stories with the
same bytes share one. A file that is missing or refused leaves its path in
feature_image_reference, as an import does. Old files stay where they are (a backup can be
pruned by hand); renditions are made by `manage.py build_renditions` after migrating.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import migrations


def images_to_photos(apps, schema_editor):
    from photos.pipeline import content_hash, process_image

    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("photos", "Photo")
    stories = (
        Article.objects.exclude(feature_image="").exclude(feature_image__isnull=True).order_by("pk")
    )
    for article in stories.iterator():
        field_file = article.feature_image
        try:
            with field_file.storage.open(field_file.name, "rb") as handle:
                data = handle.read()
        except OSError:
            data = None
        photo = Photo.objects.filter(content_hash=content_hash(data)).first() if data else None
        if data and photo is None:
            try:
                processed = process_image(data)
            except ValidationError:
                processed = None
            if processed:
                photo = Photo(
                    format=processed.format,
                    width=processed.width,
                    height=processed.height,
                    content_hash=processed.content_hash,
                    original_name=field_file.name.rsplit("/", 1)[-1][:255],
                    processing_note=" ".join(processed.notes)[:300],
                    alt_text=article.feature_image_alt,
                    credit=article.feature_image_credit,
                    created_at=article.created_at,
                )
                photo.file.save(
                    f"original.{processed.extension}", ContentFile(processed.content), save=False
                )
                photo.save()
        if photo is None:
            article.feature_image_reference = article.feature_image_reference or field_file.name
        else:
            article.feature_photo = photo
            if article.feature_image_alt == photo.alt_text:
                article.feature_image_alt = ""  # the photo's own alt text, not an override
        article.save(
            update_fields=["feature_photo", "feature_image_alt", "feature_image_reference"]
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_feature_photo")]

    operations = [migrations.RunPython(images_to_photos, migrations.RunPython.noop)]
