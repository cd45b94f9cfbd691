"""Plain text as stored: no invisible control or formatting characters.

A right-to-left override (U+202E) in a headline reverses how the rest of the line reads in
lists, feeds and the admin; a zero-width space makes two tags or slugs that look the same
differ. Text fields that are not HTML go through clean_text() in their model's save(), so
the admin, the importer and any script store the same thing.
"""

import re

# Cc (controls), Cf (format: bidi embeddings, overrides and isolates, zero-width characters,
# the BOM, soft hyphens, tag characters) and Cs (lone surrogates, which PostgreSQL refuses),
# as ranges: deriving them from unicodedata at import costs half a second per process.
# tests/test_security_round2_text.py checks the list against the running Python's tables.
INVISIBLE_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605),
    (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891),
    (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_INVISIBLE_RE = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in INVISIBLE_RANGES) + "]"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")
_SPACES = re.compile(r"\r\n|[\t\r\n\u2028\u2029\x85]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """value without invisible characters; tabs and line breaks become spaces unless multiline.

    In multiline text (deck, excerpt, caption) line breaks are kept, as "\\n", and tabs too.
    """
    if not value:
        return value
    if multiline:
        value = _LINE_BREAKS.sub("\n", value)
        return _INVISIBLE_RE.sub(lambda m: m.group() if m.group() in "\t\n" else "", value)
    return _INVISIBLE_RE.sub("", _SPACES.sub(" ", value))
