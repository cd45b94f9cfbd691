"""The one place stored HTML is cleaned: an allowlist that keeps a story's structure.

Every body, caption and other HTML fragment goes through sanitize_html() on save and import.
Highlight markup survives only as a palette class on a span; inline style never survives.
"""

import html
import re
from urllib.parse import unquote

import bleach
from bleach import html5lib_shim
from bleach._vendor.html5lib.constants import _ReparseException as ReparseException
from bleach._vendor.html5lib.treebuilders import getTreeBuilder
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError

BLOCK_TAGS = [
    "p", "h2", "h3", "ul", "ol", "li", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
]  # fmt: skip
INLINE_TAGS = ["a", "b", "strong", "em", "i", "br", "span"]
SAFE_PROTOCOLS = ["http", "https", "mailto"]

# Bounds that keep one save's cost fixed: the HTML parser (html5lib, pure Python) costs up to
# about 20 ms per KB of tag-dense markup, and several of its steps scan the stack of open
# elements, so deep nesting costs depth x length. A long story is under 100,000 characters
# of HTML and nests under 10 levels.
MAX_HTML_CHARS = 200_000
MAX_NESTING_DEPTH = 100
MAX_ATTRIBUTES = 50

# Elements whose text is never story text. bleach would strip the tags but keep their
# contents as visible text, so they go with their contents first. This pass is cosmetic:
# bleach below is the security boundary whatever it misses.
_INVISIBLE_NAMES = (
    "script", "style", "template", "iframe", "object", "embed", "noscript", "textarea",
    "title", "xmp", "noembed", "noframes", "svg", "math", "select",
)  # fmt: skip
_INVISIBLE_START = re.compile(rf"<({'|'.join(_INVISIBLE_NAMES)})\b", re.IGNORECASE)
_INVISIBLE_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _INVISIBLE_NAMES}
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
            # ASCII digits only: "²".isdigit() is true, and int("²") raises.
            return value.isascii() and value.isdigit() and 0 < int(value) <= 50
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


class _TooDeep(Exception):
    pass


_EtreeTreeBuilder = getTreeBuilder("etree")


class _DepthLimitedTreeBuilder(_EtreeTreeBuilder):
    """html5lib's tree, refusing to open an element deeper than MAX_NESTING_DEPTH.

    Measured on the parser's own stack of open elements, so reopened formatting elements
    (a <b> the parser carries into the next paragraph) count as a browser would nest them.
    """

    def insertElementNormal(self, token):
        element = super().insertElementNormal(token)
        self._check_depth()
        return element

    def insertElementTable(self, token):
        element = super().insertElementTable(token)
        self._check_depth()
        return element

    def _check_depth(self):
        # openElements[0] is the fragment's <html> root.
        if len(self.openElements) - 1 > MAX_NESTING_DEPTH:
            raise _TooDeep


class _Parents(list):
    """The walker's path of ancestors, with each one's index in its own parent."""

    def __init__(self):
        super().__init__()
        self.keys = []


