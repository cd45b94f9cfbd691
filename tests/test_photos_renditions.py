"""Stored renditions: made once, drawn as <picture>, used for link previews, cheap to list."""

import io
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Category
from photos.models import Photo, Rendition
from photos.renditions import make_renditions
from tests.factories import ArticleFactory, make_photo

pytestmark = pytest.mark.django_db


def file_times(photo) -> dict[str, int]:
    return {r.file.name: Path(r.file.path).stat().st_mtime_ns for r in photo.renditions.all()}


def test_renditions_are_made_once_and_never_rewritten(client):
    photo = make_photo(size=(1700, 1000))
    before = file_times(photo)
    assert len(before) == 8  # 480, 800, 1200, 1600 in WebP and JPEG

    assert make_renditions(Photo.objects.get(pk=photo.pk)) == []
    out = io.StringIO()
    call_command("build_renditions", stdout=out)
    story = ArticleFactory(feature_photo=photo)
    story.save()
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())

    assert "made 0 renditions" in out.getvalue()
    assert file_times(photo) == before
    assert Rendition.objects.count() == 8


def test_the_command_builds_only_what_the_back_catalogue_is_missing(settings):
    settings.NEWSROOM_RENDITION_WIDTHS = [480]
    photo = make_photo(size=(1300, 800))
    old = file_times(photo)
    settings.NEWSROOM_RENDITION_WIDTHS = [480, 800, 1200]

    dry = io.StringIO()
    call_command("build_renditions", "--dry-run", stdout=dry)
    assert "would make 4 renditions" in dry.getvalue()
    assert Rendition.objects.count() == 2
    out = io.StringIO()
    call_command("build_renditions", stdout=out)

    assert "1 photos checked, made 4 renditions" in out.getvalue()
    widths = sorted(photo.renditions.filter(format="webp").values_list("width", flat=True))
    assert widths == [480, 800, 1200]
    now = file_times(photo)
    assert {name: now[name] for name in old} == old  # the 480s were not touched
    for rendition in photo.renditions.all():
        with Image.open(rendition.file.path) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == rendition.format.upper()


def srcset_entries(srcset: str) -> list[tuple[str, int]]:
    entries = []
    for part in unescape(srcset).split(","):
        url, width = part.strip().rsplit(" ", 1)
        entries.append((url, int(width.rstrip("w"))))
    return entries


def test_the_story_page_draws_a_picture_from_stored_renditions(client, media_root):
    photo = make_photo(size=(2000, 1000), alt_text="항구에 선 여객선")
    story = ArticleFactory(feature_photo=photo)

    html = client.get(story.get_absolute_url()).content.decode()

    picture = re.search(r"<picture[^>]*>.*?</picture>", html, re.DOTALL).group(0)
    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"', picture)
    img = re.search(r"<img [^>]+>", picture).group(0)
    img_srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    for srcset, fmt in ((source.group(1), "WEBP"), (img_srcset, "JPEG")):
        entries = srcset_entries(srcset)
        assert [width for _, width in entries] == [480, 800, 1200, 1600]
        for url, width in entries:
            path = media_root / url.removeprefix("/media/")
            with Image.open(path) as image:
                assert (image.format, image.width) == (fmt, width)
    assert 'width="1200" height="600"' in img
    assert 'alt="항구에 선 여객선"' in img
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img
    assert 'loading="lazy"' not in img


def test_list_cards_load_lazily_with_their_size_set(client):
    section = Category.objects.create(name="지역")
    ArticleFactory(section=section, feature_photo=make_photo(size=(700, 350)))

    html = client.get(reverse("articles:section", args=[section.slug])).content.decode()

    [img] = re.findall(r"<img [^>]+>", html)
    assert 'loading="lazy"' in img and "fetchpriority" not in img
    assert 'width="700" height="350"' in img  # the original's own width: no upscaling
    assert 'alt=""' in img  # beside its headline: decorative


def test_link_previews_use_the_1200px_jpeg_rendition(client):
    photo = make_photo(size=(3000, 1500), alt_text="회담장")
    story = ArticleFactory(feature_photo=photo)
    share = photo.renditions.get(width=1200, format="jpeg")
    absolute = f"http://127.0.0.1:8000{share.file.url}"

    html = client.get(story.get_absolute_url()).content.decode()
    rss = client.get(reverse("articles:feed-rss")).content.decode()

    assert f'<meta property="og:image" content="{absolute}">' in html
    assert f'<meta name="twitter:image" content="{absolute}">' in html
    assert '"url": "' + absolute + '"' in html or f'"url":"{absolute}"' in html
    assert f'<enclosure length="{share.bytes}" type="image/jpeg" url="{absolute}"' in rss


def test_a_transparent_photo_keeps_png_beside_webp(client):
    buffer = io.BytesIO()
    Image.new("RGBA", (600, 300), (200, 30, 30, 100)).save(buffer, format="PNG")
    from photos.library import photo_for_bytes

    photo, created = photo_for_bytes(buffer.getvalue(), alt_text="반투명 도형")
    story = ArticleFactory(feature_photo=photo)

    html = client.get(story.get_absolute_url()).content.decode()

    assert created and photo.format == "PNG"
    assert {r.format for r in photo.renditions.all()} == {"png", "webp"}
    img = re.search(r"<img class=\"feature-image[^>]+>", html).group(0)
    assert ".png" in img and ".jpeg" not in img


def count_queries(client, url) -> int:
    client.get(url)  # warm the outlet and menu caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_and_story_queries_do_not_grow_with_stories_or_renditions(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # count what rendering costs, not a cache hit
    settings.NEWSROOM_RENDITION_WIDTHS = [480]
    first = ArticleFactory(feature_photo=make_photo(size=(1800, 900)))
    ArticleFactory(  # the top story and one card: each list is queried from here on
        feature_photo=make_photo(size=(1000, 500)), published_at=timezone.now() - timedelta(hours=1)
    )
    home_one = count_queries(client, reverse("articles:home"))
    story_one = count_queries(client, first.get_absolute_url())

    settings.NEWSROOM_RENDITION_WIDTHS = [320, 480, 800, 1200, 1600]
    for i in range(6):
        ArticleFactory(
            feature_photo=make_photo(size=(1700 + i, 900)),
            published_at=timezone.now() - timedelta(minutes=10 + i),
        )
    call_command("build_renditions", stdout=io.StringIO())
    assert first.feature_photo.renditions.count() == 10

    assert count_queries(client, reverse("articles:home")) == home_one
    assert count_queries(client, first.get_absolute_url()) == story_one
    html = client.get(reverse("articles:home")).content.decode()
    assert html.count("<picture") == 8


def test_a_maker_stopped_before_its_rows_leaves_no_file_behind_the_next_run(media_root):
    """A worker killed after writing files but before saving their rows: the files carry the
    names the renditions will have, no row names them, and the next run replaces them instead
    of storing suffixed copies beside them."""
    photo = make_photo(size=(900, 600))
    names = sorted(r.file.name for r in photo.renditions.all())
    storage = Photo._meta.get_field("file").storage
    photo.renditions.all().delete()  # rows gone; files stay, as after the kill
    left_behind = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*-*w.*"))
    assert left_behind == names

    made = make_renditions(Photo.objects.get(pk=photo.pk))

    assert sorted(r.file.name for r in made) == names
    on_disk = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*-*w.*"))
    assert on_disk == names  # one file per rendition, no "_abc123" copies
    assert all(storage.exists(name) for name in names)
