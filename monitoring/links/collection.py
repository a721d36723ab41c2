"""Keep the uses of links (``LinkUse``) in step with the public read model, incrementally.

A page's links are read again only when its read-model row changed since they were read: its
``etag`` (the MD5 of ``detail_json``) differs from the one collected, or the row is new. The
etag changes whenever the text the public is served changes — a new revision going live (a new
``updated_at``), but also a move, a filing, or a re-render that hides a link to a page no longer
public, which leave ``updated_at`` as it was. Pages gone from the read model lose their uses.

Each use carries the page's site, column and responsible unit (the column's
``responsible_unit``; a column's own), written when it is collected, so that reading a unit's
broken links is one indexed query. A column given to another unit moves its uses with it
(:func:`uses_follow_units`), whether or not its pages changed.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cms.content.models import ColumnPage
from publicapi.models import PublicPage

from .addresses import Address, PlatformHosts, address_of
from .extraction import links_in
from .models import CollectedPage, Link, LinkUse

BATCH_SIZE = 500


@dataclass
class CollectReport:
    pages: int = 0
    removed_pages: int = 0
    uses: int = 0
    new_links: int = 0
    moved_uses: int = 0


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def links_collect(
    *, site_ids: Iterable[int] | None = None, now=None, batch_size: int = BATCH_SIZE
) -> CollectReport:
    """Bring the uses up to date with the read model (of ``site_ids`` only, if given)."""
    now = now or timezone.now()
    report = CollectReport()
    live = PublicPage.objects.filter(page_id=OuterRef("page_id"))
    gone = CollectedPage.objects.filter(~Exists(live))
    for chunk in _batches(list(gone.values_list("page_id", flat=True)), batch_size):
        with transaction.atomic():
            LinkUse.objects.filter(page_id__in=chunk).delete()
            CollectedPage.objects.filter(page_id__in=chunk).delete()
        report.removed_pages += len(chunk)
    same = CollectedPage.objects.filter(page_id=OuterRef("page_id"), etag=OuterRef("etag"))
    changed = PublicPage.objects.filter(~Exists(same))
    if site_ids is not None:
        changed = changed.filter(site_id__in=list(site_ids))
    hosts = PlatformHosts.load()
    ids = list(changed.order_by("page_id").values_list("page_id", flat=True))
    for chunk in _batches(ids, batch_size):
        _collect_pages(chunk, hosts, now, report)
    report.moved_uses = uses_follow_units()
    return report


@transaction.atomic
def _collect_pages(page_ids: list[int], hosts: PlatformHosts, now, report: CollectReport) -> None:
    rows = list(
        PublicPage.objects.filter(page_id__in=page_ids).values(
            "page_id",
            "site_id",
            "column_id",
            "type",
            "url_path",
            "detail_json",
            "etag",
            "updated_at",
        )
    )
    for row in rows:
        row["column_id"] = row["page_id"] if row["type"] == "column" else row["column_id"]
    units = dict(
        ColumnPage.objects.filter(pk__in={row["column_id"] for row in rows}).values_list(
            "pk", "responsible_unit_id"
        )
    )
    found: dict[int, dict[str, tuple[Address, list[str]]]] = {}
    titles: dict[int, str] = {}
    for row in rows:
        per_page: dict[str, tuple[Address, list[str]]] = {}
        detail = json.loads(row["detail_json"])
        titles[row["page_id"]] = str(detail.get("title") or "")[:255]
        for field, hrefs in links_in(detail).items():
            for href in hrefs:
                address = address_of(
                    href, site_id=row["site_id"], page_path=row["url_path"], hosts=hosts
                )
                if address is None:
                    continue
                _address, fields = per_page.setdefault(address.url_hash, (address, []))
                if field not in fields:
                    fields.append(field)
        found[row["page_id"]] = per_page
    addresses = {
        digest: address
        for per_page in found.values()
        for digest, (address, _fields) in per_page.items()
    }
    links = _link_ids(addresses, report)
    uses = []
    for row in rows:
        for digest, (_address, fields) in found[row["page_id"]].items():
            uses.append(
                LinkUse(
                    link_id=links[digest][0],
                    link_state=links[digest][1],
                    link_failing_since=links[digest][2],
                    page_id=row["page_id"],
                    page_title=titles[row["page_id"]],
                    page_url_path=row["url_path"],
                    site_id=row["site_id"],
                    column_id=row["column_id"],
                    unit_id=units.get(row["column_id"]),
                    where=",".join(fields)[:100],
                )
            )
    LinkUse.objects.filter(page_id__in=page_ids).delete()
    LinkUse.objects.bulk_create(uses, batch_size=1000)
    CollectedPage.objects.filter(page_id__in=page_ids).delete()
    CollectedPage.objects.bulk_create(
        [
            CollectedPage(
                page_id=row["page_id"],
                etag=row["etag"],
                updated_at=row["updated_at"],
                collected_at=now,
            )
            for row in rows
        ]
    )
    report.pages += len(rows)
    report.uses += len(uses)


def _link_ids(
    addresses: dict[str, Address], report: CollectReport
) -> dict[str, tuple[int, str, datetime | None]]:
    """The id, state and failing_since of the links at ``addresses`` (by hash), created when
    new. Another run creating the same link meanwhile is harmless: the unique hash keeps one."""
    ids = {
        digest: (pk, state, since)
        for digest, pk, state, since in Link.objects.filter(
            url_hash__in=list(addresses)
        ).values_list("url_hash", "pk", "state", "failing_since")
    }
    new = [
        Link(
            url=address.url,
            url_hash=digest,
            kind=address.kind,
            site_id=address.site_id,
            path=address.path,
        )
        for digest, address in addresses.items()
        if digest not in ids
    ]
    if new:
        Link.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        report.new_links += len(new)
        ids.update(
            (digest, (pk, state, since))
            for digest, pk, state, since in Link.objects.filter(
                url_hash__in=[link.url_hash for link in new]
            ).values_list("url_hash", "pk", "state", "failing_since")
        )
    return ids


def uses_follow_units() -> int:
    """Give the uses of each column whose responsible unit changed the column's unit now; one
    UPDATE per such column. Returns the uses moved."""
    current = dict(ColumnPage.objects.values_list("pk", "responsible_unit_id"))
    stored = (
        LinkUse.objects.filter(column_id__isnull=False)
        .values_list("column_id", "unit_id")
        .distinct()
    )
    moved = 0
    for column_id, unit_id in list(stored):
        if column_id in current and current[column_id] != unit_id:
            moved += LinkUse.objects.filter(column_id=column_id).update(unit_id=current[column_id])
    return moved
