"""A run of the link checks: which links, in which order, within which bounds.

A run checks the links some live page uses (on the chosen sites, if any) that were not checked
in the last ``LINKS_RECHECK_AFTER_HOURS`` hours, least recently checked first and never-checked
ones before all: a run stopped by its bounds (a number of links, a number of seconds) is taken
up by the next where it stopped, and a second run the same day finds nothing to do. Links to
the platform's own pages and files are answered by the read model and storage
(:mod:`monitoring.links.internal`); external ones over HTTP (:mod:`monitoring.links.http`).
Each check is written with its consequences (:mod:`monitoring.links.history`).
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cms.jobs.runs import Lease

from .conf import recheck_after
from .history import checks_record
from .http import LinkChecker
from .internal import check_own
from .models import Link, LinkKind, LinkUse

BATCH_SIZE = 200


@dataclass
class CheckReport:
    checked: int = 0
    states: Counter = field(default_factory=Counter)
    bounded: bool = False


def _used(site_ids: list[int] | None) -> QuerySet:
    uses = LinkUse.objects.filter(link=OuterRef("pk"))
    if site_ids is not None:
        uses = uses.filter(site_id__in=site_ids)
    return Link.objects.filter(Exists(uses))


def links_due(now: datetime, site_ids: Iterable[int] | None = None) -> QuerySet:
    """The links a run at ``now`` checks (in no order: :func:`next_due` gives the order)."""
    site_ids = list(site_ids) if site_ids is not None else None
    return _used(site_ids).filter(
        Q(checked_at__isnull=True) | Q(checked_at__lt=now - recheck_after())
    )


def next_due(now: datetime, site_ids: list[int] | None, size: int) -> list[Link]:
    """The next ``size`` links to check: never checked ones first, then the least recently
    checked. Two queries, each read in the order of the ``link_due`` index (one ordering
    with NULLS FIRST would sort every due link again for each batch)."""
    links = list(_used(site_ids).filter(checked_at__isnull=True).order_by("pk")[:size])
    if len(links) < size:
        stale = _used(site_ids).filter(checked_at__lt=now - recheck_after())
        links += list(stale.order_by("checked_at", "pk")[: size - len(links)])
    return links


def links_check(
    *,
    site_ids: Iterable[int] | None = None,
    limit: int | None = None,
    max_seconds: float | None = None,
    checker: LinkChecker | None = None,
    lease: Lease | None = None,
    clock: Callable[[], datetime] = timezone.now,
    batch_size: int = BATCH_SIZE,
) -> CheckReport:
    """Check the due links, within ``limit`` links and ``max_seconds`` seconds if given.
    ``clock`` gives the time a check is written at (tests give a fixed one)."""
    site_ids = list(site_ids) if site_ids is not None else None
    deadline = time.monotonic() + max_seconds if max_seconds is not None else None
    own_checker = checker is None
    checker = checker or LinkChecker()
    report = CheckReport()

    def keep_going() -> bool:
        return deadline is None or time.monotonic() < deadline

    try:
        while True:
            room = batch_size if limit is None else min(batch_size, limit - report.checked)
            if room <= 0 or not keep_going():
                report.bounded = True
                break
            links = next_due(clock(), site_ids, room)
            if not links:
                break
            outcomes = check_own([link for link in links if link.kind != LinkKind.EXTERNAL])
            external = [link for link in links if link.kind == LinkKind.EXTERNAL]
            by_url = checker.check_many([link.url for link in external], keep_going=keep_going)
            outcomes.update({link.pk: by_url[link.url] for link in external if link.url in by_url})
            results = [(link, outcomes[link.pk]) for link in links if link.pk in outcomes]
            checks_record(results, clock())
            report.checked += len(results)
            report.states.update(outcome.state for _link, outcome in results)
            if lease is not None:
                lease.beat()
            if len(outcomes) < len(links):
                # The deadline came in the middle of the batch.
                report.bounded = True
                break
    finally:
        if own_checker:
            checker.close()
    return report
