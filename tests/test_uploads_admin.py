"""Uploads through the story form and the photo library: hostile files, metadata, storage."""

import io

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from photos.models import Photo, Rendition
from tests.factories import ArticleFactory, desk_editor, jpeg_bytes, make_photo
from tests.test_admin_story import story_form_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def image_bytes(fmt: str, size=(64, 48), mode="RGB", colour=(200, 40, 40), **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A camera-like JPEG: maker, a GPS position, and 'rotate 90° clockwise to view'."""
    exif = Image.Exif()
    exif[0x010F] = "가상카메라"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (30, 90, 160)).save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def polyglot_gif() -> bytes:
    """A valid GIF that a browser sniffing it as HTML would run: script in its comment."""
    return image_bytes("GIF", mode="P", comment=b"<html><script>alert(1)</script></html>")


def decompression_bomb() -> bytes:
    """A few kilobytes claiming 9000×9000 pixels (81 million, over the 40 million limit)."""
    return image_bytes("PNG", size=(9000, 9000), mode="1", colour=0)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HOSTILE = [
    ("drawing.svg", SVG_WITH_SCRIPT, "SVG 파일은 받지 않습니다"),
    ("plain.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG 파일은 받지 않습니다"),
    (
        "page.jpg",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "HTML 문서",
    ),
    ("poly.gif", polyglot_gif(), "HTML이나 스크립트가 들어 있어"),
    ("notes.jpg", "그냥 글자입니다".encode(), "이미지 파일이 아니"),
    ("cut.jpg", jpeg_bytes(size=(800, 600))[:900], "잘려"),
    ("bomb.png", decompression_bomb(), "9000×9000"),
    ("photo.jpg", image_bytes("BMP"), "BMP 형식은 받지 않습니다"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_it_refuses_a_hostile_upload_on_the_field_keeping_the_story(
    editor_client, parts, media_root, name, content, message
):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["feature_photo_upload"])
    assert message in errors
    html = response.content.decode()
    assert data["headline"] in html and data["deck"] in html
    assert "빨간 강조 문장입니다." in html  # the body as typed
    assert not Article.objects.filter(headline=data["headline"]).exists()
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_png_named_jpg_is_accepted_and_stored_as_what_it_is(editor_client, parts):
    upload = SimpleUploadedFile("really-a-png.jpg", image_bytes("PNG"), content_type="image/jpeg")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    photo = Article.objects.get(headline=data["headline"]).feature_photo
    assert photo.format == "JPEG" and photo.file.name.endswith(".jpg")
    assert photo.original_name == "really-a-png.jpg"
    with Image.open(photo.file.path) as stored:
        assert stored.format == "JPEG"


def assert_no_metadata(path):
    with Image.open(path) as image:
        assert not image.getexif(), path
        assert image.getexif().get_ifd(GPS_IFD) == {}, path
        assert "exif" not in image.info and "icc_profile" not in image.info, path
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info, path
        return image.size


def test_gps_and_all_exif_are_stripped_from_the_original_and_every_rendition(editor_client, parts):
    source = jpeg_with_gps()
    with Image.open(io.BytesIO(source)) as image:  # the test's own file really carries them
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N"
    upload = SimpleUploadedFile("camera.jpg", source, content_type="image/jpeg")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    photo = Article.objects.get(headline=data["headline"]).feature_photo
    # The orientation was applied to the pixels before the EXIF went: upright, portrait.
    assert assert_no_metadata(photo.file.path) == (360, 640) == (photo.width, photo.height)
    renditions = list(photo.renditions.all())
    assert {(r.width, r.format) for r in renditions} == {(360, "jpeg"), (360, "webp")}
    for rendition in renditions:
        assert assert_no_metadata(rendition.file.path) == (rendition.width, rendition.height)
    assert b"Exif" not in photo.file.read()


def test_uploading_the_same_bytes_again_reuses_the_library_photo(editor_client, parts):
    content = jpeg_bytes(size=(900, 500))
    for headline in ("첫 기사", "둘째 기사"):
        upload = SimpleUploadedFile("same.jpg", content, content_type="image/jpeg")
        data = story_form_data(*parts, headline=headline, feature_photo_upload=upload)
        assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302

    first, second = Article.objects.filter(headline__in=["첫 기사", "둘째 기사"])
    assert first.feature_photo_id == second.feature_photo_id
    assert Photo.objects.count() == 1
    assert Rendition.objects.count() == 6  # 480, 800, 900 in WebP and JPEG; made once


def test_an_existing_library_photo_can_be_picked_for_a_story(editor_client, parts):
    photo = make_photo(alt_text="항구 전경")
    data = story_form_data(*parts, feature_photo=str(photo.pk), feature_image_alt="")

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(headline=data["headline"])
    assert article.feature_photo == photo and article.feature_alt == "항구 전경"
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert 'alt="항구 전경"' in page


def test_publishing_a_picked_photo_without_alt_text_is_refused(editor_client, parts):
    photo = make_photo(alt_text="")
    data = story_form_data(*parts, feature_photo=str(photo.pk), feature_image_alt="")

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["feature_image_alt"]
    assert "대체 텍스트를 넣어야 게시할 수 있습니다" in " ".join(errors)


def test_an_animated_gif_becomes_its_first_frame_and_the_desk_is_told(editor_client, parts):
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((250, 0, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    upload = SimpleUploadedFile("moving.gif", buffer.getvalue(), content_type="image/gif")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)

    assert "첫 장면만 정지 사진으로 저장했습니다" in response.content.decode()
    photo = Article.objects.get(headline=data["headline"]).feature_photo
    with Image.open(photo.file.path) as still:
        assert getattr(still, "n_frames", 1) == 1
        red, _green, blue = still.convert("RGB").getpixel((60, 40))
        assert red > 200 and blue < 50  # the first frame, not the second
    assert "첫 장면" in photo.processing_note


class FailingStorage:
    """Makes FileSystemStorage._save fail from the `fail_at`-th write on, like a full disk."""

    def __init__(self, monkeypatch, fail_at=1):
        self.calls = 0
        self.fail_at = fail_at
        real_save = FileSystemStorage._save

        def save(storage, name, content):
            self.calls += 1
            if self.calls >= self.fail_at:
                raise OSError(28, "No space left on device")
            return real_save(storage, name, content)

        monkeypatch.setattr(FileSystemStorage, "_save", save)


def test_a_storage_failure_is_a_form_error_and_nothing_is_half_saved(
    editor_client, parts, media_root, monkeypatch
):
    fail_at = 1  # the original
    storage = FailingStorage(monkeypatch, fail_at=fail_at)
    upload = SimpleUploadedFile("ship.jpg", jpeg_bytes(size=(1000, 600)), "image/jpeg")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert storage.calls == fail_at
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["feature_photo_upload"])
    assert "사진 파일을 저장하지 못했습니다" in errors and "No space left" in errors
    html = response.content.decode()
    assert data["headline"] in html and "김시장 | 박시장" in html
    assert not Article.objects.filter(headline=data["headline"]).exists()
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert stored_files(media_root) == []


def test_a_rendition_the_storage_refuses_is_left_to_the_tasks_retry_not_the_upload(
    editor_client, parts, media_root, monkeypatch
):
    """Renditions are a task's work: a failing write there keeps the story and the original,
    leaves no rendition file behind, and the task (retried later) makes them all."""
    from photos.tasks import make_photo_renditions

    storage = FailingStorage(monkeypatch, fail_at=2)  # the original is written, then no more
    upload = SimpleUploadedFile("ship.jpg", jpeg_bytes(size=(1000, 600)), "image/jpeg")
    data = story_form_data(*parts, feature_photo_upload=upload)

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert Article.objects.get(headline=data["headline"]).feature_photo == photo
    assert not Rendition.objects.exists()
    assert stored_files(media_root) == [media_root / photo.file.name]

    monkeypatch.setattr(storage, "fail_at", 10_000)  # the disk has room again: the retry runs
    make_photo_renditions.enqueue(photo.pk)  # tests run tasks at once
    assert Rendition.objects.filter(photo=photo).count() == 6  # 480, 800 and 1000 wide, x2


def test_the_library_uploads_searches_and_refuses_a_second_copy(editor_client, media_root):
    content = jpeg_bytes(size=(1700, 900))
    add_url = reverse("admin:photos_photo_add")
    data = {"alt_text": "항구의 아침", "credit": "뉴스룸 사진부", "caption": "<b>아침</b> 항구"}

    response = editor_client.post(add_url, {**data, "upload": SimpleUploadedFile("a.jpg", content)})

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.alt_text, photo.credit, photo.width) == ("항구의 아침", "뉴스룸 사진부", 1700)
    assert photo.uploaded_by.username == "desk"
    assert set(photo.renditions.values_list("width", flat=True)) == {480, 800, 1200, 1600}
    listing = editor_client.get(reverse("admin:photos_photo_changelist"), {"q": "사진부"})
    assert "항구의 아침" in listing.content.decode()
    assert photo.renditions.get(width=480, format="jpeg").file.url in listing.content.decode()

    again = editor_client.post(add_url, {**data, "upload": SimpleUploadedFile("b.jpg", content)})
    assert again.status_code == 200
    assert "같은 사진이 이미 라이브러리에 있습니다" in again.content.decode()
    assert Photo.objects.count() == 1


def test_a_photo_in_use_cannot_be_deleted(editor_client):
    photo = make_photo()
    ArticleFactory(feature_photo=photo)
    with pytest.raises(Exception, match="protected"):
        photo.delete()
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_the_story_form_offers_library_photos_by_autocomplete(editor_client):
    photo = make_photo(alt_text="등대가 있는 항구", credit="뉴스룸 사진부")
    make_photo(alt_text="도심의 밤", size=(300, 200))
    story = ArticleFactory(feature_photo=photo)

    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "feature_photo",
            "term": "등대",
        },
    )

    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="feature_photo_upload"' in html
    assert f'<option value="{photo.pk}" selected>' in html
    assert [result["id"] for result in found.json()["results"]] == [str(photo.pk)]


def test_uploading_from_the_story_form_needs_the_library_permission(client, parts):
    from django.contrib.auth.models import Permission

    editor = desk_editor("no-photos")
    editor.user_permissions.set([])
    for group in editor.groups.all():
        group.permissions.remove(Permission.objects.get(codename="add_photo"))
    client.force_login(editor)
    upload = SimpleUploadedFile("ship.jpg", jpeg_bytes(), content_type="image/jpeg")

    response = client.post(
        reverse("admin:articles_article_add"), story_form_data(*parts, feature_photo_upload=upload)
    )

    errors = " ".join(response.context["adminform"].form.errors["feature_photo_upload"])
    assert "새 사진을 올릴 권한이 없습니다" in errors
    assert not Photo.objects.exists()