class _LinearTreeWalker(html5lib_shim.getTreeWalker("etree")):
    """html5lib's etree walker, remembering where it descended instead of searching.

    The stock walker finds a parent's position among its siblings with list.index on the
    way back up, which costs the number of siblings each time: quadratic in a flat body.
    """

    def getFirstChild(self, node):
        if isinstance(node, tuple):
            element, key, parents, flag = node
        else:
            element, key, parents, flag = node, None, _Parents(), None
        if flag in ("text", "tail"):
            return None
        if element.text:
            return element, key, parents, "text"
        if len(element):
            parents.append(element)
            parents.keys.append(key)
            return element[0], 0, parents, None
        return None

    def getNextSibling(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            if len(element):
                parents.append(element)
                parents.keys.append(key)
                return element[0], 0, parents, None
            return None
        if element.tail and flag != "tail":
            return element, key, parents, "tail"
        if key < len(parents[-1]) - 1:
            return parents[-1][key + 1], key + 1, parents, None
        return None

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return element if not parents else (element, key, parents, None)
        parent, parent_key = parents.pop(), parents.keys.pop()
        if not parents:
            return parent
        return parent, parent_key, parents, None


class _TooManyAttributes(Exception):
    pass


class _AttributeLimitedTokenizer(html5lib_shim.BleachHTMLTokenizer):
    """html5lib's tokenizer, refusing a tag with more than MAX_ATTRIBUTES attributes.

    Its duplicate-attribute check compares each new name with every earlier one: quadratic
    in one tag's attributes (an unclosed quote turns the rest of a body into one tag).
    """

    def attributeNameState(self):
        if len(self.currentToken["data"]) > MAX_ATTRIBUTES:
            raise _TooManyAttributes
        return super().attributeNameState()


class _AttributeLimitedParser(html5lib_shim.BleachHTMLParser):
    def _parse(self, stream, innerHTML=False, container="div", scripting=True, **kwargs):
        # bleach's own _parse, with the bounded tokenizer in place of BleachHTMLTokenizer.
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _AttributeLimitedTokenizer(
            stream=stream, consume_entities=self.consume_entities, parser=self, **kwargs
        )
        self.reset()
        try:
            self.mainLoop()
        except ReparseException:
            self.reset()
            self.mainLoop()


class _BoundedCleaner(bleach.Cleaner):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.walker = _LinearTreeWalker
        self.parser = _AttributeLimitedParser(
            tags=self.tags,
            strip=self.strip,
            consume_entities=False,
            namespaceHTMLElements=False,
            tree=_DepthLimitedTreeBuilder,
        )


def _drop_invisible_elements(fragment: str) -> str:
    """Remove each invisible element with its contents, up to the first matching end tag.

    One left-to-right pass: the next end tag of each name is looked for once and remembered
    until the scan passes it, so a flood of unclosed <svg> costs one search, not one per tag.
    """
    kept, copied_to, scan_from = [], 0, 0
    next_end: dict[str, re.Match | None] = {}
    while start := _INVISIBLE_START.search(fragment, scan_from):
        name = start.group(1).lower()
        end = next_end.get(name, False)
        if end is False or (end is not None and end.start() < start.end()):
            end = next_end[name] = _INVISIBLE_END[name].search(fragment, start.end())
        if end is None:
            # No end tag after this one, so none after any later one either.
            scan_from = start.end()
            continue
        kept.append(fragment[copied_to : start.start()])
        copied_to = scan_from = end.end()
    kept.append(fragment[copied_to:])
    return "".join(kept)


def check_html_size(fragment: str) -> None:
    """Raise ValidationError when the fragment is longer than the sanitizer takes."""
    if len(fragment) > MAX_HTML_CHARS:
        raise ValidationError(
            "HTML이 너무 깁니다 (%(length)s자). 한 번에 최대 %(limit)s자까지 저장할 수 "
            "있습니다. 기사를 나누거나 불필요한 서식을 지워 주세요.",
            code="html_too_long",
            params={"length": f"{len(fragment):,}", "limit": f"{MAX_HTML_CHARS:,}"},
        )


def sanitize_html(fragment: str, *, allowed_classes=frozenset(), inline_only: bool = False) -> str:
    """Clean an HTML fragment by the newsroom's allowlist and return it.

    Raises ValidationError (Korean, naming the limit) for a fragment longer than
    MAX_HTML_CHARS or nested deeper than MAX_NESTING_DEPTH; its cost is linear in its length.
    """
    if not fragment:
        return ""
    check_html_size(fragment)
    fragment = _drop_invisible_elements(fragment)
    palette_filter = type(
        "PaletteClassFilter",
        (_PaletteClassFilter,),
        {"allowed_classes": frozenset(allowed_classes)},
    )
    cleaner = _BoundedCleaner(
        tags=INLINE_TAGS if inline_only else INLINE_TAGS + BLOCK_TAGS,
        attributes=_allow_attribute,
        protocols=SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[palette_filter],
    )
    try:
        return cleaner.clean(fragment).strip()
    except _TooDeep:
        raise too_deep() from None
    except _TooManyAttributes:
        raise ValidationError(
            "한 HTML 태그에 속성이 너무 많습니다. 태그 하나에 속성은 최대 %(limit)s개까지 "
            '쓸 수 있습니다. 따옴표(")가 닫히지 않았는지 확인해 주세요.',
            code="html_too_many_attributes",
            params={"limit": MAX_ATTRIBUTES},
        ) from None


def too_deep() -> ValidationError:
    """The refusal of HTML nested past MAX_NESTING_DEPTH, for every reader of HTML."""
    return ValidationError(
        "HTML 태그가 너무 깊게 겹쳐 있습니다. 태그는 최대 %(limit)s단계까지 겹칠 수 "
        "있습니다. 닫는 태그(예: </b>)가 빠지지 않았는지 확인해 주세요.",
        code="html_too_deep",
        params={"limit": MAX_NESTING_DEPTH},
    )


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment, with tags removed and entities decoded."""
    if not fragment:
        return ""
    spaced = re.sub(r"<(?:br|/p|/h[1-6]|/li|/td|/th|hr)[^>]*>", " \\g<0>", fragment, flags=re.I)
    text = bleach.clean(spaced, tags=[], attributes={}, strip=True, strip_comments=True)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
