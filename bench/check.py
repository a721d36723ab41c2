"""Is a generated platform what Wagtail and the public API would have made?

:func:`check_platform` looks at every container (site roots and columns) and at a random sample
of content pages; it returns a list of problems, empty when all is well. It never changes the
database: the comparison with :func:`publicapi.services.public_page_refresh` runs in a
transaction that is rolled back.
"""

from __future__ import annotations

import random

from django.db import transaction
from wagtail.models import Locale, Page

from cms.content.models import BasePage, ColumnPage
from publicapi import integrity, services
from publicapi.models import PublicPage

# What the public reads of a row, as the signature covers it, and the signature itself: a bulk
# writer must write what the services write, signed the same way.
PUBLIC_FIELDS = (*integrity.PAGE_COLUMNS, "signature")


def _public_row(page_id: int) -> dict | None:
    return PublicPage.objects.filter(page_id=page_id).values(*PUBLIC_FIELDS).first()


def rendered_row(page: Page) -> dict | None:
    """The row ``services.public_page_refresh`` would write for ``page`` now (nothing is kept)."""
    with transaction.atomic():
        services.public_page_refresh(page)
        row = _public_row(page.pk)
        transaction.set_rollback(True)
    return row


def check_page(page: Page, site_id: int, locale_id: int) -> list[str]:
    """Tree, revision, URL and public row of one page."""
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(f"page {page.pk} ({page.url_path}): {message}")

    if any(char not in Page.alphabet for char in page.path) or len(page.path) % Page.steplen:
        problem(f"bad path {page.path!r}")
    if page.depth != len(page.path) // Page.steplen:
        problem(f"depth {page.depth} does not match path {page.path}")
    children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
    if page.numchild != children:
        problem(f"numchild {page.numchild}, but {children} children")
    parent = page.get_parent()
    if parent is None or parent.path != page.path[: -Page.steplen]:
        problem("no parent at the parent path")
    elif page.url_path != f"{parent.url_path}{page.slug}/":
        problem(f"url_path {page.url_path} is not below {parent.url_path}")
    if (
        Page.objects.filter(
            path__startswith=page.path[: -Page.steplen], depth=page.depth, slug=page.slug
        ).count()
        != 1
    ):
        problem("slug not unique among its siblings")
    specific = page.specific
    if type(specific) is not page.content_type.model_class():
        problem(f"specific is {type(specific).__name__}, content type says {page.content_type}")
    if not isinstance(specific, BasePage):
        problem("not a page type of the platform")
    if not (page.live and not page.has_unpublished_changes and not page.expired):
        problem("not live, or has unpublished changes")
    if page.draft_title != page.title:
        problem("draft_title differs from title")
    if page.locale_id != locale_id or page.translation_key is None:
        problem("locale or translation key not set")
    if not (page.first_published_at and page.last_published_at):
        problem("publication times missing")
    revision = specific.live_revision
    if revision is None or page.latest_revision_id != revision.pk:
        problem("no live revision, or it is not the latest")
    else:
        if revision.object_id != str(page.pk) or revision.content_type_id != page.content_type_id:
            problem("the revision belongs to another object")
        if page.latest_revision_created_at != revision.created_at:
            problem("latest_revision_created_at differs from the revision's time")
        restored = revision.as_object()
        if type(restored) is not type(specific) or restored.pk != page.pk:
            problem("revision.as_object() gives another object")
        elif restored.title != specific.title or getattr(restored, "body", None) != getattr(
            specific, "body", None
        ):
            problem("revision.as_object() differs from the page")
    parts = page.get_url_parts()
    if parts is None or parts[0] != site_id:
        problem(f"get_url_parts() gives {parts!r}, not a URL on site {site_id}")
    stored = _public_row(page.pk)
    if stored is None:
        problem("no PublicPage row")
    elif stored != rendered_row(page):
        problem("PublicPage row differs from what public_page_refresh renders")
    return problems


def check_platform(
    site_ids: list[int], root_page_ids: list[int], *, sample: int = 200, seed: int = 0
) -> list[str]:
    """Check every container of the given sites and ``sample`` content pages; return problems."""
    problems: list[str] = []
    locale_id = Locale.get_default().pk
    rng = random.Random(seed)
    root_paths = dict(Page.objects.filter(pk__in=root_page_ids).values_list("path", "pk"))
    root = Page.get_first_root_node()
    tree_root_children = Page.objects.filter(depth=root.depth + 1).count()
    if root.numchild != tree_root_children:
        problems.append(f"root numchild {root.numchild}, but {tree_root_children} children")
    for site_id, root_page_id in zip(site_ids, root_page_ids, strict=True):
        root_page = Page.objects.get(pk=root_page_id)
        columns = ColumnPage.objects.filter(path__startswith=root_page.path).values("pk")
        containers = [root_page, *Page.objects.filter(pk__in=columns).order_by("path")]
        for page in containers:
            problems.extend(check_page(page, site_id, locale_id))
        items = list(
            Page.objects.filter(path__startswith=root_page.path, depth__gt=root_page.depth)
            .exclude(pk__in=[page.pk for page in containers])
            .values_list("pk", flat=True)
        )
        share = max(1, sample // max(1, len(site_ids)))
        for page in Page.objects.filter(pk__in=rng.sample(items, min(share, len(items)))):
            site_for_page = next(
                (pk for path, pk in root_paths.items() if page.path.startswith(path)), None
            )
            if site_for_page != root_page_id:
                problems.append(f"page {page.pk} is not below its site root")
            problems.extend(check_page(page, site_id, locale_id))
    return problems
