"""Script-injection vectors, and a checker that says whether HTML is inert.

Every vector that could run sets window.__xss (or opens a dialog), so the browser test can tell
whether any of them ran. The checker parses HTML the way a browser does (html5lib) and reports
everything that could run script or leak out of the outlet's story format.
"""

import re
from urllib.parse import unquote

from bleach._vendor import html5lib

SENTINEL = "window.__xss=1"
JS = f"{SENTINEL};alert(1)"

VECTORS = [
    # Script elements, closed, unclosed, nested and split.
    f"<script>{JS}</script>",
    f"<SCRIPT SRC=//evil.example/x.js></SCRIPT><script>{JS}",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<script/xss>{JS}</script>",
    f"</script><script>{JS}</script>",
    f"<<script>{JS}//<</script>",
    # Event-handler attributes.
    f'<img src=x onerror="{JS}">',
    f"<img src=x onerror={JS}>",
    f'<p onclick="{JS}">누르세요</p>',
    f'<span class="hl-red" onmouseover="{JS}">강조</span>',
    f'<body onload="{JS}">',
    f'<svg onload="{JS}"></svg>',
    f'<details open ontoggle="{JS}">',
    f'<video><source onerror="{JS}"></video>',
    f'<input autofocus onfocus="{JS}">',
    f'<marquee onstart="{JS}">',
    f'<a href="#" onmouseover   =   "{JS}">링크</a>',
    f'<img/src="x"/onerror="{JS}">',
    f'<img src="x" ONERROR="{JS}">',
    # Dangerous URL schemes, plain and encoded.
    f'<a href="javascript:{JS}">자바스크립트</a>',
    f'<a href="JaVaScRiPt:{JS}">대소문자</a>',
    f'<a href=" javascript:{JS}">앞 공백</a>',
    f'<a href="java\tscript:{JS}">탭</a>',
    f'<a href="java\nscript:{JS}">줄바꿈</a>',
    f'<a href="java&#x09;script:{JS}">탭 엔티티</a>',
    f'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{JS}">엔티티</a>',
    f'<a href="&#x6A;avascript&colon;{JS}">16진 엔티티</a>',
    f'<a href="javascript%3A{JS}">퍼센트</a>',
    f'<a href="&#0000106avascript:{JS}">0 채운 엔티티</a>',
    f'<a href="\x01javascript:{JS}">제어 문자</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">데이터</a>',
    f'<a href="data:text/html,<script>{JS}</script>">데이터 HTML</a>',
    '<a href="vbscript:msgbox(1)">VB</a>',
    f'<a href="javascript&#58;{JS}">콜론 엔티티</a>',
    f'<a href="jav&#x0A;ascript:{JS}">줄바꿈 엔티티</a>',
    f'<iframe src="javascript:{JS}"></iframe>',
    f'<form action="javascript:{JS}"><button>보내기</button></form>',
    f'<button formaction="javascript:{JS}">버튼</button>',
    f'<object data="javascript:{JS}"></object>',
    f'<embed src="javascript:{JS}">',
    f'<base href="javascript:{JS}//">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    f'<link rel="stylesheet" href="javascript:{JS}">',
    # SVG and MathML.
    f"<svg><script>{JS}</script></svg>",
    f'<svg><a xlink:href="javascript:{JS}"><text x="20" y="20">svg</text></a></svg>',
    f'<svg><animate onbegin="{JS}" attributeName="x" dur="1s">',
    f'<svg><set attributeName="onmouseover" to="{JS}"/></svg>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{JS}">',
    f'<math href="javascript:{JS}">수식</math>',
    f'<svg><foreignObject><iframe srcdoc="<script>{JS}</script>"></iframe></foreignObject></svg>',
    # Malformed and nested tags, comments, CDATA, entities.
    f'<p <img src=x onerror="{JS}">>',
    f'<a href="/ok" title="x"onmouseover="{JS}">붙은 속성</a>',
    f"<!--<script>{JS}</script>-->",
    f'<!--[if IE]><img src=x onerror="{JS}"><![endif]-->',
    f'<!-- --!><img src=x onerror="{JS}">-->',
    f"<![CDATA[<script>{JS}</script>]]>",
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
    f'<style><img src=x onerror="{JS}"></style>',
    f'<textarea></textarea><img src=x onerror="{JS}">',
    f'<title><img src=x onerror="{JS}"></title>',
    f'<template><img src=x onerror="{JS}"></template>',
    f"<xmp><script>{JS}</script></xmp>",
    f'<select><option><img src=x onerror="{JS}"></option></select>',
    f'<table><tr><td onclick="{JS}">셀</td></tr></table>',
    f'<div><a href="javascript:{JS}"><b><i>중첩</i></b></a></div>',
    # CSS-based attacks.
    f'<p style="background:url(javascript:{JS})">배경</p>',
    '<p style="width:expression(alert(1))">IE 식</p>',
    f'<span class="hl-red" style="color:red;background-image:url(\'javascript:{JS}\')">색</span>',
    f"<style>@import 'javascript:{JS}';</style>",
    '<style>body{-moz-binding:url("http://evil.example/xss.xml#xss")}</style>',
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<span class="hl-red x-evil hidden">팔레트 밖 클래스</span>',
    # Breaking out of attribute quotes and elements.
    f'"><script>{JS}</script>',
    f"'><img src=x onerror={JS}>",
    f'" onmouseover="{JS}" x="',
    f"' autofocus onfocus='{JS}' x='",
    f"</title><script>{JS}</script>",
    f"</textarea><script>{JS}</script>",
    f'</script><img src=x onerror="{JS}">',
    f"--></script><script>{JS}</script>",
    f'{{{{ 7|add:"7" }}}} {{% now "Y" %}} ${{{JS}}}',
]

