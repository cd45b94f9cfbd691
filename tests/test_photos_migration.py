"""Migration 0008: stored feature images move into the photo library, through the pipeline."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from tests.migration_steps import migrate, migrate_to_latest

BEFORE = [("articles", "0007_article_feature_photo")]
AFTER = [("articles", "0008_feature_images_to_photos")]


def gps_jpeg(size=(900, 500)) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 33.0, 59.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 100, 160)).save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_feature_images_become_shared_library_photos():
    apps = migrate(BEFORE)
    try:
        Article = apps.get_model("articles", "Article")
        shared = gps_jpeg()
        stories = []
        for n, (alt, content) in enumerate(
            [("첫 사진 설명", shared), ("다른 설명", shared), ("", b"not an image")]
        ):
            story = Article(headline=f"옛 기사 {n}", slug=f"old-{n}", feature_image_alt=alt)
            # Files as they were stored before every upload went through the pipeline (which
            # the field now applies, and which would refuse the broken one).
            story.feature_image.name = default_storage.save(f"old-{n}.jpg", ContentFile(content))
            story.feature_image_credit = "옛 사진부"
            story.save()
            stories.append(story.pk)
        Article.objects.create(headline="사진 없는 기사", slug="no-photo")

        apps = migrate(AFTER)
        Article = apps.get_model("articles", "Article")
        Photo = apps.get_model("photos", "Photo")

        first, second, broken = (Article.objects.get(pk=pk) for pk in stories)
        photo = Photo.objects.get()
        assert first.feature_photo_id == second.feature_photo_id == photo.pk
        assert (photo.alt_text, photo.credit, photo.width) == ("첫 사진 설명", "옛 사진부", 900)
        assert first.feature_image_alt == ""  # now the photo's own text
        assert second.feature_image_alt == "다른 설명"  # kept as this story's override
        assert broken.feature_photo_id is None
        assert broken.feature_image_reference.endswith("old-2.jpg")
        with photo.file.open("rb") as handle, Image.open(handle) as stored:
            assert not stored.getexif()
        assert Article.objects.get(slug="no-photo").feature_photo_id is None
    finally:
        migrate_to_latest()
