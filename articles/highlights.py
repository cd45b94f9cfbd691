"""Finding the highlight spans (key sentences) in a sanitized story body."""

import re
from collections.abc import Iterable
from html.parser import HTMLParser


class _HighlightCollector(HTMLParser):
    def __init__(self, classes: set[str]):
        super().__init__(convert_charrefs=True)
        self.classes = classes
        self.found: list[tuple[str, str]] = []
        self._open: list[tuple[str | None, list[str]]] = []  # one per open span

    def handle_starttag(self, tag, attrs):
        if tag != "span":
            return
        css = dict(attrs).get("class") or ""
        style = next((c for c in css.split() if c in self.classes), None)
        self._open.append((style, []))

    def handle_endtag(self, tag):
        if tag != "span" or not self._open:
            return
        style, parts = self._open.pop()
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if self._open:  # text inside a nested span belongs to the outer span too
            self._open[-1][1].append("".join(parts))
        if style and text:
            self.found.append((style, text))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def extract(body: str, classes: Iterable[str]) -> list[tuple[str, str]]:
    """[(css_class, text), ...] for every highlight span of body, in document order."""
    collector = _HighlightCollector(set(classes))
    collector.feed(body or "")
    collector.close()
    # Spans close inner-first; document order is the order in which they opened, which for
    # non-nested spans (the normal case) equals the order in which they closed.
    return collector.found
