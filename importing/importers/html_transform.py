"""Turning a blog post's HTML body into our story parts.

Blog-editor markup becomes the newsroom's structure: inline-coloured bold spans become palette
highlight spans, the <hr><ul> after the body becomes the summary list, a side-by-side table of
names becomes an attendee table, the outlet's promotional footer line goes (the site renders
its own footer), and editor debris (empty &nbsp; paragraphs, data-* attributes) is dropped.
What is left is ordinary HTML that Article.save() sanitizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .html_tree import BLOCK_TAGS, Element, is_blank, parse, serialize, text_of
from .palette import Palette, declared_colours

BOLD_TAGS = frozenset({"b", "strong"})
# Attributes worth carrying to the sanitizer; it has the final say. Everything else (style,
# data-ke-size, class, id, rel...) is editor markup that means nothing on our site.
_KEPT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan", "scope"},
    "th": {"colspan", "rowspan", "scope"},
    "span": {"class"},
}
_HEADING_LEVELS = {"h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}
# Containers whose whitespace-only text is layout, never content.
_WHITESPACE_INSENSITIVE = frozenset(
    {"ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "blockquote"}
)
_UNWRAPPED_CONTAINERS = frozenset({"div", "section", "article", "main", "header", "footer"})
# A footer line is a short phrase then one link to a home page: "실시간 뉴스 속보는, <a>…</a>".
FOOTER_PHRASE_MAX = 40
FOOTER_LINK_TEXT_MAX = 80
_TRAILING_PUNCTUATION = re.compile(r"^[\s\xa0.,:;!?)\]'\"»›→·-]*$")
ATTENDEE_CELL_MAX = 80


@dataclass
class ImageReference:
    src: str
    alt: str = ""


@dataclass
class TransformedBody:
    html: str
    summary: list[str] = field(default_factory=list)
    attendee_tables: list[list[tuple[str, list[str]]]] = field(default_factory=list)
    leading_image: ImageReference | None = None
    dropped_images: list[str] = field(default_factory=list)
    footer: str = ""
    warnings: list[str] = field(default_factory=list)


def same_image(a: str, b: str) -> bool:
    """Two references to one image: equal paths, whatever the host or query."""

    def path(reference: str) -> str:
        return unquote(urlsplit(reference.strip()).path).lstrip("./").lstrip("/")

    return bool(a and b) and path(a) == path(b)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def transform_body(fragment: str, palette: Palette, *, feature_image: str = "") -> TransformedBody:
    """Split a post body into its parts; the returned html still needs sanitizing."""
    warnings: list[str] = []
    nodes = _convert_highlights(parse(fragment), palette, warnings)
    _clean_elements(nodes)
    nodes = _group_loose_inline(_unwrap_containers(nodes))
    nodes = _drop_empty_paragraphs(nodes)
    result = TransformedBody(html="", warnings=warnings)
    nodes, result.leading_image = _take_leading_image(nodes, feature_image)
    nodes, result.footer = _take_footer(nodes, warnings)
    nodes, result.summary = _take_summary(nodes)
    nodes, result.attendee_tables = _take_attendee_tables(nodes)
    nodes, result.dropped_images = _take_images(nodes)
    result.html = "\n".join(serialize([node]) for node in nodes)  # a block a line, for editors
    return result


# Highlights ----------------------------------------------------------------------------------


def _sole_element(element: Element) -> Element | None:
    """The only child element when the rest of the children are whitespace."""
    elements = element.elements()
    if len(elements) == 1 and all(is_blank(c) for c in element.children if c is not elements[0]):
        return elements[0]
    return None


def _highlight_replacement(node: Element, palette: Palette, warnings: list[str]):
    """Replacement nodes for a coloured bold span, or None when node is not one."""
    inner = _sole_element(node)
    if node.tag in BOLD_TAGS and inner is not None and inner.tag == "span":
        colours, content, bold = declared_colours(inner.attrs.get("style", "")), inner, True
    elif node.tag == "span":
        colours, content = declared_colours(node.attrs.get("style", "")), node
        bold = inner is not None and inner.tag in BOLD_TAGS
        if bold:
            content = inner
    else:
        return None
    if not colours:
        return None
    css_class = palette.css_class_for(colours)
    if css_class:
        return [Element("span", {"class": css_class}, content.children)]
    described = ", ".join(f"{role} {colour}" for role, colour in colours.items())
    kept_as = "bold" if bold else "plain text"
    excerpt = collapse(content.text())[:40]
    warnings.append(f"colour ({described}) is not in the palette; kept as {kept_as}: “{excerpt}”")
    return [Element("b", {}, content.children)] if bold else list(content.children)


def _convert_highlights(nodes, palette: Palette, warnings: list[str]) -> list:
    converted = []
    for node in nodes:
        if isinstance(node, str):
            converted.append(node)
            continue
        replacement = _highlight_replacement(node, palette, warnings)
        if replacement is None:
            node.children = _convert_highlights(node.children, palette, warnings)
            converted.append(node)
            continue
        for new in replacement:
            if isinstance(new, Element):
                new.children = _convert_highlights(new.children, palette, warnings)
            converted.append(new)
    return converted


# Editor debris --------------------------------------------------------------------------------


def _clean_elements(nodes):
    """Keep only meaningful attributes, our two heading levels, and spans that carry a class."""
    for node in nodes:
        if isinstance(node, Element):
            kept = _KEPT_ATTRIBUTES.get(node.tag, set())
            node.attrs = {name: value for name, value in node.attrs.items() if name in kept}
            node.tag = _HEADING_LEVELS.get(node.tag, node.tag)
            _clean_elements(node.children)
            node.children = _unwrap_plain_spans(node.children)


def _unwrap_plain_spans(nodes) -> list:
    unwrapped = []
    for node in nodes:
        if isinstance(node, Element) and node.tag == "span" and not node.attrs.get("class"):
            unwrapped.extend(node.children)
        else:
            unwrapped.append(node)
    return unwrapped


def _unwrap_containers(nodes) -> list:
    unwrapped = []
    for node in _unwrap_plain_spans(nodes):
        if isinstance(node, Element) and node.tag in _UNWRAPPED_CONTAINERS:
            unwrapped.extend(_unwrap_containers(node.children))
        else:
            unwrapped.append(node)
    return unwrapped


def _group_loose_inline(nodes) -> list:
    """Wrap top-level text and inline elements in paragraphs, so every line is a block."""
    grouped, run = [], []

    def flush():
        if any(not is_blank(node) for node in run):
            grouped.append(Element("p", {}, _strip_run(run)))
        run.clear()

    for node in nodes:
        if isinstance(node, Element) and node.tag in BLOCK_TAGS:
            flush()
            grouped.append(node)
        else:
            run.append(node)
    flush()
    return grouped


def _strip_run(run: list) -> list:
    run = list(run)
    if run and isinstance(run[0], str):
        run[0] = run[0].lstrip()
    if run and isinstance(run[-1], str):
        run[-1] = run[-1].rstrip()
    return [node for node in run if node != ""]


def _is_empty_paragraph(node) -> bool:
    if not (isinstance(node, Element) and node.tag == "p"):
        return False
    if any(element.tag == "img" for element in node.iter()):
        return False
    return not collapse(node.text())


def _drop_empty_paragraphs(nodes) -> list:
    kept = []
    for node in nodes:
        if _is_empty_paragraph(node) or is_blank(node):
            continue
        if isinstance(node, Element):
            node.children = [
                child
                for child in node.children
                if not _is_empty_paragraph(child)
                and not (is_blank(child) and node.tag in _WHITESPACE_INSENSITIVE)
            ]
        kept.append(node)
    return kept


# Parts taken out of the body ------------------------------------------------------------------


def _only_image(node) -> Element | None:
    """The image when node is an <img> or a block/link that holds nothing but one image."""
    while isinstance(node, Element):
        if node.tag == "img":
            return node
        if collapse(node.text()):
            return None
        node = _sole_element(node)
    return None


def _take_leading_image(nodes, feature_image: str):
    """Remove a leading image that is the feature image (or is the only candidate for one)."""
    if not nodes:
        return nodes, None
    image = _only_image(nodes[0])
    if image is None:
        return nodes, None
    src = image.attrs.get("src", "")
    if feature_image and not same_image(src, feature_image):
        return nodes, None
    return nodes[1:], ImageReference(src=src, alt=collapse(image.attrs.get("alt", "")))


def is_home_link(href: str) -> bool:
    """A link to a site's home: an http(s) URL with no path beyond "/", no query, no fragment."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and parts.path in ("", "/")
        and not parts.query
    )