# Plain-text fields: one vector each, kept short enough for the shortest field (tags: 100).
TEXT_VECTORS = [
    f"</script><script>{JS}</script>",
    f'"><img src=x onerror="{JS}">',
    f"' onfocus='{JS}' autofocus='",
    f"<svg onload={JS}>",
    f"javascript:{JS}",
    "]]><![CDATA[<b>x</b>",
    "<!--",
    "&lt;b&gt; &amp; &#60;",
]

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
STORY_TAGS = {
    "p", "h2", "h3", "ul", "ol", "li", "blockquote", "hr", "table", "caption", "thead",
    "tbody", "tfoot", "tr", "th", "td", "a", "b", "strong", "em", "i", "br", "span",
}  # fmt: skip
STORY_ATTRIBUTES = {
    "a": {"href", "title"},
    "span": {"class"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"scope", "colspan", "rowspan"},
}
NEVER_TAGS = {
    "script", "iframe", "frame", "object", "embed", "base", "svg", "math", "style",
    "applet", "frameset", "template", "noscript", "xmp", "foreignobject",
}  # fmt: skip
# Elements that load or run something of their own, wherever they are on a page; inline SVG
# (the admin's icons) is fine, its scripts and handlers are caught like any other.
EMBEDDING_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    cleaned = _CONTROL_AND_SPACE.sub("", value).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _elements(root):
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element


def _url_problem(name: str, value: str) -> str | None:
    scheme = url_scheme(value)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        return f"{name}={value!r} has scheme {scheme}"
    if name != "srcset" and url_scheme(unquote(value)) not in (None, *SAFE_SCHEMES):
        return f"{name}={value!r} decodes to an unsafe scheme"
    return None


def page_problems(html: str, *, allowed_script_srcs=("/static/",)) -> list[str]:
    """What in a whole page could run injected script: returns [] for an inert page.

    Our own scripts are allowed: external ones from allowed_script_srcs, JSON data blocks and
    an import map carrying the response's CSP nonce.
    """
    problems = []
    for element in _elements(html5lib.parse(html, namespaceHTMLElements=False)):
        tag = _local(element.tag)
        attrs = {_local(name): value for name, value in element.attrib.items()}
        if tag == "script":
            src = attrs.get("src", "")
            if attrs.get("type") in ("application/ld+json", "application/json") and not src:
                continue
            if attrs.get("type") == "importmap" and attrs.get("nonce"):
                continue  # the admin editor's import map: JSON, allowed by its CSP nonce
            if src.startswith(allowed_script_srcs) and not (element.text or "").strip():
                continue
            problems.append(f"<script {attrs}>{(element.text or '')[:60]}")
        elif tag in EMBEDDING_TAGS:
            problems.append(f"<{tag}> element")
        elif tag in ("set", "animate") and re.match(r"on|href", attrs.get("attributename", "")):
            problems.append(f"<{tag}> animates {attrs['attributename']}")
        elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…> event handler")
            elif name in URL_ATTRIBUTES and (problem := _url_problem(name, value)):
                problems.append(f"<{tag}> {problem}")
            elif name == "style" and re.search(r"expression|javascript|url\(|binding", value, re.I):
                problems.append(f"<{tag} style={value!r}>")
    return problems


def fragment_problems(fragment: str, *, inline_only: bool = False) -> list[str]:
    """What in a stored HTML fragment falls outside the story format (allowlist)."""
    problems = []
    allowed_tags = STORY_TAGS if not inline_only else {"a", "b", "strong", "em", "i", "br", "span"}
    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    for element in _elements(root):
        tag = _local(element.tag)
        if tag == "documentfragment" or element is root:
            continue
        if tag not in allowed_tags:
            problems.append(f"<{tag}> is not a story tag")
        for name, value in element.attrib.items():
            name = _local(name)
            if name not in STORY_ATTRIBUTES.get(tag, set()):
                problems.append(f"<{tag} {name}> is not allowed")
            if name == "href" and (problem := _url_problem(name, value)):
                problems.append(problem)
            if tag == "span" and name == "class":
                problems += [f"class {c!r} is not a palette class" for c in value.split()
                             if not c.startswith("hl-")]  # fmt: skip
    return problems
