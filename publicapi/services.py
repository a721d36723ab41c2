"""Keep the read model in step with what is live and public.

Each function decides from the database, not from its caller, whether a page is public; so
every entry point (signals, tasks, commands) is safe to call at any time, any number of times.
"""

import hashlib
import json

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from archive.models import PageArchive
from cms.content.media import ReleaseMedia
from cms.content.models import BasePage, ColumnPage, ContentItemPage
from cms.content.releases import freeze, release_of
from cms.content.tree import ancestor_paths
from cms.content.wagtail_internals import as_revision_says
from cms.sites.models import SiteIdentity, run_by

from . import integrity, publication
from .indexing import index_archive_refresh, index_clear, index_refresh, index_remove
from .models import ARCHIVED, CURRENT, PublicPage, PublicSite
from .representation import (
    archive_part,
    archive_section,
    page_representation,
    search_text,
    site_representation,
    sitemap_representation,
    with_archive,
)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _etag(text: str) -> str:
    """A validator, not a signature: MD5 of the UTF-8 text, which PostgreSQL's ``md5()``
    computes too (:func:`public_archive_refresh` patches rows in the database)."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


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


def public_row_values(
    page: BasePage, site: Site, ancestors: list[Page], column: Page | None, archive=None
) -> dict:
    """The ``PublicPage`` row of ``page`` (specific, live, public), its archive record given,
    signed (:mod:`publicapi.integrity`): whoever writes the row writes its signature with it."""
    summary, detail = page_representation(page, site, ancestors, column, archive)
    detail_json = _dumps(detail)
    values = {
        "site_id": site.pk,
        "column_id": column.pk if column is not None else None,
        "type": page.public_type,
        "is_item": page.public_type not in {"column", "site_root"},
        "url_path": summary["url_path"],
        "published_at": page.first_published_at or timezone.now(),
        "updated_at": page.last_published_at or page.first_published_at or timezone.now(),
        "listing_json": _dumps(summary),
        "detail_json": detail_json,
        "etag": _etag(detail_json),
        "archived_at": archive.archived_at if archive is not None else None,
        "search_text": search_text(page),
        # Only notices are pinned (cms.content.announcements); the listing's ``pinned`` reads it.
        "pinned_until": getattr(page, "pinned_until", None),
    }
    values["signature"] = integrity.page_signature({"page_id": page.pk, **values})
    return values


def public_page_ids(page_ids: list[int]) -> set[str]:
    """Which of ``page_ids`` the public may see now: those with a row in the read model."""
    rows = PublicPage.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True)
    return {str(page_id) for page_id in rows}


def public_listings(page_ids: list[int]) -> dict[int, dict]:
    """The listing data of those of ``page_ids`` the public may see, with their site, by id."""
    rows = PublicPage.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "site_id", "listing_json"
    )
    return {
        page_id: {**json.loads(listing), "site_id": site_id} for page_id, site_id, listing in rows
    }


def shown_version(page: BasePage) -> BasePage | None:
    """What the public is shown of ``page``, or None.

    An information item is shown as its live revision and that revision's release say
    (:mod:`cms.content.releases`), never as its row: no re-render can publish what review did
    not see, whatever happened to the row, the library or the snippets since. Structural pages
    (site homes, columns) are not reviewed and are shown as they are.
    """
    if not isinstance(page, ContentItemPage):
        return page
    revision = page.live_revision
    if revision is None:
        return None
    shown = as_revision_says(page, revision.content)
    # Content that never went through review here (historical imports) has its release frozen
    # the first time it is shown: what the public was shown when it was imported.
    release = release_of(revision) or freeze(revision, at_review=False, obj=shown)
    shown.first_published_at = page.first_published_at
    shown.last_published_at = page.last_published_at
    shown._public_media = ReleaseMedia(release.data, public_pages=public_page_ids)
    return shown


@transaction.atomic
def public_page_refresh(page: Page) -> PublicPage | None:
    """Render ``page`` into the read model if it is public; remove it otherwise."""
    page = Page.objects.filter(pk=page.pk).first()
    former = publication.former_places([page.pk]) if page is not None else {}
    site = site_for(page) if page is not None else None
    specific = page.specific if page is not None else None
    if isinstance(specific, BasePage) and is_public(page):
        specific = shown_version(specific)
    if page is None or site is None or not isinstance(specific, BasePage) or not is_public(page):
        if page is not None:
            PublicPage.objects.filter(page_id=page.pk).delete()
            index_remove([page.pk])
            publication.page_changed(page.pk, former=former)
        return None
    ancestors, column = place_in_site(page, site)
    archive = PageArchive.objects.filter(page_id=page.pk).first()
    row, _ = PublicPage.objects.update_or_create(
        page_id=page.pk, defaults=public_row_values(specific, site, ancestors, column, archive)
    )
    index_refresh([page.pk])
    publication.page_changed(page.pk, former=former)
    return row


# Every stored representation ends with the archive state (``representation.with_archive``).
_NOT_ARCHIVED_TAIL = '"archived":false,"archive":null}'


def public_archive_refresh(page_ids) -> int:
    """Bring the archive state of these pages' public rows in line with their archive records,
    without rendering them again: filing 100,000 pages must not cost 100,000 renders. The text
    is the same a full render gives (:func:`representation.with_archive`). Call it inside the
    transaction that files or restores, so readers see both at once; returns the rows changed.

    Pages filed together share their archive part, and on PostgreSQL one statement per part
    swaps the stored tail for it; anything else (SQLite, a restore) is patched row by row.
    """
    ids = asked = list(page_ids)
    records = list(PageArchive.objects.filter(page_id__in=ids))
    changed = 0
    if connection.vendor == "postgresql":
        groups: dict[tuple, tuple[object, list[int]]] = {}
        for record in records:
            key = (record.archived_at, record.reason)
            groups.setdefault(key, (record, []))[1].append(record.page_id)
        for record, page_ids_of_part in groups.values():
            changed += _swap_tail(page_ids_of_part, record)
        # What is left: restored pages (no record), patched row by row below.
        done = {record.page_id for record in records}
        ids = [page_id for page_id in ids if page_id not in done]
        records = []
    by_page = {record.page_id: record for record in records}
    parts: dict[tuple, dict] = {}
    verifier = integrity.Verifier()
    rows = PublicPage.objects.filter(page_id__in=ids).values_list(
        *integrity.PAGE_COLUMNS, "signature"
    )
    for *values, signature in rows:
        row = dict(zip(integrity.PAGE_COLUMNS, values, strict=True))
        page_id, listing_json, detail_json = row["page_id"], row["listing_json"], row["detail_json"]
        stored_at = row["archived_at"]
        record = by_page.get(page_id)
        archived_at = record.archived_at if record is not None else None
        if stored_at == archived_at and listing_json.endswith(_NOT_ARCHIVED_TAIL) == (
            archived_at is None
        ):
            continue
        key = (archived_at, record.reason) if record is not None else None
        if key not in parts:
            parts[key] = archive_part(record)
        # A row changed behind the platform's back is not signed again: the verifier takes it.
        if not verifier.page(values, signature).sound:
            continue
        listing_json = _dumps(with_archive(json.loads(listing_json), part=parts[key]))
        detail_json = _dumps(with_archive(json.loads(detail_json), part=parts[key]))
        row.update(
            listing_json=listing_json,
            detail_json=detail_json,
            etag=_etag(detail_json),
            archived_at=archived_at,
        )
        PublicPage.objects.filter(page_id=page_id).update(
            listing_json=listing_json,
            detail_json=detail_json,
            etag=row["etag"],
            archived_at=archived_at,
            signature=integrity.page_signature(row),
        )
        changed += 1
    index_archive_refresh(asked)
    # Filing changes no row's site: each file is where it was.
    publication.page_changed(*asked, former={})
    return changed


_SIGN_BATCH = 2000


def _sound_page_ids(page_ids: list[int]) -> list[int]:
    """Those of ``page_ids`` whose rows verify: a row changed behind the platform's back is
    never signed again by a writer that patches it; it is left for the verifier."""
    verifier = integrity.Verifier()
    rows = (
        PublicPage.objects.filter(page_id__in=page_ids)
        .values_list(*integrity.PAGE_COLUMNS, "signature")
        .iterator(chunk_size=_SIGN_BATCH)
    )
    return [values[0] for *values, signature in rows if verifier.page(values, signature).sound]


def _write_signatures(signatures: list[tuple[int, str]]) -> None:
    """On PostgreSQL: set the signatures of many rows, a batch per statement."""
    table = connection.ops.quote_name(PublicPage._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(signatures), _SIGN_BATCH):
            batch = signatures[start : start + _SIGN_BATCH]
            cursor.execute(
                f"""
                UPDATE {table} AS row SET signature = signed.signature
                FROM unnest(%s::integer[], %s::text[]) AS signed(page_id, signature)
                WHERE row.page_id = signed.page_id
                """,
                [[page_id for page_id, _ in batch], [signature for _, signature in batch]],
            )


def _swap_tail(page_ids: list[int], record) -> int:
    """On PostgreSQL: give the rows of ``page_ids`` (not filed yet) ``record``'s archive part
    in one statement; the etag is the same MD5 :func:`_etag` computes. The statement returns
    the rows as they now are, and they are signed again in the same transaction — those that
    verified before it only."""
    tail = _dumps(archive_part(record))[1:]  # '"archived":true,"archive":{…}}'
    cut = len(_NOT_ARCHIVED_TAIL)
    table = connection.ops.quote_name(PublicPage._meta.db_table)
    page_ids = _sound_page_ids(page_ids)
    columns = ", ".join(connection.ops.quote_name(column) for column in integrity.PAGE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET
              listing_json = left(listing_json, -%s) || %s,
              detail_json = left(detail_json, -%s) || %s,
              etag = md5(left(detail_json, -%s) || %s),
              archived_at = %s
            WHERE page_id = ANY(%s)
              AND right(listing_json, %s) = %s AND right(detail_json, %s) = %s
            RETURNING {columns}
            """,
            [
                cut,
                tail,
                cut,
                tail,
                cut,
                tail,
                record.archived_at,
                page_ids,
                cut,
                _NOT_ARCHIVED_TAIL,
                cut,
                _NOT_ARCHIVED_TAIL,
            ],
        )
        swapped = cursor.fetchall()
    columns = integrity.PAGE_COLUMNS
    signatures = [
        (values[0], integrity.page_signature(dict(zip(columns, values, strict=True))))
        for values in swapped
    ]
    _write_signatures(signatures)
    return len(swapped)


