"""What the public representation reads an item's files, images, snippet labels and rich text
through (:mod:`cms.content.releases` says where they come from).

An item reads its release (:class:`ReleaseMedia`): what review cleared, frozen. Structural pages
(site homes, columns) are not reviewed and read the library as it is (:class:`LibraryMedia`).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.db import models
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

logger = logging.getLogger(__name__)

# The one rendition an item's cover is shown in (public listings and details).
COVER_SPEC = "fill-800x450"

# Snippets whose public label an item shows: model label -> the label's fields. Registered with
# :func:`cms.content.releases.register_label`; frozen into each release.
LABELS: dict[str, Callable[[models.Model], dict[str, Any]]] = {}


def _url(path: str | None) -> str | None:
    return default_storage.url(path) if path else None


# Which of these page ids the public may see (as strings).
PublicPages = Callable[[list[int]], set[str]]
# The listing data of those of these pages the public may see, by id. The public read model, a
# layer above this one, says how it is read at start-up (:func:`read_listings_with`).
PublicListings = Callable[[list[int]], dict[int, dict[str, Any]]]
_listings: list[PublicListings] = []


def read_listings_with(reader: PublicListings) -> None:
    _listings[:] = [reader]


def public_listings(page_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What a page shows of the other pages it refers to (a document's interpretations, its
    replacement): their public listing, for the public ones only."""
    return _listings[0](page_ids) if _listings else {}


def public_references(page_ids: list[int]) -> list[dict[str, Any]]:
    """The public listings of those of ``page_ids`` the public may see, in their order."""
    by_id = public_listings(list(page_ids))
    return [by_id[page_id] for page_id in page_ids if page_id in by_id]


class LibraryMedia:
    """The library as it is now: for structural pages, which are not reviewed, and for code that
    renders a page outside the public representation."""

    public_pages = None

    def document(self, pk) -> dict[str, Any] | None:
        document = get_document_model().objects.filter(pk=pk).first()
        if document is None:
            return None
        return {
            "title": document.title,
            "url": document.url,
            "file_extension": document.file_extension,
            "file_size": document.get_file_size(),
        }

    def image(self, pk, spec: str = COVER_SPEC) -> dict[str, Any] | None:
        image = get_image_model().objects.filter(pk=pk).first()
        if image is None:
            return None
        try:
            rendition = image.get_rendition(spec)
        except SourceImageIOError:
            # The file has gone from storage: shown as no image, not as a server error.
            logger.warning("Image %s has no file in storage: %s", pk, image.file.name)
            return None
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.default_alt_text,
        }

    def label(self, model: type[models.Model], pk) -> dict[str, Any] | None:
        obj = model._default_manager.filter(pk=pk).first()
        return LABELS[model._meta.label_lower](obj) if obj is not None else None

    def rich_text(self, html: str) -> str:
        return expand_db_html(html or "")


class ReleaseMedia:
    """An item's files, images and labels as review cleared them (its release), and its rich
    text expanded from them; links to pages only where ``public_pages`` says the page is public."""

    def __init__(self, data: dict[str, Any], public_pages: PublicPages | None = None):
        self.data = data
        self.public_pages = public_pages

    def _entry(self, kind: str, pk) -> dict[str, Any] | None:
        entry = (self.data.get(kind) or {}).get(str(pk))
        return entry if entry and entry.get("path") else None

    def document(self, pk) -> dict[str, Any] | None:
        entry = self._entry("documents", pk)
        if entry is None:
            return None
        return {
            "title": entry["title"],
            "url": _url(entry["path"]),
            "file_extension": entry["file_extension"],
            "file_size": entry["size"],
        }

    def image(self, pk, spec: str = COVER_SPEC) -> dict[str, Any] | None:
        entry = self._entry("images", pk)
        rendition = (entry or {}).get("renditions", {}).get(spec)
        if rendition is None:
            return None
        return {
            "url": _url(rendition["path"]),
            "width": rendition["width"],
            "height": rendition["height"],
            "alt": entry["alt"],
        }

    def label(self, model: type[models.Model], pk) -> dict[str, Any] | None:
        return (self.data.get("labels") or {}).get(f"{model._meta.label_lower}:{pk}")

    def rich_text(self, html: str) -> str:
        return public_rich_text(html or "", self)


def _page_links(media, handler) -> Callable[[list[dict]], list[str]]:
    """``handler``: the page link handler registered for rich text (``cms.content.links``)."""

    def expand(attrs_list: list[dict]) -> list[str]:
        if media.public_pages is None:
            return handler.expand_db_attributes_many(attrs_list)
        ids = [int(attrs["id"]) for attrs in attrs_list if str(attrs.get("id", "")).isdigit()]
        public = media.public_pages(ids)
        shown = [attrs for attrs in attrs_list if str(attrs.get("id", "")) in public]
        tags = iter(handler.expand_db_attributes_many(shown))
        # A link to a page the public cannot see is plain text: its address is not published.
        return [next(tags) if str(attrs.get("id", "")) in public else "<a>" for attrs in attrs_list]

    return expand


def _document_links(media) -> Callable[[list[dict]], list[str]]:
    def expand(attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            document = media.document(attrs.get("id"))
            tags.append(f'<a href="{escape(document["url"])}">' if document else "<a>")
        return tags

    return expand


def _image_embeds(media) -> Callable[[list[dict]], list[str]]:
    formats = {fmt.name: fmt for fmt in get_image_formats()}

    def expand(attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            fmt = formats.get(attrs.get("format")) or next(iter(formats.values()))
            image = media.image(attrs.get("id"), fmt.filter_spec)
            if image is None:
                tags.append("")
                continue
            classname = f' class="{escape(fmt.classname)}"' if fmt.classname else ""
            tags.append(
                f'<img alt="{escape(attrs.get("alt", image["alt"]))}"{classname} '
                f'height="{image["height"]}" src="{escape(image["url"])}" '
                f'width="{image["width"]}">'
            )
        return tags

    return expand


def public_rich_text(html: str, media) -> str:
    """Wagtail's stored rich text as the public sees it: files and images from ``media``, links
    to pages only when they are public. Everything else as Wagtail expands it."""
    from wagtail.rich_text import features

    link_types = features.get_link_types()
    link_rules = {
        linktype: handler.expand_db_attributes_many for linktype, handler in link_types.items()
    }
    embed_rules = {
        embedtype: handler.expand_db_attributes_many
        for embedtype, handler in features.get_embed_types().items()
    }
    link_rules.update(page=_page_links(media, link_types["page"]), document=_document_links(media))
    embed_rules.update(image=_image_embeds(media))
    rewriter = MultiRuleRewriter(
        [LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)]
    )
    return rewriter(html)
