"""The import_posts command: batches, bad files, idempotency, dry runs, publishing, pages."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.dates import korean_date
from articles.models import Article, AttendeeTable, Category, SummaryItem
from markup.sanitize import html_to_text
from outlet.models import OutletSettings
from related.models import RelatedEntry

from .factories import UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

KOREA = ZoneInfo("Asia/Seoul")
# tests/data/seeds: our own post and wire story in the shapes of the real seeds.
POST_KEY = "file:frontmatter:100_garam_solmoe_bus"
WIRE_KEY = "file:wire:104_onsae_typhoon_buoys"
# ../shared/seeds: the real seeds, for the acceptance test.
SEED_POST_KEY = "file:frontmatter:000_e825cc54438db350"
SEED_WIRE_KEY = "file:wire:004_ccd83b53e90f73c2"

GOOD_POST = """---
title: 가상 섬마을 다리 개통
categories: [지역]
excerpt: 가상의 섬마을에 첫 다리가 열렸습니다.
---
<p>섬 주민들이 처음으로 걸어서 뭍에 닿았습니다.</p>
"""


@pytest.fixture
def site_root(tmp_path):
    root = tmp_path / "site"
    (root / "assets" / "img").mkdir(parents=True)
    for name in ("garam_bus_feature.jpg", "newsdao_breakingnews.jpg"):
        (root / "assets" / "img" / name).write_bytes(jpeg_bytes((800, 450)))
    return root


def run(*args):
    """(stdout, stderr, exit status) of import_posts."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_posts", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        return out.getvalue(), err.getvalue(), exc.returncode
    return out.getvalue(), err.getvalue(), 0


def test_seeds_import_then_reimport_changes_nothing(seeds_dir, site_root):
    out, err, status = run("--site-root", site_root, seeds_dir)

    assert status == 0, err
    assert out.strip().splitlines()[-1] == "imported 2, updated 0, unchanged 0, failed 0"
    assert err == ""
    post = Article.objects.get(import_key=POST_KEY)
    wire = Article.objects.get(import_key=WIRE_KEY)
    snapshot = (post.version, wire.version, post.updated_at, wire.updated_at)

    out, err, status = run("--site-root", site_root, seeds_dir)

    assert status == 0
    assert out.strip().splitlines()[-1] == "imported 0, updated 0, unchanged 2, failed 0"
    assert Article.objects.count() == 2
    assert RelatedEntry.objects.count() == 8
    assert SummaryItem.objects.count() == 4 and AttendeeTable.objects.count() == 1
    post.refresh_from_db()
    wire.refresh_from_db()
    assert (post.version, wire.version, post.updated_at, wire.updated_at) == snapshot


def test_changed_file_updates_the_same_story_and_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "2024-04-01-bridge.md"
    path.write_text(GOOD_POST, encoding="utf-8")
    run(path)
    story = Article.objects.get()
    path.write_text(GOOD_POST.replace("다리 개통", "다리 개통식"), encoding="utf-8")

    out, _, status = run("--dry-run", path)

    assert status == 0
    assert "would update [frontmatter] 가상 섬마을 다리 개통식 (headline)" in out
    assert "dry run, nothing written: would have imported 0, updated 1" in out
    story.refresh_from_db()
    assert story.headline == "가상 섬마을 다리 개통"

    out, _, _ = run(path)

    assert out.strip() == "imported 0, updated 1, unchanged 0, failed 0"
    assert Article.objects.get().pk == story.pk
    assert Article.objects.get().headline == "가상 섬마을 다리 개통식"


def test_dry_run_on_an_empty_site_creates_nothing(seeds_dir, site_root, media_root):
    out, _, status = run("--dry-run", "--publish", "--site-root", site_root, seeds_dir)

    assert status == 0
    assert out.count("would create") == 2
    assert "new categories: 지역" in out and "new categories: 과학" in out
    assert Article.objects.count() == 0 and Category.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))


def test_bad_files_fail_alone_with_one_clear_line_each(tmp_path):
    folder = tmp_path / "archive"
    (folder / "nested").mkdir(parents=True)
    (folder / "good.md").write_text(GOOD_POST, encoding="utf-8")
    (folder / "nested" / "bad-yaml.md").write_text(
        '---\ntitle: "따옴표가 닫히지 않음\n---\n<p>x</p>', encoding="utf-8"
    )
    (folder / "latin1.txt").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    (folder / "empty.md").write_text(" \n\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "huge.txt").write_text("가" * 2000, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(jpeg_bytes())  # not a story file: skipped
    (folder / ".draft.md").write_text("---\ntitle: 숨김\n---\n", encoding="utf-8")  # hidden

    out, err, status = run("--max-bytes", 4000, folder, tmp_path / "missing.md")

    assert status == 1
    assert out.strip() == "imported 1, updated 0, unchanged 0, failed 6", err
    lines = err.strip().splitlines()
    assert lines[-1] == "CommandError: 6 of 7 files failed to import"
    problems = dict(line.split(": ", 1) for line in lines[:-1])
    assert set(problems) == {
        str(folder / name)
        for name in ("nested/bad-yaml.md", "latin1.txt", "empty.md", "binary.txt", "huge.txt")
    } | {str(tmp_path / "missing.md")}
    assert "not valid YAML" in problems[str(folder / "nested" / "bad-yaml.md")]
    assert "not UTF-8" in problems[str(folder / "latin1.txt")]
    assert problems[str(folder / "empty.md")] == "empty file"
    assert "binary file" in problems[str(folder / "binary.txt")]
    assert "too large" in problems[str(folder / "huge.txt")]
    assert "cannot read" in problems[str(tmp_path / "missing.md")]
    assert Article.objects.get().headline == "가상 섬마을 다리 개통"


def test_each_file_is_its_own_transaction(tmp_path, monkeypatch):
    first, second = tmp_path / "a-first.md", tmp_path / "b-second.md"
    first.write_text(GOOD_POST, encoding="utf-8")
    second.write_text(
        GOOD_POST.replace("다리 개통", "방파제 완공")
        + "<table><tr><td>동쪽 측</td><td>서쪽 측</td></tr><tr><td>가</td><td>나</td></tr></table>",
        encoding="utf-8",
    )

    def broken(self, columns):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(AttendeeTable, "replace_columns", broken)

    out, err, status = run(tmp_path)

    assert status == 1
    assert f"{second}: unexpected error: RuntimeError: disk on fire" in err
    assert list(Article.objects.values_list("headline", flat=True)) == ["가상 섬마을 다리 개통"]
    assert not Category.objects.filter(name="방파제").exists()


def test_publish_uses_the_story_dates(seeds_dir, site_root):
    before = timezone.now()
    _, err, status = run("--publish", "--site-root", site_root, seeds_dir)

    assert status == 0, err
    post = Article.objects.get(import_key=POST_KEY)
    wire = Article.objects.get(import_key=WIRE_KEY)
    assert post.status == wire.status == Article.Status.PUBLISHED
    assert wire.published_at == datetime(2024, 9, 12, tzinfo=KOREA)
    assert post.published_at >= before  # the post has no date of its own: published now


def test_reimport_without_publish_does_not_unpublish(seeds_dir, site_root):
    run("--publish", "--site-root", site_root, seeds_dir)

    out, _, _ = run("--site-root", site_root, seeds_dir)

    assert "unchanged 2" in out
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PUBLISHED}


