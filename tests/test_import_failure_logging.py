"""Import failures that are not the file's fault reach the logs at WARNING, naming the file.

The command's output says which file failed; the people who run the site read the logs, and a
database, disk or storage failure (or a bug) is theirs to act on. A file that is itself wrong
(bad front matter, not UTF-8) is the editor's to fix and is not logged as a warning.
"""

import logging
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

from articles.models import Article
from importing.importers import Importer, Outcome

from .factories import jpeg_bytes

pytestmark = pytest.mark.django_db

LOGGERS = ("importing.importers", "importing.importers.site_images")


def write_post(folder: Path, name="festival.md", extra="") -> Path:
    path = folder / name
    path.write_text(
        f"---\ntitle: 가상 항구 축제 개막\n{extra}---\n\n<p>가상의 항구에서 축제가 열렸다.</p>\n",
        encoding="utf-8",
    )
    return path


def warnings_about(caplog, path: Path) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name in LOGGERS
        and record.levelno == logging.WARNING
        and str(path) in record.getMessage()
    ]


def test_a_database_error_is_logged_at_warning_with_the_file_name(tmp_path, caplog):
    path = write_post(tmp_path)

    with mock.patch(
        "importing.importers.save_story",
        autospec=True,
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        result = Importer().import_file(path)

    assert result.outcome == Outcome.FAILED
    [record] = warnings_about(caplog, path)
    assert record.exc_info[0] is OperationalError


def test_an_unexpected_error_is_logged_at_warning_with_the_file_name(tmp_path, caplog):
    path = write_post(tmp_path)

    with mock.patch("importing.importers.save_story", autospec=True, side_effect=KeyError("a bug")):
        result = Importer().import_file(path)

    assert result.error == "unexpected error: KeyError: 'a bug'"
    [record] = warnings_about(caplog, path)
    assert record.exc_info[0] is KeyError


def test_a_media_storage_failure_is_logged_at_warning(tmp_path, settings, caplog):
    """A real storage failure: the media folder sits under a plain file, so nothing is written."""
    (tmp_path / "not-a-folder").write_text("x")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "harbour.jpg").write_bytes(jpeg_bytes(size=(640, 360)))
    path = write_post(tmp_path, extra="image: /img/harbour.jpg\n")

    result = Importer(site_root=site).import_file(path)

    assert result.outcome == Outcome.FAILED
    assert "could not be stored" in result.error
    [record] = warnings_about(caplog, path)
    assert "could not be stored" in record.getMessage()
    assert not Article.objects.exists()


def test_a_file_the_machine_cannot_read_is_logged_at_warning(tmp_path, caplog):
    path = write_post(tmp_path)

    with mock.patch.object(
        Path, "read_bytes", autospec=True, side_effect=PermissionError(13, "Permission denied")
    ):
        result = Importer().import_file(path)

    assert result.error == "cannot read the file: Permission denied"
    assert len(warnings_about(caplog, path)) == 1


def bad_yaml(folder: Path) -> Path:
    return write_post(folder, extra="title: [둘째 제목\n")


def not_utf8(folder: Path) -> Path:
    path = folder / "latin1.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    return path


def missing(folder: Path) -> Path:
    return folder / "no-such-file.md"


@pytest.mark.parametrize("write", [bad_yaml, not_utf8, missing], ids=lambda f: f.__name__)
def test_a_file_at_fault_is_reported_but_not_logged_as_a_warning(tmp_path, caplog, write):
    path = write(tmp_path)

    result = Importer().import_file(path)

    assert result.outcome == Outcome.FAILED
    assert warnings_about(caplog, path) == []
