"""Importing existing stories from files: blog posts with front matter, and wire copy.

The format is detected per file. Each file is read, parsed into a StoryDocument and saved in a
transaction of its own, so one bad file costs only itself.

Idempotency: every imported story carries Article.import_key = "file:<format>:<stable id>",
and re-importing a file updates the story with that key instead of creating another.
  - front matter: the post's `slug`, else its `permalink` path, else its file name without
    Jekyll's date prefix ("2024-07-29-name.md" -> "name"): a post's identity is its URL;
  - wire copy: the file name without extension (the agency's story id).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from .documents import ImportProblem, StoryDocument
from .frontmatter import looks_like_front_matter, parse_post
from .palette import Palette
from .reading import DEFAULT_MAX_BYTES, read_story_text
from .site_images import SiteImages
from .store import ImportSettings, save_story
from .wiretext import looks_like_wire, parse_wire

logger = logging.getLogger(__name__)

# In folders, files with these suffixes (or none) are stories; images and the rest are skipped.
STORY_SUFFIXES = frozenset({"", ".md", ".markdown", ".html", ".htm", ".txt"})


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class FileResult:
    path: Path
    outcome: Outcome
    format: str = ""
    import_key: str = ""
    headline: str = ""
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def detect_format(text: str) -> str:
    if looks_like_front_matter(text):
        return "frontmatter"
    if looks_like_wire(text):
        return "wire"
    raise ImportProblem(
        "unrecognised format: neither '---' front matter nor a wire header "
        "(a reading-time line like '4분 읽기' or a date line like '2025년 7월 30일')"
    )


def parse_document(text: str, path: Path, palette: Palette) -> StoryDocument:
    if detect_format(text) == "frontmatter":
        return parse_post(text, path, palette)
    return parse_wire(text, path)


def collect_files(paths) -> list[Path]:
    """The files to import, in order: named files as given, folders searched recursively.

    Hidden files and folders, and files whose suffix is not a story's, are skipped in folders.
    A path that does not exist is kept, so that it is reported as a failed file.
    """
    found: dict[Path, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path).parts
                if (
                    candidate.is_file()
                    and not any(part.startswith(".") for part in relative)
                    and candidate.suffix.lower() in STORY_SUFFIXES
                ):
                    found.setdefault(candidate, None)
        else:
            found.setdefault(path, None)
    return list(found)


class Importer:
    def __init__(
        self,
        *,
        site_root: Path | None = None,
        publish: bool = False,
        dry_run: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        raise_unexpected: bool = False,
    ):
        self.settings = ImportSettings(
            site_images=SiteImages(site_root), publish=publish, dry_run=dry_run
        )
        self.max_bytes = max_bytes
        self.raise_unexpected = raise_unexpected
        self.palette = Palette.from_database()

    def import_file(self, path: Path) -> FileResult:
        doc = None
        try:
            doc = parse_document(read_story_text(path, self.max_bytes), path, self.palette)
            with transaction.atomic():
                change = save_story(doc, self.palette, self.settings)
        except ImportProblem as exc:
            if not exc.permanent:
                logger.warning("Import of %s failed, not for its content: %s", path, exc)
            return self._failed(path, doc, str(exc))
        except ValidationError as exc:  # the file's content over a limit (e.g. the sanitizer's)
            return self._failed(path, doc, " ".join(exc.messages))
        # Neither of these is the file's fault: the command's output names the file, but the
        # people who run the site read the logs.
        except DatabaseError as exc:
            if self.raise_unexpected:
                raise
            logger.warning("Import of %s failed: database error", path, exc_info=True)
            return self._failed(path, doc, f"database error: {exc}")
        except Exception as exc:  # a bug must cost one file, not the rest of the batch
            if self.raise_unexpected:
                raise
            logger.warning("Import of %s failed: unexpected error", path, exc_info=True)
            return self._failed(path, doc, f"unexpected error: {exc.__class__.__name__}: {exc}")
        if change.created:
            outcome = Outcome.CREATED
        elif change.changes:
            outcome = Outcome.UPDATED
        else:
            outcome = Outcome.UNCHANGED
        return FileResult(
            path=path,
            outcome=outcome,
            format=doc.format,
            import_key=doc.import_key,
            headline=doc.headline,
            changes=change.changes,
            warnings=doc.warnings,
        )

    @staticmethod
    def _failed(path: Path, doc: StoryDocument | None, message: str) -> FileResult:
        return FileResult(
            path=path,
            outcome=Outcome.FAILED,
            format=doc.format if doc else "",
            import_key=doc.import_key if doc else "",
            headline=doc.headline if doc else "",
            warnings=doc.warnings if doc else [],
            error=message,
        )


__all__ = [
    "FileResult",
    "ImportProblem",
    "Importer",
    "Outcome",
    "StoryDocument",
    "collect_files",
    "detect_format",
    "parse_document",
]
