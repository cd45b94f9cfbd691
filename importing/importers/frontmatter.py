"""Blog posts with YAML front matter (Jekyll style) and an HTML body."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .dates import in_korea_time, in_story_range, parse_date_text, split_dated_file_name
from .documents import ImportProblem, StoryDocument, make_import_key
from .html_transform import collapse, transform_body
from .palette import Palette

FORMAT = "frontmatter"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.M | re.S)
# yaml.safe_load's loader, in C when PyYAML has libyaml: the same safe subset, several times
# faster, which matters for archives of thousands of posts.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADLINE_MAX = 300
NAME_MAX = 100


def looks_like_front_matter(text: str) -> bool:
    return text.lstrip("\n").split("\n", 1)[0].rstrip() == "---"


def split_front_matter(text: str) -> tuple[dict, str]:
    """(fields, body); ImportProblem when the front matter is malformed."""
    text = text.lstrip("\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ImportProblem("front matter is not closed: no '---' line after the fields")
    try:
        fields = yaml.load(match["yaml"], Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        # Marks count from 0 within the front matter, which starts on the file's line 2.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            problem += f" ({context} started at line {context_mark.line + 2})"
        raise ImportProblem(f"front matter is not valid YAML{where}: {problem}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise ImportProblem("front matter must be 'name: value' fields, not a list or a value")
    return fields, text[match.end() :]


def _text_field(fields: dict, name: str) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        raise ImportProblem(f"front matter '{name}' must be text, not a list or mapping")
    return str(value).strip()


def _name_list(fields: dict, plural: str, singular: str) -> list[str]:
    """Jekyll's categories/tags: a YAML list, or one string split on commas or spaces."""
    value = fields.get(plural, fields.get(singular))
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",") if "," in value else value.split()
    elif not isinstance(value, list):
        value = [value]
    names = []
    for item in value:
        if isinstance(item, list | dict):
            raise ImportProblem(f"front matter '{plural}' must be a list of names")
        name = collapse(str(item))
        if len(name) > NAME_MAX:
            raise ImportProblem(f"front matter '{plural}': '{name[:30]}…' is too long")
        if name and name not in names:
            names.append(name)
    return names


def _image_field(fields: dict) -> tuple[str, str]:
    """(reference, alt) from `image: /path` or `image: {path: /path, alt: …}`."""
    value = fields.get("image")
    if isinstance(value, dict):
        reference = value.get("path") or value.get("url") or value.get("feature") or ""
        return str(reference).strip(), collapse(str(value.get("alt") or ""))
    if isinstance(value, list):
        raise ImportProblem("front matter 'image' must be one path")
    return ("" if value is None else str(value).strip()), ""


def _date_field(fields: dict):
    value = fields.get("date")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed = parse_date_text(value)
        if parsed is None:
            raise ImportProblem(f"front matter 'date' is not a date: {value!r}")
    else:
        try:
            parsed = in_korea_time(value)
        except TypeError:
            raise ImportProblem(f"front matter 'date' is not a date: {value!r}") from None
    return in_story_range(parsed, "front matter 'date'")


def _permalink_slug(permalink: str) -> str:
    segments = [s for s in unquote(urlsplit(permalink).path).split("/") if s]
    return segments[-1].removesuffix(".html") if segments else ""


def stable_id(fields: dict, path: Path) -> str:
    """The post's identity across imports: its slug, else its permalink, else its file name.

    Jekyll identifies a post by its URL, so the same identity keeps a re-import on the same story
    even when the title, date or folder changes.
    """
    slug = _text_field(fields, "slug")
    if slug:
        return slug
    permalink = _text_field(fields, "permalink")
    if permalink:
        return unquote(urlsplit(permalink).path).strip("/") or permalink
    return split_dated_file_name(path.stem)[1]


def parse_post(text: str, path: Path, palette: Palette) -> StoryDocument:
    fields, body = split_front_matter(text)
    headline = collapse(_text_field(fields, "title"))
    if not headline:
        raise ImportProblem("front matter has no 'title'")
    if len(headline) > HEADLINE_MAX:
        raise ImportProblem(f"title is longer than {HEADLINE_MAX} characters")
    file_date = in_story_range(split_dated_file_name(path.stem)[0], "the file name's date")
    categories = _name_list(fields, "categories", "category")
    image_reference, image_alt = _image_field(fields)
    slug = _text_field(fields, "slug") or _permalink_slug(_text_field(fields, "permalink"))

    transformed = transform_body(body, palette, feature_image=image_reference)
    warnings = list(transformed.warnings)
    if transformed.leading_image:
        image_reference = image_reference or transformed.leading_image.src
        image_alt = image_alt or transformed.leading_image.alt
    warnings += [
        f"body image {src or '(no src)'} left out: story bodies hold no images"
        for src in transformed.dropped_images
    ]
    if not transformed.html:
        warnings.append("the body is empty")

    return StoryDocument(
        import_key=make_import_key(FORMAT, stable_id(fields, path)),
        format=FORMAT,
        headline=headline,
        slug=slug,
        section=categories[0] if categories else "",
        categories=categories,
        tags=_name_list(fields, "tags", "tag"),
        excerpt=_text_field(fields, "excerpt"),
        feature_text=_text_field(fields, "feature_text"),
        image_reference=image_reference,
        image_alt=image_alt,
        body=transformed.html,
        summary=transformed.summary,
        attendee_tables=transformed.attendee_tables,
        published_at=_date_field(fields) or file_date,
        warnings=warnings,
    )
