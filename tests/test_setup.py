"""What `make run` relies on: demo stories, the editor account, settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_demo_stories_load_once_and_one_has_every_part(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    count = Article.objects.count()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Article.objects.count() == count

    public = Article.objects.published()
    assert public.count() == count
    full = public.get(import_key="demo:offshore-wind")
    assert {h.style.key for h in full.highlights.select_related("style")} == {
        "red",
        "blue-tint",
        "blue",
    }
    assert full.summary_items.count() == 5
    assert full.attendee_tables.get().columns.count() == 2
    assert full.feature_photo.width == 1200 and full.feature_photo.renditions.count() == 6
    assert "데모" in full.tags.names()
    html = client.get(full.get_absolute_url()).content.decode()
    assert 'class="hl-blue-tint"' in html and 'scope="col"' in html
    wire = public.get(import_key="demo:nuri-visit")
    wire_html = client.get(wire.get_absolute_url()).content.decode()
    assert "출처: <a" in wire_html and "바로잡았습니다" in wire_html
    flash = public.get(import_key="demo:flash")
    assert flash.live_coverage.is_live and flash.live_updates.filter(is_key=True).count() == 1
    assert "여객선 운항은 평소대로" in client.get(flash.get_absolute_url()).content.decode()


def test_ensure_editor_creates_a_staff_editor_once(tmp_path, monkeypatch, capsys):
    from newsroom.management.commands import ensure_editor

    monkeypatch.setattr(ensure_editor, "CREDENTIALS_FILE", tmp_path / "editor-password.txt")
    call_command("ensure_editor", port="8123")
    first = capsys.readouterr().out
    call_command("ensure_editor", port="8123")
    second = capsys.readouterr().out
    user = get_user_model().objects.get(username="editor")
    password = (tmp_path / "editor-password.txt").read_text()
    assert password.endswith("\n") and "\n" not in password[:-1]  # the password alone
    password = password.strip()
    assert user.is_staff and user.check_password(password)
    assert user.has_perm("articles.change_article") and not user.is_superuser
    assert f"http://127.0.0.1:8123/admin/ as editor / {password}" in first
    assert f"as editor / {password}" in second
    assert get_user_model().objects.filter(username="editor").count() == 1


def test_ensure_editor_rewrites_an_old_two_line_file_as_the_password_alone(
    tmp_path, monkeypatch, capsys
):
    from newsroom.management.commands import ensure_editor

    credentials = tmp_path / "editor-password.txt"
    monkeypatch.setattr(ensure_editor, "CREDENTIALS_FILE", credentials)
    get_user_model().objects.create_user(username="editor", password="old-Pass-123", is_staff=True)
    credentials.write_text("editor\nold-Pass-123\n", encoding="utf-8")

    call_command("ensure_editor", port="8123")

    assert "as editor / old-Pass-123" in capsys.readouterr().out
    assert credentials.read_text(encoding="utf-8") == "old-Pass-123\n"


def test_demo_story_with_every_part_shows_source_related_link_and_related_list(client):
    """One demo story has every part a story can have, 출처, 관련 and approved 발견 included."""
    from related.models import RelatedEntry

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    full = Article.objects.get(import_key="demo:offshore-wind")

    assert full.section and full.deck and full.excerpt and full.feature_text and full.byline
    assert full.tags.exists() and full.summary_items.exists() and full.attendee_tables.exists()
    assert full.feature_photo.alt_text and full.feature_photo.credit and full.feature_image_caption
    assert full.source.name == "데모통신"
    assert full.related_link_title and full.related_link_href.startswith("https://")
    approved = list(full.related_entries.filter(status=RelatedEntry.Status.APPROVED))
    assert len(approved) == 3
    html = client.get(full.get_absolute_url()).content.decode()
    assert "출처: <a" in html and "데모통신" in html
    assert 'class="story-related-link"' in html and full.related_link_title in html
    related = html[html.index('id="related-heading"') :]
    for entry in approved:
        assert entry.href in related and entry.display_title in related


def run_settings(env):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsroom.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=PROJECT_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def test_production_requires_a_secret_key():
    result = run_settings({"DEBUG": "False"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_selects_postgresql():
    result = run_settings({"DATABASE_URL": "postgres://u@127.0.0.1:5432/x"})
    assert result.stdout.strip() == "django.db.backends.postgresql"
    assert run_settings({}).stdout.strip() == "django.db.backends.sqlite3"


def test_bad_boolean_is_a_clear_error():
    result = run_settings({"DEBUG": "maybe"})
    assert "Unexpected value DEBUG='maybe'" in result.stderr
