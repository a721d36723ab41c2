"""Which addresses a page's public representation holds, and in which of its fields.

Read from the ``detail_json`` of the public read model (what the API serves), never from
drafts. Two kinds of values hold links: HTML (rich text: ``<a href>``, ``<img src>``) and values
under a key named ``url`` or ending in ``_url`` (attachments, covers, a guide's online address,
an interpretation's media address). ``url_path`` values (breadcrumbs, the column, references to
other public pages) are the read model's own addresses and are not links an editor wrote.
A link's field is the top-level key it was found under (``body``, ``attachments``, …).
"""

import json
from html.parser import HTMLParser
from typing import Any

LINK_ATTRIBUTES = {"a": "href", "img": "src"}


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)


def hrefs_in_html(html: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return parser.found


def _is_url_key(key: str) -> bool:
    return key == "url" or key.endswith("_url")


def _walk(value: Any, key: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for child_key, child in value.items():
            _walk(child, str(child_key), found)
    elif isinstance(value, list):
        for child in value:
            _walk(child, key, found)
    elif isinstance(value, str) and value:
        if _is_url_key(key):
            found.append(value)
        elif "<a" in value or "<img" in value:
            found.extend(hrefs_in_html(value))


def links_in_detail(detail_json: str) -> dict[str, list[str]]:
    """The hrefs of a read-model row, by top-level field, in the order they appear."""
    return links_in(json.loads(detail_json))


def links_in(detail: dict[str, Any]) -> dict[str, list[str]]:
    """The hrefs of a page's public detail, by top-level field, in the order they appear."""
    by_field: dict[str, list[str]] = {}
    for key, value in detail.items():
        found: list[str] = []
        _walk(value, key, found)
        if found:
            by_field[key] = found
    return by_field
