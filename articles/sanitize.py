"""The one place stored HTML is cleaned: an allowlist that keeps a story's structure.

Every body, caption and other HTML fragment goes through sanitize_html() on save and import.
Highlight markup survives only as a palette class on a span; inline style never survives.
"""

import html
import re
from urllib.parse import unquote

import bleach
from bleach.html5lib_shim import Filter

BLOCK_TAGS = [
    "p", "h2", "h3", "ul", "ol", "li", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
]  # fmt: skip
INLINE_TAGS = ["a", "b", "strong", "em", "i", "br", "span"]
SAFE_PROTOCOLS = ["http", "https", "mailto"]

# Elements whose text is never story text. bleach would strip the tags but keep their
# contents as visible text, so they go with their contents first. This pass is cosmetic:
# bleach below is the security boundary whatever this regex misses.
_INVISIBLE_ELEMENTS = re.compile(
    r"<(script|style|template|iframe|object|embed|noscript|textarea|title|xmp|noembed|"
    r"noframes|svg|math|select)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TABLE_CELL_ATTRIBUTES = {"scope", "colspan", "rowspan"}


# A scheme at the start of a URL once percent-decoded: "javascript%3A…" is a harmless relative
# link to a browser, but not to every tool that decodes a URL before following it.
_DECODED_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _safe_when_decoded(url: str) -> bool:
    decoded = _SPACE_AND_CONTROL.sub("", unquote(html.unescape(url))).lower()
    match = _DECODED_SCHEME.match(decoded)
    return match is None or match.group(1) in SAFE_PROTOCOLS


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        if name == "href":
            return _safe_when_decoded(value)
        return name == "title"
    if tag == "span":
        return name == "class"
    if tag in ("th", "td"):
        if name == "scope":
            return value in ("col", "row", "colgroup", "rowgroup")
        if name in ("colspan", "rowspan"):
            return value.isdigit() and 0 < int(value) <= 50
    return False


class _PaletteClassFilter(Filter):
    """Keeps only the palette's classes on spans; drops the attribute when none is left."""

    allowed_classes: frozenset[str] = frozenset()

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "span":
                attrs = token["data"]
                key = (None, "class")
                if key in attrs:
                    kept = [c for c in attrs[key].split() if c in self.allowed_classes]
                    if kept:
                        attrs[key] = " ".join(dict.fromkeys(kept))
                    else:
                        del attrs[key]
            yield token


def sanitize_html(fragment: str, *, allowed_classes=frozenset(), inline_only: bool = False) -> str:
    """Clean an HTML fragment by the newsroom's allowlist and return it."""
    if not fragment:
        return ""
    fragment = _INVISIBLE_ELEMENTS.sub("", fragment)
    palette_filter = type(
        "PaletteClassFilter",
        (_PaletteClassFilter,),
        {"allowed_classes": frozenset(allowed_classes)},
    )
    cleaner = bleach.Cleaner(
        tags=INLINE_TAGS if inline_only else INLINE_TAGS + BLOCK_TAGS,
        attributes=_allow_attribute,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[palette_filter],
    )
    return cleaner.clean(fragment).strip()


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment, with tags removed and entities decoded."""
    if not fragment:
        return ""
    spaced = re.sub(r"<(?:br|/p|/h[1-6]|/li|/td|/th|hr)[^>]*>", " \\g<0>", fragment, flags=re.I)
    text = bleach.clean(spaced, tags=[], attributes={}, strip=True, strip_comments=True)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
