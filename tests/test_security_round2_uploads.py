"""Every image a user uploads is re-encoded and stripped, not only library photos (issue 14.6).

Live-update photos and the breaking banner go through the real admin forms; the stored file is
read back from the storage and must carry no metadata and nothing but pixels.
"""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from live.models import LiveUpdate
from newsroom import roles
from outlet.models import OutletSettings
from tests.factories import ArticleFactory, user_with_role

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE, MODEL, ARTIST = 0x010F, 0x0110, 0x013B
JS_PAYLOAD = b"*/=1;document.title='polyglot-ran';//"


def camera_jpeg() -> bytes:
    """A phone photo as it leaves the camera: maker, model, the photographer, a GPS position."""
    exif = Image.Exif()
    exif[MAKE] = "가상전자"
    exif[MODEL] = "갤럭시 테스트폰 X1"
    exif[ARTIST] = "김가상 기자"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def gif_js_polyglot() -> bytes:
    """A valid GIF that is also a script: width 10799 is written as '/*', the file ends '*/…'.

    Served from our origin and included as <script src>, the bytes would run.
    """
    buffer = io.BytesIO()
    Image.new("P", (10799, 1), 0).save(buffer, format="GIF")
    data = buffer.getvalue()
    assert data[:4] == b"GIF8" and data[6:8] == b"/*"
    return data + JS_PAYLOAD


def assert_only_pixels(stored: bytes, *, original: bytes):
    assert stored != original
    image = Image.open(io.BytesIO(stored))
    assert image.format in ("JPEG", "PNG")
    exif = image.getexif()
    assert not exif, dict(exif)
    assert not exif.get_ifd(GPS_IFD)
    for marker in (b"Exif", "가상전자".encode(), "김가상".encode(), b"GIF8", JS_PAYLOAD):
        assert marker not in stored


def read_stored(field_file) -> bytes:
    with default_storage.open(field_file.name, "rb") as handle:
        return handle.read()


@pytest.fixture
def desk(client):
    client.force_login(user_with_role(roles.EDITOR))
    return client


@pytest.fixture
def administrator(client):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    return client


def post_live_update(client, story, name, content, **extra):
    return client.post(
        reverse("admin:live_liveupdate_post", args=[story.pk]),
        {
            "body": "가상 항구에서 화재 진압이 이어지고 있습니다.",
            "image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "image_alt": "소방차가 늘어선 가상 부두",
            **extra,
        },
    )


@pytest.mark.parametrize("make", [camera_jpeg, gif_js_polyglot], ids=["camera-exif", "gif-js"])
def test_it_stores_a_live_update_photo_as_re_encoded_pixels(desk, make):
    story = ArticleFactory(headline="가상 항구 화재 실시간")
    original = make()
    response = post_live_update(desk, story, "현장.jpg", original)
    assert response.status_code == 302, response.content.decode()[:2000]
    update = LiveUpdate.objects.get(article=story)
    assert_only_pixels(read_stored(update.image), original=original)
    # The public URL serves exactly the stored file.
    assert update.image.url.startswith("/media/live/")


def outlet_form(**overrides):
    data = {
        "name": "뉴스룸",
        "home_url": "",
        "footer_text": "실시간 뉴스 속보",
        "footer_url": "",
        "breaking_image_alt": "속보",
        "related_limit": 6,
        "related_backfill": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("make", [camera_jpeg, gif_js_polyglot], ids=["camera-exif", "gif-js"])
def test_it_stores_the_breaking_banner_as_re_encoded_pixels(administrator, make):
    outlet = OutletSettings.current()
    original = make()
    response = administrator.post(
        reverse("admin:outlet_outletsettings_change", args=[outlet.pk]),
        outlet_form(breaking_image=SimpleUploadedFile("banner.gif", original)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    outlet.refresh_from_db()
    assert_only_pixels(read_stored(outlet.breaking_image), original=original)


def test_it_refuses_a_hostile_banner_with_the_pipelines_korean_error(administrator):
    outlet = OutletSettings.current()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = administrator.post(
        reverse("admin:outlet_outletsettings_change", args=[outlet.pk]),
        outlet_form(name="바꾸려던 이름", breaking_image=SimpleUploadedFile("b.svg", svg)),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "바꾸려던 이름" in page
    assert "올바른 이미지" in page or "이미지 파일이 아니거나" in page or "SVG" in page
    assert not OutletSettings.objects.get().breaking_image


def test_it_stores_files_saved_outside_forms_through_the_pipeline_too():
    outlet = OutletSettings.current()
    original = camera_jpeg()
    outlet.breaking_image.save("camera.jpg", SimpleUploadedFile("camera.jpg", original))
    assert_only_pixels(read_stored(outlet.breaking_image), original=original)


def test_it_removes_the_file_when_its_live_update_is_deleted(
    desk, django_capture_on_commit_callbacks
):
    story = ArticleFactory(headline="가상 항구 화재 실시간")
    with django_capture_on_commit_callbacks(execute=True):
        post_live_update(desk, story, "현장.jpg", camera_jpeg())
    update = LiveUpdate.objects.get(article=story)
    name = update.image.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:live_liveupdate_delete", args=[update.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not default_storage.exists(name)


def test_it_removes_the_old_banner_when_it_is_replaced(django_capture_on_commit_callbacks):
    outlet = OutletSettings.current()
    with django_capture_on_commit_callbacks(execute=True):
        outlet.breaking_image.save("first.jpg", SimpleUploadedFile("a.jpg", camera_jpeg()))
    first = outlet.breaking_image.name
    outlet = OutletSettings.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        outlet.breaking_image.save("second.gif", SimpleUploadedFile("b.gif", gif_js_polyglot()))
    assert default_storage.exists(outlet.breaking_image.name)
    assert not default_storage.exists(first)
