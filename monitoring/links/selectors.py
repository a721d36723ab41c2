"""What the monitoring dashboard reads of the link checks.

A link is listed while its last check failed: dead, timing out, or leading to a filed page.
Each row says since when and how many checks in a row, and whether the failure stands or may
still be a blip (:mod:`monitoring.links.history` holds the rule).
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from .history import standing_expression
from .models import LinkState, LinkUse
from .outcomes import FAILING


def _scoped(unit_ids: Iterable[int] | None, site_ids: Iterable[int] | None) -> QuerySet:
    # The state copied onto each use: read from a partial index of the failing uses only.
    uses = LinkUse.objects.filter(link_state__in=FAILING)
    if unit_ids is not None:
        uses = uses.filter(unit_id__in=list(unit_ids))
    if site_ids is not None:
        uses = uses.filter(site_id__in=list(site_ids))
    return uses


def broken_links(
    *,
    unit_ids: Iterable[int] | None = None,
    site_ids: Iterable[int] | None = None,
    now: datetime | None = None,
    standing_only: bool = False,
) -> QuerySet:
    """The uses of failing links (of these units and sites, if given), longest failing first.

    Each row is a ``LinkUse`` with ``link``, ``site`` and ``unit`` loaded, the page as
    ``page_id``, ``page_title`` and ``page_url_path``, and annotated with ``state``,
    ``failing_since``, ``failing_checks`` and ``standing`` (False: it may still be a blip).
    ``standing_only`` leaves out failures that do not stand yet."""
    now = now or timezone.now()
    uses = (
        _scoped(unit_ids, site_ids)
        .select_related("link", "site", "unit")
        .annotate(
            state=F("link_state"),
            failing_since=F("link_failing_since"),
            failing_checks=F("link__consecutive_failures"),
            standing=standing_expression(now, prefix="link__"),
        )
    )
    if standing_only:
        uses = uses.filter(standing=True)
    return uses.order_by("link_failing_since", "link_id", "page_id")


def broken_counts_by_unit(
    *, unit_ids: Iterable[int] | None = None, site_ids: Iterable[int] | None = None
) -> list[tuple[int | None, str, int, int, int]]:
    """Per responsible unit with any failing link: (unit id, unit name, dead, timing out, to
    filed pages), each a count of uses (a page and a link); most dead first. Uses on pages
    outside any column have the unit None."""
    rows = (
        _scoped(unit_ids, site_ids)
        .values("unit_id", "unit__name")
        .annotate(
            dead=Count("pk", filter=Q(link_state=LinkState.DEAD)),
            timeout=Count("pk", filter=Q(link_state=LinkState.TIMEOUT)),
            filed=Count("pk", filter=Q(link_state=LinkState.FILED)),
        )
        .order_by("-dead", "-timeout", "-filed", "unit__name")
    )
    return [
        (row["unit_id"], row["unit__name"] or "", row["dead"], row["timeout"], row["filed"])
        for row in rows
    ]
