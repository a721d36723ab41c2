"""What the content layer relies on in Wagtail beyond its documented API, in one place.

* A page as its revision says (:func:`as_revision_says`). Wagtail's ``with_content_json`` reads
  the parent, the comments and checks every key it names; the public read model renders
  thousands of pages and needs none of that, so it builds the page with
  ``from_serializable_data(check_fks=False)`` and copies its place in the tree and its times
  from the row (:data:`STRUCTURE`, names of Page's fields).
* What a rich text embeds (:func:`embeds`): Wagtail's embed-tag pattern and attribute parser
  (``wagtail.rich_text.rewriters``), which are not part of its documented API.

``tests/test_wagtail_reliance.py`` fails, naming the reliance, when an upgrade changes either.
"""

from collections.abc import Iterator

from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

# What a page is given from its row, not its revision: its place in the tree and its times.
STRUCTURE = (
    "id",
    "content_type_id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "locale_id",
    "translation_key",
    "alias_of_id",
)


def as_revision_says(page: Page, content: dict) -> Page:
    """``page`` as ``content`` (one of its revisions) says, in its place in the tree: what
    Wagtail's ``with_content_json`` gives, for reading only."""
    shown = page.specific_class.from_serializable_data(content, check_fks=False)
    for name in STRUCTURE:
        setattr(shown, name, getattr(page, name))
    return shown


def embeds(html: str) -> Iterator[dict[str, str]]:
    """The attributes of each ``<embed>`` of a stored rich text, in order."""
    for match in FIND_EMBED_TAG.finditer(html):
        yield extract_attrs(match.group(1))
