"""Path converters for the public addresses: what a slug or token segment may hold at all.

A control character can be in no slug, id or signed token, and a NUL reaching PostgreSQL is a
DataError (a 500), so the resolver refuses both before any view runs: the address is a 404.
"""

from django.urls import register_converter

# Longer than any stored slug (255) or signed token: nothing that long can name a row.
MAX_SEGMENT_LENGTH = 255


class SegmentConverter:
    """One path segment without "/" or control characters (C0, DEL, C1)."""

    regex = rf"[^/\x00-\x1f\x7f-\x9f]{{1,{MAX_SEGMENT_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(SegmentConverter, "segment")