def story_body(html: str) -> str:
    start = html.index('<div class="story-body">')
    return html[start : html.index("</div>", start)]


def assert_pages_show_every_part(client, post, wire, *, rounds, related, footer_host):
    """The published post and wire story show every part on their public pages and in the admin."""
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    body = story_body(page)
    for key in ("red", "blue-tint", "blue"):
        assert body.count(f'<span class="hl-{key}">') == rounds
    for highlight in post.highlights.all():
        assert escape(highlight.text) in html_to_text(body) or highlight.text in body
    summary = page[page.index('class="story-summary"') :]
    assert summary.count("<li>") >= post.summary_items.count() > 0
    for item in post.summary_items.all():
        assert escape(item.text) in page
    assert page.count('class="attendee-table"') == 1
    for table in post.attendee_tables.all():
        for column in table.columns.all():
            assert escape(column.heading) in page
            for attendee in column.attendees.all():
                assert escape(attendee.name) in page
    assert escape(post.feature_text) in page
    assert post.feature_photo.share_image.url in page
    assert escape(post.section.name) in page
    assert korean_date(post.published_at) in page
    assert f"{post.reading_minutes}분 읽기" in page
    footer_text = OutletSettings.current().footer_text
    assert footer_text not in html_to_text(body)  # the site's own footer renders it once
    assert footer_host not in body

    response = client.get(wire.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(wire.section.name) in page
    assert escape(wire.headline) in page
    assert escape(wire.deck) in page
    assert escape(wire.feature_image_caption) in page
    assert korean_date(wire.published_at) in page
    assert "2분 읽기" in page  # computed from the body, not the wire's own header
    assert f"출처: {escape(wire.source.name)}" in page
    assert escape(wire.related_link_title) in page
    for paragraph in wire.body.split("\n"):
        assert paragraph in page

    admin = UserFactory(username="chief", is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:articles_article_change", args=[wire.pk]))
    assert response.status_code == 200
    # The related list has its own page, linked from the story screen.
    response = client.get(
        reverse("admin:related_relatedentry_changelist"),
        {"article__id__exact": wire.pk, "queue": "all"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    entries = list(wire.related_entries.all())
    assert len(entries) == related
    for entry in entries:
        assert escape(entry.title) in page


def test_public_pages_and_admin_show_every_part(client, seeds_dir, site_root):
    _, err, status = run("--publish", "--site-root", site_root, seeds_dir)
    assert status == 0, err
    post = Article.objects.get(import_key=POST_KEY)
    wire = Article.objects.get(import_key=WIRE_KEY)

    assert_pages_show_every_part(
        client, post, wire, rounds=5, related=8, footer_host="garam-daily.example"
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert "윤하늘 가람군수" in page and "오세린 산업단지 관리소장" in page
    assert 'href="https://garam-gun.example/transport/plan"' in page  # a link in a sentence stays
    wire_page = client.get(wire.get_absolute_url()).content.decode()
    assert "출처: GW" in wire_page and "2024년 9월 12일" in wire_page


def test_real_seeds_import_publish_and_show_every_part(client, real_seeds_dir, site_root):
    """Acceptance on the outlet's real seeds (../shared/seeds): import twice, publish, read."""
    out, err, status = run("--site-root", site_root, real_seeds_dir)
    assert status == 0, err
    assert out.strip().splitlines()[-1] == "imported 2, updated 0, unchanged 0, failed 0"
    out, _, _ = run("--publish", "--site-root", site_root, real_seeds_dir)
    assert out.strip().splitlines()[-1] == "imported 0, updated 2, unchanged 0, failed 0"
    post = Article.objects.get(import_key=SEED_POST_KEY)
    wire = Article.objects.get(import_key=SEED_WIRE_KEY)
    assert post.status == wire.status == Article.Status.PUBLISHED

    assert_pages_show_every_part(client, post, wire, rounds=6, related=20, footer_host="newsdao.kr")
    assert "2025년 7월 30일" in client.get(wire.get_absolute_url()).content.decode()