def public_referrers_refresh(page_id: int) -> int:
    """Re-render the public items that link to ``page_id``: a link is shown only while its
    target is public (``shown_version``). Their releases say who links where."""
    linking = Page.objects.filter(
        live=True, live_revision__release__page_links__page_id=page_id
    ).values("pk")
    referring = PublicPage.objects.filter(page_id__in=linking).exclude(page_id=page_id)
    count = 0
    for referrer in Page.objects.filter(pk__in=referring.values("page_id")):
        public_page_refresh(referrer)
        count += 1
    return count


def public_subtree_refresh(page: Page) -> int:
    """Refresh ``page`` and everything below it; returns how many are now public."""
    count = 0
    with publication.batch():
        for descendant in Page.objects.filter(path__startswith=page.path).order_by("path"):
            if public_page_refresh(descendant) is not None:
                count += 1
    return count


def public_subtree_remove(page: Page) -> None:
    rows = PublicPage.objects.filter(page__path__startswith=page.path)
    former = publication.places(rows)
    index_remove(list(former))
    rows.delete()
    publication.page_changed(*former, former=former)


def public_site_prune(site: Site) -> int:
    """Remove what is filed under ``site`` but no longer below its root (its root changed)."""
    root = Site.objects.select_related("root_page").get(pk=site.pk).root_page
    rows = PublicPage.objects.filter(site_id=site.pk).exclude(page__path__startswith=root.path)
    former = publication.places(rows)
    index_remove(list(former))
    deleted, _ = rows.delete()
    publication.page_changed(*former, former=former)
    publication.site_changed(site.pk)
    return deleted


