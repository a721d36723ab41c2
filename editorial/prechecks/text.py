"""Plain text for the checks: width/case folding and rich text reduced to text with offsets.

Every transformation here keeps offsets: one character of the input is one character of the
output, so a finding's ``start``/``end`` point into the same plain text the editor sees.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Full-width digits and Latin letters as ASCII, Latin letters in lower case. Full-width
# punctuation (，。：（）) is everyday Chinese text and stays as it is.
_FOLD_TABLE = {code: code + 0x20 for code in range(ord("A"), ord("Z") + 1)}
_FOLD_TABLE.update({code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)})  # ０-９
_FOLD_TABLE.update({code: code - 0xFEE0 + 0x20 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD_TABLE.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLDABLE = re.compile("[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def fold(text: str) -> str:
    """``text`` with full-width digits and letters as ASCII and Latin letters in lower case.

    Keeps the length and every offset. ``str.translate`` over a whole Chinese article costs
    about a millisecond; most articles have few foldable characters, so only their runs are
    translated.
    """
    if _FOLDABLE.search(text) is None:
        return text
    return _FOLDABLE.sub(lambda match: match.group().translate(_FOLD_TABLE), text)


def excerpt(text: str, start: int, end: int, radius: int = 10) -> str:
    """A few characters around ``text[start:end]`` on one line, for the list of findings."""
    left = max(0, start - radius)
    right = min(len(text), end + radius)
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a>`` of rich text; ``start``/``end`` delimit its text in the plain text."""

    href: str
    linktype: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Embed:
    """An ``<embed>`` of rich text (Wagtail's database format) at ``offset`` of the plain text."""

    embedtype: str
    id: str
    offset: int


@dataclass(frozen=True, slots=True)
class RichText:
    text: str
    links: tuple[Link, ...]
    embeds: tuple[Embed, ...]


# Elements that separate their text from the next: a term or a number never runs across them.
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "embed",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.links: list[Link] = []
        self.embeds: list[Embed] = []
        self._open_links: list[tuple[str, str, int]] = []
        self._skipping = 0

    def _separate(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
            self.length += 1

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
            return
        if tag in _BLOCK_TAGS:
            self._separate()
        if tag == "a":
            values = dict(attrs)
            self._open_links.append(
                ((values.get("href") or "").strip(), values.get("linktype") or "", self.length)
            )
        elif tag == "embed":
            values = dict(attrs)
            self.embeds.append(
                Embed(values.get("embedtype") or "", (values.get("id") or "").strip(), self.length)
            )

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
            return
        if tag == "a" and self._open_links:
            self._close_link()
        if tag in _BLOCK_TAGS:
            self._separate()

    def _close_link(self):
        href, linktype, start = self._open_links.pop()
        self.links.append(Link(href, linktype, start, self.length))

    def handle_data(self, data):
        if self._skipping or not data:
            return
        self.parts.append(data)
        self.length += len(data)

    def result(self) -> RichText:
        self.close()
        while self._open_links:
            self._close_link()
        self.links.sort(key=lambda link: link.start)
        return RichText("".join(self.parts), tuple(self.links), tuple(self.embeds))


def html_to_text(html: str | None) -> RichText:
    """Rich text (Wagtail's database format) as plain text, with its links and embeds.

    Entities are decoded, tags dropped; block elements (paragraphs, list items, ``<br>``)
    become one line break so that the text of two paragraphs never runs together.
    """
    extractor = _TextExtractor()
    extractor.feed(html or "")
    return extractor.result()
