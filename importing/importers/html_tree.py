"""A small element tree for imported HTML bodies, built with the stdlib parser.

The importer has to move whole elements around (a summary list, an attendee table, a footer
line), which regexes cannot do reliably. This tree is only as forgiving as blog-editor output
needs: it closes void elements, open paragraphs and inline markup before blocks, and list items
and table cells before their siblings. It is not a security boundary: sanitize_html() is, on
Article.save().
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markup.sanitize import MAX_NESTING_DEPTH, too_deep

VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
        "section", "table", "ul",
    }
)  # fmt: skip
# Inline markup a block never sits in. Posts write "<b>" where "</b>" is meant; left open, it
# would take every block after it (headings, the summary, the table, the footer line) inside
# itself. Browsers close the paragraph there and carry the bold on; here it is closed.
INLINE_TAGS = frozenset(
    {
        "abbr", "b", "big", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
        "span", "strike", "strong", "sub", "sup", "u",
    }
)  # fmt: skip
# An open <li>, <tr> or cell is closed by a sibling, but never across its list or table.
_IMPLICIT_CLOSE = {
    "li": ("li", {"ul", "ol"}),
    "tr": ("tr", {"table"}),
    "td": ("td", {"tr", "table"}),
    "th": ("th", {"tr", "table"}),
}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.elements():
            yield from child.iter()

    def text(self) -> str:
        return text_of(self.children)


def text_of(nodes) -> str:
    parts = []
    for node in nodes:
        parts.append(node if isinstance(node, str) else node.text())
    return "".join(parts)


def is_blank(node) -> bool:
    """True for whitespace text, including the &nbsp; editors use to fake empty lines."""
    return isinstance(node, str) and not node.replace("\xa0", " ").strip()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def _open_tags(self) -> list[str]:
        return [element.tag for element in self.stack]

    def _close_through(self, index: int):
        del self.stack[index:]

    def _close_implicitly(self, tag: str):
        if tag in BLOCK_TAGS:
            while self.stack[-1].tag in INLINE_TAGS:
                self.stack.pop()
            if self.stack[-1].tag == "p":
                self.stack.pop()
        if tag in _IMPLICIT_CLOSE:
            closes, boundary = _IMPLICIT_CLOSE[tag]
            tags = self._open_tags()
            for index in range(len(tags) - 1, 0, -1):
                if tags[index] in boundary:
                    break
                if tags[index] == closes or (tag in ("td", "th") and tags[index] in ("td", "th")):
                    self._close_through(index)
                    break

    def handle_starttag(self, tag, attrs):
        self._close_implicitly(tag)
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            # The transform recurses per level; the sanitizer's bound keeps both in step.
            if len(self.stack) > MAX_NESTING_DEPTH:
                raise too_deep()
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self._close_implicitly(tag)
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        tags = self._open_tags()
        for index in range(len(tags) - 1, 0, -1):
            if tags[index] == tag:
                self._close_through(index)
                return
        # A stray end tag (</p> with no <p> open) closes nothing, as in browsers.

    def parse_marked_section(self, i, report=1):
        # In HTML "<![CDATA[", "<![endif]" and any other "<![" open a bogus comment that ends at
        # the next ">", as browsers (and the sanitizer's html5lib) read them. The stdlib parser
        # instead asserts on a malformed one, or swallows the rest of the body looking for "]]>".
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def handle_data(self, data):
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse(fragment: str) -> list[Element | str]:
    """The top-level nodes of an HTML fragment: elements and text strings."""
    builder = _TreeBuilder()
    builder.feed(fragment or "")
    builder.close()
    return builder.root.children


def serialize(nodes) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
            continue
        attrs = "".join(
            f' {name}="{html.escape(value, quote=True)}"' for name, value in node.attrs.items()
        )
        if node.tag in VOID_TAGS:
            parts.append(f"<{node.tag}{attrs}>")
        else:
            parts.append(f"<{node.tag}{attrs}>{serialize(node.children)}</{node.tag}>")
    return "".join(parts)
