"""The format-neutral story an importer reads from a file, before it touches the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

IMPORT_KEY_MAX = 255


class ImportProblem(Exception):
    """A file that cannot be imported; the message names the problem for the command's output.

    `permanent=False` marks a failure that is not the file's fault (the media storage or the
    disk failed): importing it again may work, and whoever runs the site is told by a WARNING.
    """

    def __init__(self, message: str, *, permanent: bool = True):
        super().__init__(message)
        self.permanent = permanent


@dataclass
class StoryDocument:
    """Everything one imported file says about a story, in our story's terms."""

    import_key: str
    format: str
    headline: str
    slug: str = ""  # only when the file names one; otherwise the site makes it from the headline
    section: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    deck: str = ""
    excerpt: str = ""
    feature_text: str = ""
    image_reference: str = ""
    image_alt: str = ""
    image_caption: str = ""  # HTML (inline), like the caption field
    body: str = ""  # HTML, not yet sanitized
    summary: list[str] = field(default_factory=list)
    attendee_tables: list[list[tuple[str, list[str]]]] = field(default_factory=list)
    source: str = ""
    related_link_title: str = ""
    related_link_url: str = ""
    related_headlines: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    warnings: list[str] = field(default_factory=list)


def make_import_key(format_name: str, stable_id: str) -> str:
    """'file:<format>:<stable id>', hashed at the end when too long for the column."""
    key = f"file:{format_name}:{stable_id}"
    if len(key) <= IMPORT_KEY_MAX:
        return key
    digest = hashlib.sha256(stable_id.encode()).hexdigest()[:16]
    return f"{key[: IMPORT_KEY_MAX - len(digest) - 1]}~{digest}"
