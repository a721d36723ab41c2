"""What a channel is sent of an item: exactly what the public is shown of it.

An item is read as its live revision says and with that revision's release (the files,
images and labels review cleared, frozen: :mod:`cms.content.releases`), through the same
:class:`~cms.content.media.ReleaseMedia` the public read model renders it with; never from
the page row, never from a draft. Links to pages the public cannot see are plain text, as on
the site.
"""

from typing import Any

from django.utils import timezone
from wagtail.models import Page, Revision, Site

from cms.content.media import ReleaseMedia, public_listings
from cms.content.models import ColumnPage, ContentItemPage
from cms.content.releases import freeze, release_of
from cms.content.tree import ancestor_paths
from cms.content.wagtail_internals import as_revision_says


def _public_pages(page_ids: list[int]) -> set[str]:
    return {str(page_id) for page_id in public_listings(page_ids)}


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def shown_revision(page: ContentItemPage, revision: Revision) -> ContentItemPage:
    """``page`` as ``revision`` (its live revision) and its release show it."""
    shown = as_revision_says(page, revision.content)
    # Content imported without review has its release frozen the first time it is shown, as
    # the public read model does (publicapi.services.shown_version).
    release = release_of(revision) or freeze(revision, at_review=False, obj=shown)
    shown.first_published_at = page.first_published_at
    shown.last_published_at = page.last_published_at
    shown._public_media = ReleaseMedia(release.data, public_pages=_public_pages)
    return shown


def column_of(page: Page) -> ColumnPage | None:
    return ColumnPage.objects.filter(path__in=ancestor_paths(page)[:-1]).order_by("-depth").first()


def public_url(page: Page) -> str | None:
    """The item's address on its public site: the site's root URL and the path below its
    home page, as the public API gives it (Wagtail's own page serving is not mounted)."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.root_url + page.url_path[len(root.root_path) - 1 :]
    return None


def item_payload(page: ContentItemPage, revision: Revision) -> dict[str, Any]:
    """The item of ``revision`` (live) as the public sees it."""
    shown = shown_revision(page, revision)
    column = column_of(page)
    return {
        "id": page.pk,
        "type": shown.public_type,
        "title": shown.title,
        "url": public_url(page),
        "column": {"id": column.pk, "title": column.title} if column else None,
        "published_at": _iso(page.first_published_at),
        "updated_at": _iso(page.last_published_at or page.first_published_at),
        **shown.public_summary(),
        **shown.public_detail(),
        "search_description": shown.search_description,
    }


def withdrawal_payload(page: Page) -> dict[str, Any]:
    """What a withdrawal names of the item: which one, and where it was."""
    return {"id": page.pk, "title": page.title, "url": public_url(page)}
