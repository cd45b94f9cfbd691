"""Media on an S3 API (moto's server on 127.0.0.1, tests/s3_server.py): uploads, renditions,
public URLs, deletion, the renditions command, imports, and the settings that turn it on."""

import io
import json
import os
import re
import subprocess
import sys
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Article
from live.models import LiveUpdate
from newsroom.media_storage import MediaS3Storage
from outlet.models import OutletSettings
from photos.library import PhotoStorageError, photo_for_bytes
from photos.models import Photo, Rendition
from tests.factories import ArticleFactory, jpeg_bytes, jpeg_upload, make_photo
from tests.local_servers import free_port
from tests.test_import_command import POST_KEY
from tests.test_import_command import run as import_posts
from tests.test_uploads_admin import GPS_IFD, jpeg_with_gps, stored_files

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
# 480, 800, 1200, 1600 in WebP and JPEG
RENDITIONS_OF_A_WIDE_PHOTO = 8
LOCAL_FILES = "django.core.files.storage.FileSystemStorage"


def fetch(url: str) -> tuple[bytes, str]:
    """(body, content type) of a GET to the S3 server, as a reader's browser would ask."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read(), response.headers["Content-Type"]


def object_key(s3, url: str) -> str:
    """The key a public path-style URL on the S3 server names."""
    prefix = f"{s3.endpoint_url}/{s3.bucket}/"
    assert url.startswith(prefix), url
    return url.removeprefix(prefix)


def unreachable(s3) -> dict:
    """STORAGES["default"] for a store nobody answers at, asked once (no retries)."""
    from botocore.config import Config

    storage = s3.storage_settings()
    storage["OPTIONS"]["endpoint_url"] = f"http://127.0.0.1:{free_port()}"
    storage["OPTIONS"]["client_config"] = Config(retries={"total_max_attempts": 1})
    return storage


def srcset_urls(srcset: str) -> list[str]:
    return [part.strip().rsplit(" ", 1)[0] for part in unescape(srcset).split(",")]


def test_fields_write_to_s3_during_the_test_and_to_disk_once_it_is_over(s3_media, settings):
    storage = Photo._meta.get_field("file").storage  # default_storage, which the fields hold

    assert isinstance(storage, MediaS3Storage) and storage.bucket_name == s3_media.bucket
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": LOCAL_FILES}}
    assert isinstance(storage, FileSystemStorage)


def test_an_admin_upload_stores_the_original_and_every_rendition_in_the_bucket(
    s3_media, editor_client, media_root
):
    response = editor_client.post(
        reverse("admin:photos_photo_add"),
        {
            "alt_text": "항구의 아침",
            "credit": "뉴스룸 사진부",
            "upload": SimpleUploadedFile("harbour.jpg", jpeg_bytes(size=(1700, 900))),
        },
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    expected = {photo.file.name, *(r.file.name for r in photo.renditions.all())}
    assert len(expected) == 1 + RENDITIONS_OF_A_WIDE_PHOTO
    assert set(s3_media.object_keys()) == expected
    assert stored_files(media_root) == []  # nothing on the local disk
    webp = photo.renditions.get(width=480, format="webp")
    stored = s3_media.head(webp.file.name)
    assert stored["ContentType"] == "image/webp"
    assert stored["ContentLength"] == webp.bytes
    with Image.open(io.BytesIO(s3_media.read(webp.file.name))) as image:
        assert (image.format, image.width) == ("WEBP", 480)


def test_exif_and_gps_are_stripped_from_every_stored_object(s3_media):
    photo, created = photo_for_bytes(jpeg_with_gps(), name="camera.jpg", alt_text="카메라 사진")

    assert created
    keys = s3_media.object_keys()
    assert len(keys) == 1 + 2  # the original and its own width (360 px wide after rotation)
    for key in keys:
        with Image.open(io.BytesIO(s3_media.read(key))) as image:
            assert not image.getexif(), key
            assert image.getexif().get_ifd(GPS_IFD) == {}, key
            assert image.size == (360, 640), key  # the orientation tag was applied, then dropped


def test_the_story_page_points_at_the_bucket_and_the_urls_serve_the_pictures(client, s3_media):
    photo = make_photo(size=(2000, 1000), alt_text="항구에 선 여객선")
    story = ArticleFactory(feature_photo=photo)

    html = client.get(story.get_absolute_url()).content.decode()

    picture = re.search(r"<picture[^>]*>.*?</picture>", html, re.DOTALL).group(0)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', picture).group(1)
    img = re.search(r"<img [^>]+>", picture).group(0)
    urls = [
        unescape(re.search(r'src="([^"]+)"', img).group(1)),
        *srcset_urls(webp),
        *srcset_urls(re.search(r'srcset="([^"]+)"', img).group(1)),
    ]
    assert len(urls) == 1 + RENDITIONS_OF_A_WIDE_PHOTO
    for url in urls:
        key = object_key(s3_media, url)
        body, content_type = fetch(url)
        assert body == s3_media.read(key)
        assert content_type == f"image/{key.rsplit('.', 1)[1]}"
    body, _ = fetch(urls[0])
    with Image.open(io.BytesIO(body)) as image:
        assert (image.format, image.width) == ("JPEG", 1200)


def test_link_previews_use_the_s3_url_as_it_is_never_prefixed_with_site_url(client, s3_media):
    photo = make_photo(size=(3000, 1500), alt_text="회담장")
    story = ArticleFactory(feature_photo=photo)
    share = photo.renditions.get(width=1200, format="jpeg")
    url = f"{s3_media.endpoint_url}/{s3_media.bucket}/{share.file.name}"

    html = client.get(story.get_absolute_url()).content.decode()
    rss = client.get(reverse("articles:feed-rss")).content.decode()

    assert share.file.url == url
    assert f'<meta property="og:image" content="{url}">' in html
    assert f'<meta name="twitter:image" content="{url}">' in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    news_article = json.loads(ld.group(1))[0]
    assert news_article["image"][0]["url"] == url
    assert f'<enclosure length="{share.bytes}" type="image/jpeg" url="{url}"' in rss
    assert "http://127.0.0.1:8000http" not in html + rss


def test_deleting_a_photo_removes_its_objects_after_the_commit(
    s3_media, django_capture_on_commit_callbacks
):
    photo = make_photo(size=(900, 500))
    other = make_photo(size=(300, 200))
    gone = {photo.file.name, *(r.file.name for r in photo.renditions.all())}
    kept = {other.file.name, *(r.file.name for r in other.renditions.all())}
    assert len(gone) == 1 + 6  # 480, 800 and 900 in WebP and JPEG
    assert set(s3_media.object_keys()) == gone | kept

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()
    assert set(s3_media.object_keys()) == gone | kept  # nothing goes before the commit
    for callback in callbacks:
        callback()

    assert set(s3_media.object_keys()) == kept
    assert not Rendition.objects.filter(photo_id=photo.pk).exists()


def test_build_renditions_adds_the_missing_widths_to_the_bucket(s3_media, settings):
    settings.NEWSROOM_RENDITION_WIDTHS = [480]
    photo = make_photo(size=(1300, 800))
    before = {key: s3_media.head(key)["LastModified"] for key in s3_media.object_keys()}
    assert len(before) == 3  # the original, 480 WebP and JPEG
    settings.NEWSROOM_RENDITION_WIDTHS = [480, 800, 1200]

    out = io.StringIO()
    call_command("build_renditions", stdout=out)
    again = io.StringIO()
    call_command("build_renditions", stdout=again)

    assert "1 photos checked, made 4 renditions" in out.getvalue()
    assert "made 0 renditions" in again.getvalue()
    expected = {photo.file.name, *(r.file.name for r in photo.renditions.all())}
    assert set(s3_media.object_keys()) == expected and len(expected) == 7
    for key, modified in before.items():
        assert s3_media.head(key)["LastModified"] == modified  # never rewritten
    for rendition in photo.renditions.filter(width__gt=480):
        with Image.open(io.BytesIO(s3_media.read(rendition.file.name))) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == rendition.format.upper()


def test_an_import_with_an_image_stores_it_in_the_bucket(s3_media, seeds_dir, tmp_path):
    site_root = tmp_path / "site"
    (site_root / "assets" / "img").mkdir(parents=True)
    for name in ("garam_bus_feature.jpg", "newsdao_breakingnews.jpg"):
        (site_root / "assets" / "img" / name).write_bytes(jpeg_bytes((800, 450)))

    _, err, status = import_posts("--site-root", site_root, seeds_dir)

    assert status == 0, err
    photo = Article.objects.get(import_key=POST_KEY).feature_photo
    assert photo is not None
    stored = set(s3_media.object_keys())
    assert photo.file.name in stored
    assert {r.file.name for r in photo.renditions.all()} <= stored
    assert s3_media.read(photo.file.name)[:3] == b"\xff\xd8\xff"  # a JPEG


def test_live_update_photos_and_the_breaking_banner_live_in_the_bucket(
    client, s3_media, django_capture_on_commit_callbacks
):
    story = ArticleFactory(headline="해람시 지진", is_breaking=True)
    with django_capture_on_commit_callbacks(execute=True):
        update = LiveUpdate.objects.create(article=story, body="구조대가 도착했습니다.")
        update.image.save("scene.jpg", jpeg_upload(size=(400, 300)), save=True)
        outlet = OutletSettings.current()
        outlet.breaking_image.save("breaking.jpg", jpeg_upload(size=(300, 60)), save=False)
        outlet.breaking_image_alt = "속보"
        outlet.save()
    assert set(s3_media.object_keys()) == {update.image.name, outlet.breaking_image.name}

    home = client.get(reverse("articles:home")).content.decode()
    page = client.get(story.get_absolute_url()).content.decode()

    banner = f"{s3_media.endpoint_url}/{s3_media.bucket}/{outlet.breaking_image.name}"
    assert f'src="{banner}" alt="속보" width="300" height="60"' in home
    scene = f"{s3_media.endpoint_url}/{s3_media.bucket}/{update.image.name}"
    assert f'src="{scene}"' in page
    assert fetch(scene)[0] == s3_media.read(update.image.name)

    with django_capture_on_commit_callbacks(execute=True):
        outlet.breaking_image.save("breaking.jpg", jpeg_upload(size=(320, 60)), save=False)
        outlet.save()
        update.delete()
    # The replaced banner and the deleted update's photo are gone.
    assert s3_media.object_keys() == [outlet.breaking_image.name]


def test_a_store_that_refuses_writes_is_a_korean_error_on_the_form(
    s3_media, editor_client, settings
):
    broken = s3_media.storage_settings()
    broken["OPTIONS"]["bucket_name"] = "no-such-bucket"
    settings.STORAGES = {**settings.STORAGES, "default": broken}

    with pytest.raises(PhotoStorageError):
        photo_for_bytes(jpeg_bytes(), name="a.jpg")
    response = editor_client.post(
        reverse("admin:photos_photo_add"),
        {"alt_text": "항구", "upload": SimpleUploadedFile("a.jpg", jpeg_bytes(size=(500, 300)))},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["upload"])
    assert "사진 파일을 저장하지 못했습니다" in errors and "NoSuchBucket" in errors
    assert not Photo.objects.exists() and not Rendition.objects.exists()


def test_a_missing_object_reads_as_a_missing_file(s3_media):
    assert not default_storage.exists("photos/none.jpg")
    with pytest.raises(FileNotFoundError):
        default_storage.open("photos/none.jpg")
    name = default_storage.save("notes/a.txt", ContentFile(b"one"))
    assert default_storage.save("notes/a.txt", ContentFile(b"two")) != name  # never overwritten
    assert default_storage.open(name).read() == b"one"


def settings_in_subprocess(environ: dict[str, str], code: str) -> str:
    """stdout of code run after django.setup() in a fresh process with only these variables."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSROOM_S3", "AWS_"))}
    script = f"import django; django.setup()\n{code}"
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**keep, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_environment_variables_alone_put_a_process_media_on_s3(s3_server):
    s3 = s3_server.with_new_bucket("newsroom-env")

    out = settings_in_subprocess(
        {**s3.environ(), "MEDIA_ROOT": "/nonexistent-newsroom-media"},
        "from django.conf import settings\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "name = s.save('photos/ab/hello.txt', ContentFile(b'hi'))\n"
        "print(type(s._wrapped).__name__, s.url(name))\n"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))\n",
    )

    kind_and_url, img_src = out.splitlines()
    assert kind_and_url == f"MediaS3Storage {s3.endpoint_url}/newsroom-env/photos/ab/hello.txt"
    assert s3.object_keys() == ["photos/ab/hello.txt"]
    assert s3.head("photos/ab/hello.txt")["CacheControl"] == "public, max-age=86400"
    assert s3.endpoint_url in img_src.split()