def _home_link(line: list) -> Element | None:
    """The line's only link, when it is one and goes to a site's home page."""
    links = [
        element
        for node in line
        if isinstance(node, Element)
        for element in node.iter()
        if element.tag == "a"
    ]
    if len(links) == 1 and is_home_link(links[0].attrs.get("href", "")):
        return links[0]
    return None


def _text_around(nodes: list, target: Element) -> tuple[str, str]:
    """The text before and after target, at any depth: markup around it hides nothing."""
    before: list[str] = []
    after: list[str] = []
    current = before

    def walk(children):
        nonlocal current
        for node in children:
            if node is target:
                current = after
            elif isinstance(node, str):
                current.append(node)
            else:
                walk(node.children)

    walk(nodes)
    return "".join(before), "".join(after)


def _take_footer(nodes, warnings: list[str]):
    """Remove the outlet's trailing promotional line: the last paragraph, or its last line.

    The line is a short phrase, then one home-page link, then nothing but punctuation; its
    text is measured at any depth. A line that ends like one but holds more (an unclosed tag
    can pull the rest of a post into it) stays in the body, with a warning: never more than
    the one short line is removed.
    """
    if not nodes or not (isinstance(nodes[-1], Element) and nodes[-1].tag == "p"):
        return nodes, ""
    paragraph = nodes[-1]
    breaks = [i for i, child in enumerate(paragraph.children) if _is_tag(child, "br")]
    start = breaks[-1] + 1 if breaks else 0
    line = paragraph.children[start:]
    link = _home_link(line)
    if link is None:
        return nodes, ""
    before, after = _text_around(line, link)
    if not (
        len(collapse(link.text())) <= FOOTER_LINK_TEXT_MAX and _TRAILING_PUNCTUATION.match(after)
    ):
        return nodes, ""
    if len(collapse(before)) > FOOTER_PHRASE_MAX:
        warnings.append(
            f"the last line ends with a link to {link.attrs.get('href')} like the outlet's "
            f"footer line, but holds {len(collapse(text_of(line)))} characters; kept in the body"
        )
        return nodes, ""
    footer = collapse(text_of(line))
    if breaks:
        paragraph.children = _strip_run(paragraph.children[: breaks[-1]])
        return nodes, footer
    return nodes[:-1], footer


