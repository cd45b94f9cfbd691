"""Sanitizer cost on hostile bodies: each shape at the size limit, in ms per KB.

    .venv/bin/python bench/sanitize_bench.py [--kb N]

Feeds markup.sanitize.sanitize_html bodies of each adversarial shape, as long as the
sanitizer accepts (MAX_HTML_CHARS) or --kb, and prints one row per shape: size, time, ms/KB and
whether the body was refused (a refusal is the answer for shapes that nest too deep). Shapes
that nest are fed past the depth limit on purpose: what is measured is how fast they are
refused. Run it before and after changing the sanitizer; a super-linear pass shows as ms/KB
growing with --kb.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from markup.sanitize import MAX_HTML_CHARS, sanitize_html  # noqa: E402

PALETTE = frozenset({"hl-red", "hl-blue"})

# One repeated unit per shape; the body is the unit repeated up to the size.
SHAPES = {
    "svg flood": "<svg>",
    "select flood": "<select>",
    "nested b": "<b>",
    "nested b + text": "<b>가",
    "nested div": "<div>",
    "nested span (kept)": '<span class="hl-red">',
    "deeply nested lists": "<ul><li>",
    "closed lists (kept)": "<ul><li>항목</li></ul>",
    "many attributes": '<a href="https://example.com/" title="t" x1=1 x2=2 x3=3 onclick=y>',
    "long comments": "<!-- " + "주석" * 200 + " -->",
    "unclosed tags": "<p><b><i><a href=",
    "unclosed attribute": '<a title="',
    "stripped tags + text": "가<u>",
    "paragraphs (kept)": "<p>문단</p>",
    "table cells": '<td colspan="2">칸',
    "entities": "&amp;&lt;&#x41;&nbsp;",
    "mixed": (
        '<p>본문 <b>굵게</b> <span class="hl-red">강조</span><svg><script>x</script>'
        '<select><option>1</select><a href="javascript:alert(1)">링크</a><!-- c --></p>'
    ),
}


def body(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def run(size: int) -> list[tuple[str, int, float, str]]:
    rows = []
    for name, unit in SHAPES.items():
        fragment = body(unit, size)
        started = time.perf_counter()
        try:
            sanitize_html(fragment, allowed_classes=PALETTE)
            outcome = "cleaned"
        except ValidationError as error:
            outcome = f"refused ({error.code})"
        rows.append((name, len(fragment), time.perf_counter() - started, outcome))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kb", type=int, default=min(1000, MAX_HTML_CHARS // 1000), help="body size in KB"
    )
    size = parser.parse_args().kb * 1000
    if size > MAX_HTML_CHARS:
        print(f"note: {size:,} is over MAX_HTML_CHARS ({MAX_HTML_CHARS:,}); every shape is refused")
    rows = run(size)
    print("| shape | chars | ms | ms/KB | result |\n|---|---:|---:|---:|---|")
    for name, length, seconds, outcome in rows:
        print(
            f"| {name} | {length:,} | {seconds * 1000:,.0f} | "
            f"{seconds * 1000 / (length / 1000):.2f} | {outcome} |"
        )
    worst = max(rows, key=lambda row: row[2])
    print(f"\nworst: {worst[0]}, {worst[2]:.2f} s for {worst[1]:,} characters")


if __name__ == "__main__":
    main()