@transaction.atomic
def public_site_refresh(site: Site) -> PublicSite:
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    columns = PublicPage.objects.filter(site=site, type="column")
    current = list(ColumnPage.objects.filter(pk__in=columns.filter(CURRENT).values("page_id")))
    summary, detail = site_representation(site)
    sitemap_json = _dumps(sitemap_representation(site, current, _archive_section_rows(site)))
    detail_json = _dumps(detail)
    values = {
        "listing_json": _dumps(summary),
        "detail_json": detail_json,
        "sitemap_json": sitemap_json,
        "etag": _etag(detail_json + sitemap_json),
        "updated_at": timezone.now(),
    }
    values["signature"] = integrity.site_signature({"site_id": site.pk, **values})
    row, _ = PublicSite.objects.update_or_create(site=site, defaults=values)
    publication.site_changed(site.pk)
    return row


def _site_row(row: PublicSite) -> dict:
    return {column: getattr(row, column) for column in integrity.SITE_COLUMNS}


@transaction.atomic
def public_sitemap_archive_refresh(site: Site) -> None:
    """Only the archive section of ``site``'s stored site map: what filing or restoring items
    (not columns) changes, for each batch of a filing."""
    row = PublicSite.objects.select_for_update().filter(site_id=site.pk).first()
    # A row changed behind the platform's back is not signed again: the verifier takes it.
    if row is None or not integrity.site_row_sound(_site_row(row), row.signature):
        return
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    sitemap = json.loads(row.sitemap_json)
    sitemap["archive"] = archive_section(site, _archive_section_rows(site))
    row.sitemap_json = _dumps(sitemap)
    row.etag = _etag(row.detail_json + row.sitemap_json)
    row.updated_at = timezone.now()
    row.signature = integrity.site_signature(_site_row(row))
    row.save(update_fields=["sitemap_json", "etag", "updated_at", "signature"])
    publication.site_changed(site.pk)


def _archive_section_rows(site: Site) -> list[tuple[ColumnPage, int, bool]]:
    """The columns holding filed items, with how many, and whether the column is filed too."""
    counts = dict(
        PublicPage.objects.filter(ARCHIVED, site=site, is_item=True)
        .values("column_id")
        .annotate(n=Count("*"))
        .values_list("column_id", "n")
    )
    filed_columns = set(
        PublicPage.objects.filter(ARCHIVED, site=site, type="column").values_list(
            "page_id", flat=True
        )
    )
    columns = ColumnPage.objects.filter(pk__in=set(counts) | filed_columns).order_by("path")
    return [(column, counts.get(column.pk, 0), column.pk in filed_columns) for column in columns]


def public_unit_refresh(unit_id: int) -> None:
    """Re-render what names the unit: site footers, its columns, items it co-issued."""
    identities = SiteIdentity.objects.filter(run_by([unit_id]))
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
    index_clear()
    count = 0
    for site in Site.objects.select_related("root_page"):
        count += public_subtree_refresh(site.root_page)
        public_site_refresh(site)
    publication.everything_changed()
    return count
