"""Images named by site-root paths (/assets/img/x.jpg), found under --site-root and validated.

A resolved image passes the same checks as an admin upload (photos.pipeline), and is then
stored through the same pipeline into the photo library (see importers.store). Anything that
cannot be used comes back as a warning, never an error: the story still imports and keeps the
reference.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

from photos.fields import validate_image_upload

logger = logging.getLogger(__name__)


@dataclass
class SiteImage:
    reference: str
    name: str
    content: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


class SiteImages:
    """Site-root images for one import run.

    Archives reuse a few images across many posts (an outlet's "breaking news" picture), so
    each file is validated once per run; its bytes are read again for every story, so memory
    does not grow with the archive.
    """

    def __init__(self, site_root: Path | None):
        self.site_root = site_root.resolve() if site_root else None
        self._validated: dict[tuple[Path, int, int], str] = {}  # (path, mtime, size) -> problem

    def resolve(self, reference: str) -> tuple[SiteImage | None, str]:
        """(image, "") when reference names a valid image under the site root, else (None,
        a warning); no reference gives (None, "")."""
        if not reference:
            return None, ""
        kept = "the story keeps the reference"
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc:
            return None, f"image {reference} is not a site-root path; {kept}"
        if self.site_root is None:
            return None, f"image {reference} not imported: no --site-root given; {kept}"
        candidate = (self.site_root / unquote(parts.path).lstrip("/")).resolve()
        if not candidate.is_relative_to(self.site_root):
            return None, f"image {reference} points outside the site root; {kept}"
        if not candidate.is_file():
            return None, f"image {reference} not found under {self.site_root}; {kept}"
        try:
            stat = candidate.stat()
            key = (candidate, stat.st_mtime_ns, stat.st_size)
            if key not in self._validated:
                self._validated[key] = _validation_problem(candidate)
            problem = self._validated[key]
            content = b"" if problem else candidate.read_bytes()
        except OSError as exc:
            # The file is there but the machine cannot read it: not the post's fault.
            logger.warning("Import: image %s cannot be read: %s", candidate, exc)
            return None, f"image {reference} cannot be read ({exc.strerror or exc}); {kept}"
        if problem:
            return None, f"image {reference} is not usable ({problem}); {kept}"
        return SiteImage(reference=reference, name=candidate.name, content=content), ""


def _validation_problem(path: Path) -> str:
    """The upload validator's message for the file at path, or "" when it is a usable image."""
    with path.open("rb") as handle:
        try:
            validate_image_upload(File(handle, name=path.name))
        except ValidationError as exc:
            return " ".join(exc.messages)
    return ""
