"""What the public sees of a page or a site, as plain data.

Called when something goes live or changes place, never per request.
"""

from typing import Any

from wagtail.models import Page, Site

from cms.content.models import BasePage, ColumnPage
from cms.sites.models import SiteIdentity


def site_relative_path(page: Page, site: Site) -> str:
    return page.url_path[len(site.root_page.url_path) - 1 :]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def page_representation(
    page: BasePage, site: Site, ancestors: list[Page], column: Page | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the listing item and the detail of ``page``; ``ancestors`` stop below the root."""
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
    return summary, detail


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


def sitemap_representation(site: Site, columns: list[ColumnPage]) -> dict[str, Any]:
    """The column tree of ``site`` (only public, live columns), nested."""
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
    return {"site": site.pk, "columns": roots}
