"""What the dashboard reads of the rescan: the hits, their counts per unit, and whether the
dictionary has changed since the last pass (so the hits may be out of date until the next).

Callers scope by unit and site (the dashboard passes the units a person reaches); ``None``
means no restriction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from editorial.prechecks.dictionary import active_entries, dictionary_version

from .models import ContentHit, ScanState
from .rescan import dictionary_digest


class UnitHitCount(NamedTuple):
    unit_id: int | None
    unit_name: str | None
    blocking: int
    warning: int


def _scoped(unit_ids: Iterable[int] | None, site_ids: Iterable[int] | None) -> QuerySet:
    found = ContentHit.objects.all()
    if unit_ids is not None:
        found = found.filter(unit_id__in=list(unit_ids))
    if site_ids is not None:
        found = found.filter(site_id__in=list(site_ids))
    return found


def hits(
    *, unit_ids: Iterable[int] | None = None, site_ids: Iterable[int] | None = None
) -> QuerySet[ContentHit]:
    """The hits, blocking first, then the newest found."""
    return (
        _scoped(unit_ids, site_ids)
        .select_related("unit", "site")
        .order_by("-blocking", "-first_found_at", "-id")
    )


def hit_counts_by_unit(
    *, unit_ids: Iterable[int] | None = None, site_ids: Iterable[int] | None = None
) -> list[UnitHitCount]:
    """Per unit, its blocking and warning hits; the units with most blocking hits first."""
    rows = (
        _scoped(unit_ids, site_ids)
        .values("unit_id", "unit__name")
        .annotate(
            blocking_hits=Count("id", filter=Q(blocking=True)),
            warning_hits=Count("id", filter=Q(blocking=False)),
        )
        .order_by("-blocking_hits", "-warning_hits", "unit__name")
    )
    return [
        UnitHitCount(row["unit_id"], row["unit__name"], row["blocking_hits"], row["warning_hits"])
        for row in rows
    ]


_active_digest: tuple[tuple, str] | None = None


def _active_dictionary_digest() -> str:
    """The digest of the active dictionary, computed again only when its version changes."""
    global _active_digest
    version = dictionary_version()
    if _active_digest is None or _active_digest[0] != version:
        _active_digest = (version, dictionary_digest(active_entries()))
    return _active_digest[1]


def pending_dictionary_change() -> bool:
    """Whether the active dictionary differs from the one the last pass brought the hits up to
    date with (also when no pass has run yet)."""
    state = ScanState.objects.filter(pk=1).only("dictionary_digest", "last_pass_at").first()
    if state is None or state.last_pass_at is None:
        return True
    return state.dictionary_digest != _active_dictionary_digest()