def test_a_custom_domain_and_prefix_shape_the_public_urls(s3_server):
    s3 = s3_server.with_new_bucket("newsroom-cdn")
    environ = {
        **s3.environ(),
        "NEWSROOM_S3_CUSTOM_DOMAIN": "media.example.org",
        "NEWSROOM_S3_PREFIX": "site-a/",
    }

    out = settings_in_subprocess(
        environ,
        "from django.conf import settings\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "print(s.url(s.save('live/x.txt', ContentFile(b'hi'))))\n"
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))\n",
    )

    url, img_src = out.splitlines()
    assert url == "https://media.example.org/site-a/live/x.txt"
    assert s3.object_keys() == ["site-a/live/x.txt"]
    assert "https://media.example.org" in img_src.split()


def test_without_a_bucket_media_stay_on_the_local_disk(media_root, client):
    out = settings_in_subprocess(
        {"MEDIA_ROOT": str(media_root)},
        "from django.core.files.storage import default_storage as s\n"
        "print(s.__class__.__name__, s.location)\n",
    )
    assert out.split() == ["FileSystemStorage", str(media_root)]

    photo = make_photo(size=(600, 300))
    story = ArticleFactory(feature_photo=photo)
    html = client.get(story.get_absolute_url()).content.decode()

    assert (media_root / photo.file.name).is_file()
    assert f'src="/media/{photo.share_image.file.name}"' in html


