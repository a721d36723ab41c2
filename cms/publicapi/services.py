"""Keep the read model in step with what is live and public.

Each function decides from the database, not from its caller, whether a page is public; so
every entry point (signals, tasks, commands) is safe to call at any time, any number of times.
"""

import hashlib
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import BasePage, ColumnPage, ContentItemPage
from cms.content.tree import ancestor_paths
from cms.sites.models import SiteIdentity

from .models import PublicPage, PublicSite
from .representation import page_representation, site_representation, sitemap_representation


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _etag(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def site_for(page: Page) -> Site | None:
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return Site.objects.select_related("root_page").get(pk=root.site_id)
    return None


def is_public(page: Page) -> bool:
    """Live, below live pages only, and no view restriction on the page or above it."""
    hidden = Q(live=False) | Q(pk__in=PageViewRestriction.objects.values("page_id"))
    return page.live and not Page.objects.filter(hidden, path__in=ancestor_paths(page)).exists()


def place_in_site(page: Page, site: Site) -> tuple[list[Page], Page | None]:
    """``page``'s ancestors below ``site``'s root, top first, and the nearest column among them."""
    ancestors = list(
        Page.objects.filter(
            path__in=ancestor_paths(page)[:-1], depth__gt=site.root_page.depth
        ).order_by("depth")
    )
    column_ids = set(
        ColumnPage.objects.filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    return ancestors, next((a for a in reversed(ancestors) if a.pk in column_ids), None)


@transaction.atomic
def public_page_refresh(page: Page) -> PublicPage | None:
    """Render ``page`` into the read model if it is public; remove it otherwise."""
    page = Page.objects.filter(pk=page.pk).first()
    site = site_for(page) if page is not None else None
    specific = page.specific if page is not None else None
    if page is None or site is None or not isinstance(specific, BasePage) or not is_public(page):
        if page is not None:
            PublicPage.objects.filter(page_id=page.pk).delete()
        return None
    ancestors, column = place_in_site(page, site)
    summary, detail = page_representation(specific, site, ancestors, column)
    detail_json = _dumps(detail)
    row, _ = PublicPage.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "site": site,
            "column": column,
            "type": specific.public_type,
            "is_item": specific.public_type not in {"column", "site_root"},
            "url_path": summary["url_path"],
            "published_at": page.first_published_at or timezone.now(),
            "updated_at": page.last_published_at or page.first_published_at or timezone.now(),
            "listing_json": _dumps(summary),
            "detail_json": detail_json,
            "etag": _etag(detail_json),
        },
    )
    return row


def public_subtree_refresh(page: Page) -> int:
    """Refresh ``page`` and everything below it; returns how many are now public."""
    count = 0
    for descendant in Page.objects.filter(path__startswith=page.path).order_by("path"):
        if public_page_refresh(descendant) is not None:
            count += 1
    return count


def public_subtree_remove(page: Page) -> None:
    PublicPage.objects.filter(page__path__startswith=page.path).delete()


def public_site_prune(site: Site) -> int:
    """Remove what is filed under ``site`` but no longer below its root (its root changed)."""
    root = Site.objects.select_related("root_page").get(pk=site.pk).root_page
    deleted, _ = (
        PublicPage.objects.filter(site_id=site.pk).exclude(page__path__startswith=root.path)
    ).delete()
    return deleted


@transaction.atomic
def public_site_refresh(site: Site) -> PublicSite:
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    public_column_ids = PublicPage.objects.filter(site=site, type="column").values("page_id")
    columns = list(ColumnPage.objects.filter(pk__in=public_column_ids))
    summary, detail = site_representation(site)
    sitemap_json = _dumps(sitemap_representation(site, columns))
    detail_json = _dumps(detail)
    row, _ = PublicSite.objects.update_or_create(
        site=site,
        defaults={
            "listing_json": _dumps(summary),
            "detail_json": detail_json,
            "sitemap_json": sitemap_json,
            "etag": _etag(detail_json + sitemap_json),
            "updated_at": timezone.now(),
        },
    )
    return row


def public_unit_refresh(unit_id: int) -> None:
    """Re-render what names the unit: site footers, its columns, items it co-issued."""
    identities = SiteIdentity.objects.filter(
        Q(sponsor_unit_id=unit_id) | Q(operator_unit_id=unit_id)
    )
    for site in Site.objects.filter(pk__in=identities.values("site_id")):
        public_site_refresh(site)
    public = PublicPage.objects.values("page_id")
    for column in ColumnPage.objects.filter(responsible_unit_id=unit_id, pk__in=public):
        public_page_refresh(column)
    for model in ContentItemPage.__subclasses__():
        for item in model.objects.filter(co_issuing_units=unit_id, pk__in=public):
            public_page_refresh(item)


def public_site_for_page_refresh(page: Page) -> None:
    site = site_for(page)
    if site is not None:
        public_site_refresh(site)


def public_rebuild() -> int:
    """Rebuild the whole read model (after a change of representation, or a restore)."""
    PublicPage.objects.all().delete()
    PublicSite.objects.all().delete()
    count = 0
    for site in Site.objects.select_related("root_page"):
        count += public_subtree_refresh(site.root_page)
        public_site_refresh(site)
    return count
