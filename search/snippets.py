"""Highlighted snippets: the words a query found, marked with ``<em>`` in escaped text.

The only markup in a snippet is ``<em>`` and ``</em>``; everything else of the text is escaped,
so a page's text can never inject markup into a search result page.
"""

import re
from html import escape

SNIPPET_LENGTH = 120
# Text shown before the first word found.
LEAD = 30
ELLIPSIS = "…"


def _pattern(words: list[str]) -> re.Pattern | None:
    words = sorted({word for word in words if word}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE)


def highlight(text: str, words: list[str]) -> str:
    """All of ``text``, escaped, each word found in it marked."""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), f"<em>{escape(match.group())}</em>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def snippet(text: str, words: list[str], length: int = SNIPPET_LENGTH) -> str:
    """About ``length`` characters of ``text`` around the first word found, highlighted."""
    text = " ".join(text.split())
    pattern = _pattern(words)
    first = pattern.search(text) if pattern is not None else None
    start = max(0, first.start() - LEAD) if first is not None else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    body = highlight(text[start:end], words)
    return (ELLIPSIS if start else "") + body + (ELLIPSIS if end < len(text) else "")