def _is_tag(node, *tags) -> bool:
    return isinstance(node, Element) and node.tag in tags


def _take_summary(nodes):
    """The last <hr> directly followed by a list: its items are the summary bullets."""
    for index in range(len(nodes) - 2, -1, -1):
        if _is_tag(nodes[index], "hr") and _is_tag(nodes[index + 1], "ul", "ol"):
            items = [
                text
                for item in nodes[index + 1].elements()
                if item.tag == "li" and (text := collapse(item.text()))
            ]
            if items:
                return nodes[:index] + nodes[index + 2 :], items
    return nodes, []


def attendee_columns(table: Element) -> list[tuple[str, list[str]]] | None:
    """[(side heading, [names])] when table is a grid of short names under side headings."""
    inner = [element for element in table.iter() if element is not table]
    if any(element.tag in ("table", "ul", "ol", "img", "p") for element in inner):
        return None
    rows = [
        [collapse(cell.text()) for cell in row.elements() if cell.tag in ("td", "th")]
        for row in inner
        if row.tag == "tr"
    ]
    if len(rows) < 2:
        return None
    headings, name_rows = rows[0], rows[1:]
    if len(headings) < 2 or not all(headings):
        return None
    cells = [cell for row in rows for cell in row]
    if any(len(row) > len(headings) for row in name_rows) or any(
        len(cell) > ATTENDEE_CELL_MAX for cell in cells
    ):
        return None
    columns = [(heading, []) for heading in headings]
    for row in name_rows:
        for position, name in enumerate(row):
            if name:
                columns[position][1].append(name)
    return columns if any(names for _, names in columns) else None


def _take_attendee_tables(nodes):
    kept, tables = [], []
    for node in nodes:
        columns = attendee_columns(node) if _is_tag(node, "table") else None
        if columns:
            tables.append(columns)
        else:
            kept.append(node)
    return kept, tables


def _take_images(nodes):
    """Images left in the body: the body format has no images, so they are listed and removed."""
    dropped = []

    def strip(children):
        kept = []
        for child in children:
            if _is_tag(child, "img"):
                dropped.append(child.attrs.get("src", ""))
                continue
            if isinstance(child, Element):
                child.children = strip(child.children)
            kept.append(child)
        return kept

    nodes = _drop_empty_paragraphs(strip(nodes))
    return nodes, dropped
