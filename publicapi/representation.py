"""What the public sees of a page or a site, as plain data.

Called when something goes live or changes place, never per request.
"""

from typing import Any

from django.utils.html import strip_tags
from django.utils.timezone import get_default_timezone, localtime
from wagtail.models import Page, Site
from wagtail.search import index

from archive.state import ARCHIVED_LABEL
from cms.content.models import BasePage, ColumnPage
from cms.labels import public_label
from cms.sites.models import SiteIdentity


def site_relative_path(page: Page, site: Site) -> str:
    return page.url_path[len(site.root_page.url_path) - 1 :]


def iso_time(value) -> str | None:
    """The platform's one form of a moment in its APIs: ISO 8601 in Asia/Shanghai (the
    platform's time zone) with its offset, to the second — ``2026-03-02T09:30:00+08:00``."""
    if not value:
        return None
    return localtime(value, get_default_timezone()).replace(microsecond=0).isoformat()


_iso = iso_time


ARCHIVE_KEYS = ("archived", "archive")


def archive_part(record) -> dict[str, Any]:
    """The archive state of a page as the public sees it (R22): ``record`` is its
    ``archive.PageArchive`` or None."""
    if record is None:
        return {"archived": False, "archive": None}
    return {
        "archived": True,
        "archive": {
            "label": public_label(ARCHIVED_LABEL),
            "archived_at": iso_time(record.archived_at),
            "reason": {
                "code": record.reason,
                "label": public_label(record.get_reason_display()),
            },
        },
    }


def with_archive(data: dict[str, Any], record=None, *, part=None) -> dict[str, Any]:
    """``data`` with its archive state last (from ``record``, or its ``part`` made already):
    rendering a page and filing it in bulk
    (:func:`publicapi.services.public_archive_refresh`) give the same text."""
    kept = {key: value for key, value in data.items() if key not in ARCHIVE_KEYS}
    return {**kept, **(part if part is not None else archive_part(record))}


def search_text(page: BasePage) -> str:
    """What the site's search reads of a page: the fields its type declares searchable for
    Wagtail's index (``search_fields``), without markup."""
    words: list[str] = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField):
            value = field.get_value(page)
            for part in value if isinstance(value, list | tuple) else [value]:
                if part:
                    words.append(strip_tags(str(part)).strip())
    words.append(page.search_description)
    return " ".join(dict.fromkeys(word for word in words if word))


def page_representation(
    page: BasePage, site: Site, ancestors: list[Page], column: Page | None, archive=None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the listing item and the detail of ``page``; ``ancestors`` stop below the root;
    ``archive`` is its archive record, if it is filed."""
    summary: dict[str, Any] = {
        "id": page.pk,
        "type": page.public_type,
        "title": page.title,
        "url_path": site_relative_path(page, site),
        "column": {"id": column.pk, "title": column.title} if column else None,
        "published_at": _iso(page.first_published_at),
        "updated_at": _iso(page.last_published_at or page.first_published_at),
        **page.public_summary(),
    }
    detail = {
        **summary,
        **page.public_detail(),
        "site": {"id": site.pk, "name": site.site_name},
        "breadcrumbs": [
            {
                "id": ancestor.pk,
                "title": ancestor.title,
                "url_path": site_relative_path(ancestor, site),
            }
            for ancestor in ancestors
        ],
        "search_description": page.search_description,
    }
    return with_archive(summary, archive), with_archive(detail, archive)


def site_representation(site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    identity = (
        SiteIdentity.objects.filter(site=site)
        .select_related("sponsor_unit", "operator_unit")
        .first()
    )
    summary = {
        "id": site.pk,
        "name": site.site_name,
        "hostname": site.hostname,
        "root_url": site.root_url,
        "kind": identity.kind if identity else None,
    }
    footer = None
    if identity is not None:
        footer = {
            "sponsor_unit": identity.sponsor_unit.name if identity.sponsor_unit else None,
            "operator_unit": identity.operator_unit.name if identity.operator_unit else None,
            "site_code": identity.site_code,
            "icp_number": identity.icp_number,
            "psb_number": identity.psb_number,
            "conac_url": identity.conac_url or None,
            "english_domain": identity.english_domain,
            "chinese_domain": identity.chinese_domain or None,
            "contact_phone": identity.contact_phone or None,
            "contact_email": identity.contact_email or None,
            "address": identity.address or None,
        }
    return summary, {**summary, "footer": footer}


def sitemap_representation(
    site: Site, columns: list[ColumnPage], archive: list[tuple[ColumnPage, int, bool]] = ()
) -> dict[str, Any]:
    """The column tree of ``site`` (only public, live columns that are not filed), nested, and
    the archive section: the columns holding filed items, with their counts."""
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for column in sorted(columns, key=lambda c: c.path):
        node = {
            "id": column.pk,
            "title": column.title,
            "url_path": site_relative_path(column, site),
            "update_category": column.update_category,
            "children": [],
        }
        nodes[column.path] = node
        parent = nodes.get(column.path[: -Page.steplen])
        if parent is not None:
            parent["children"].append(node)
        elif column.depth == site.root_page.depth + 1:
            roots.append(node)
        # A column below a private or unpublished column is left out with it.
    return {"site": site.pk, "columns": roots, "archive": archive_section(site, archive)}


def archive_section(site: Site, archive: list[tuple[ColumnPage, int, bool]]) -> dict[str, Any]:
    """The site map's archive section: the columns holding filed items, with their counts, and
    whether the column itself is filed."""
    columns = [
        {
            "id": column.pk,
            "title": column.title,
            "url_path": site_relative_path(column, site),
            "archived": filed,
            "count": count,
        }
        for column, count, filed in archive
    ]
    return {"count": sum(entry["count"] for entry in columns), "columns": columns}
