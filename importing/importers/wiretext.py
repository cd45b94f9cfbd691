"""Wire copy received as plain text.

The shape, line by line: section ("아시아"), reading time ("4분 읽기"), headline, deck, the
headline again, the photo caption, the date ("2025년 7월 30일"); a blank line; the body, one
paragraph a line; then a trailer: "관련…" (the related link), "출처:AA" (the source), and
"발견" followed by one related headline a line.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .dates import in_story_range, parse_korean_date
from .documents import ImportProblem, StoryDocument, make_import_key

FORMAT = "wire"
READING_TIME = re.compile(r"^\d+\s*분\s*읽기$")
HEADER_SCAN_LINES = 10
HEADLINE_MAX = 300
SECTION_MAX = 100
RELATED_TITLE_MAX = 300
DISCOVER_MARKER = "발견"
SOURCE_PREFIX = re.compile(r"^출처\s*:\s*")
RELATED_LINK_PREFIX = "관련"
_URL = re.compile(r"https?://\S+")


def looks_like_wire(text: str) -> bool:
    """A reading-time or Korean date line among the first lines marks a wire header."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:HEADER_SCAN_LINES]
    return any(READING_TIME.match(line) or parse_korean_date(line) for line in lines)


def _split_header(lines: list[str]):
    """(header lines, date, index of the first line after the header)."""
    index = 0
    while index < len(lines) and not lines[index]:
        index += 1
    header, date = [], None
    while index < len(lines) and lines[index]:
        line = lines[index]
        index += 1
        date = parse_korean_date(line)
        if date:
            break
        header.append(line)
    return header, date, index


def _header_parts(header: list[str]) -> tuple[str, str, str, str]:
    """(section, headline, deck, caption) from the header lines."""
    items = [line for line in header if not READING_TIME.match(line)]
    if len(items) < 2:
        raise ImportProblem(
            "wire header has no headline: expected section, reading time, headline, deck, "
            "headline again, caption and date lines"
        )
    section, headline = items[0], items[1]
    if len(section) > SECTION_MAX:
        raise ImportProblem("the first line should be the section name; it is a long line")
    if len(headline) > HEADLINE_MAX:
        raise ImportProblem(f"headline is longer than {HEADLINE_MAX} characters")
    rest = [line for line in items[2:] if line != headline]  # the headline is repeated
    if len(rest) > 2:
        raise ImportProblem(
            f"wire header has {len(rest)} lines after the headline where a deck and a caption "
            "are expected; is the blank line after the date missing?"
        )
    deck = rest[0] if rest else ""
    caption = rest[1] if len(rest) > 1 else ""
    return section, headline, deck, caption


def _previous_line(lines: list[str], before: int) -> int | None:
    for index in range(before - 1, -1, -1):
        if lines[index]:
            return index
    return None


def _split_trailer(lines: list[str]):
    """(body lines, related link text, source, related headlines) of the lines after the header.

    "관련" and "출처:" count only just before "발견" (or at the end): a body paragraph may well
    begin with the word 관련.
    """
    discover = next((i for i, line in enumerate(lines) if line == DISCOVER_MARKER), None)
    related = [line for line in lines[discover + 1 :] if line] if discover is not None else []
    end = len(lines) if discover is None else discover
    link = source = None
    while (index := _previous_line(lines, end)) is not None:
        line = lines[index]
        if source is None and SOURCE_PREFIX.match(line):
            source = SOURCE_PREFIX.sub("", line).strip()
        elif link is None and line.startswith(RELATED_LINK_PREFIX):
            link = line[len(RELATED_LINK_PREFIX) :].strip()
        else:
            break
        end = index
    return [line for line in lines[:end] if line], link or "", source or "", related


def _related_link(text: str) -> tuple[str, str]:
    """(title, url) of the related-link line; the URL only when the line has one."""
    match = _URL.search(text)
    if not match:
        return text, ""
    title = (text[: match.start()] + text[match.end() :]).strip(" -–—:()[]<>")
    return title, match.group(0).rstrip(").,>]")


def parse_wire(text: str, path: Path) -> StoryDocument:
    lines = [line.strip() for line in text.split("\n")]
    header, date, body_start = _split_header(lines)
    date = in_story_range(date, "the date line")
    section, headline, deck, caption = _header_parts(header)
    paragraphs, link, source, related = _split_trailer(lines[body_start:])
    warnings = []
    if date is None:
        warnings.append("no date line (like '2025년 7월 30일') in the header")
    if not paragraphs:
        warnings.append("the story has no body paragraphs")
    if len(source) > SECTION_MAX:
        raise ImportProblem("the '출처:' line is too long for a source name")
    for position, title in enumerate(related):
        if len(title) > RELATED_TITLE_MAX:
            warnings.append(f"related headline {position + 1} is cut to {RELATED_TITLE_MAX} chars")
            related[position] = title[:RELATED_TITLE_MAX]
    link_title, link_url = _related_link(link)
    return StoryDocument(
        # Wire copy carries no id of its own; the file name is the agency's (stable) one.
        import_key=make_import_key(FORMAT, path.stem),
        format=FORMAT,
        headline=headline,
        section=section,
        categories=[section],
        deck=deck,
        image_caption=html.escape(caption, quote=False),
        body="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs),
        source=source,
        related_link_title=link_title[:HEADLINE_MAX],
        related_link_url=link_url,
        related_headlines=related,
        published_at=date,
        warnings=warnings,
    )