def test_a_store_failing_after_the_delete_is_logged_not_the_editors_error(
    s3_media, settings, django_capture_on_commit_callbacks, caplog
):
    photo = make_photo(size=(500, 300))

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        settings.STORAGES = {**settings.STORAGES, "default": unreachable(s3_media)}

    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert "Could not connect to the endpoint URL" in caplog.text


def test_the_home_page_sizes_the_banner_without_asking_the_store(client, s3_media, settings):
    """The banner's width and height are kept with the row when it is stored: a render of the
    home page sends no request to the store (here, one that nobody answers)."""
    outlet = OutletSettings.current()
    outlet.breaking_image.save("breaking.jpg", jpeg_upload(size=(300, 60)), save=True)
    outlet.breaking_image_alt = "속보"
    outlet.save()
    ArticleFactory(headline="속보 기사", is_breaking=True)
    settings.STORAGES = {**settings.STORAGES, "default": unreachable(s3_media)}

    html = client.get(reverse("articles:home")).content.decode()

    assert OutletSettings.objects.values_list(
        "breaking_image_width", "breaking_image_height"
    ).get() == (300, 60)
    assert 'class="breaking-image"' in html and 'width="300" height="60"' in html


def test_the_home_page_survives_a_store_that_cannot_be_reached(client, s3_media, settings):
    outlet = OutletSettings.current()
    outlet.breaking_image.save("breaking.jpg", jpeg_upload(size=(300, 60)), save=True)
    ArticleFactory(headline="속보 기사", is_breaking=True)
    settings.STORAGES = {**settings.STORAGES, "default": unreachable(s3_media)}

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert '<span class="breaking-label">속보</span>' in response.content.decode()
