"""When a failing link is a blip and when it is broken: the one rule, and the history it reads.

Each run checks a link once (the HTTP check has retried already, :mod:`monitoring.links.http`)
and writes one ``LinkCheck``. On the link:

* ``failing_since`` is the time of the first failing check (dead, timing out, or leading to a
  filed page) of the current unbroken run of failing checks; ``consecutive_failures`` counts the
  checks of that run. A working check (alive or redirected) clears both.
* A current failure *stands* — the link is broken, "dead since <date> (N days, M checks)" —
  once it has been seen in at least ``LINKS_CONFIRM_CHECKS`` checks in a row spanning at least
  ``LINKS_CONFIRM_HOURS`` hours. Until then it is *new*: it may yet prove a blip. Links to the
  platform's own pages and files are answered by the read model and storage, not a network,
  and stand at their first failing check.
* The state and ``failing_since`` are copied onto the link's uses when the state changes, so
  that a unit's broken links are read from the uses alone (:mod:`monitoring.links.selectors`).
* A past run of failing checks ended by a working check is a *blip* if it never stood, an
  *outage* if it did (:func:`failure_spells`).

The history (``LinkCheck``) keeps every failing check and every change of outcome, not every
check of a link that keeps working: a working check is written only when the link's previous
state was another one (its first check, a recovery, a new redirect). That is all the spells
need, and a million links that work cost no million rows a day; ``Link.checked_at`` says when
each was last seen.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from .conf import confirm_after, history_kept, setting
from .models import Link, LinkCheck, LinkKind, LinkUse
from .outcomes import FAILING, Outcome


def stands(
    *, kind: str, failing_since: datetime | None, consecutive_failures: int, now: datetime
) -> bool:
    """The rule: does a current failure count as a broken link at ``now``?"""
    if failing_since is None:
        return False
    if kind != LinkKind.EXTERNAL:
        return True
    return (
        consecutive_failures >= setting("LINKS_CONFIRM_CHECKS")
        and now - failing_since >= confirm_after()
    )


def standing_expression(now: datetime, prefix: str = "") -> Case:
    """:func:`stands` as an SQL expression over ``Link`` (``prefix``: the path to the link)."""
    field = prefix + "{}"
    return Case(
        When(Q(**{field.format("failing_since__isnull"): True}), then=Value(False)),
        When(~Q(**{field.format("kind"): LinkKind.EXTERNAL}), then=Value(True)),
        When(
            Q(
                **{
                    field.format("consecutive_failures__gte"): setting("LINKS_CONFIRM_CHECKS"),
                    field.format("failing_since__lte"): now - confirm_after(),
                }
            ),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


@dataclass(frozen=True)
class Failure:
    """A link's current failure, as the monitoring shows it."""

    since: datetime
    days: int
    checks: int
    standing: bool


def current_failure(link: Link, now: datetime) -> Failure | None:
    if link.failing_since is None:
        return None
    return Failure(
        since=link.failing_since,
        days=(now - link.failing_since).days,
        checks=link.consecutive_failures,
        standing=stands(
            kind=link.kind,
            failing_since=link.failing_since,
            consecutive_failures=link.consecutive_failures,
            now=now,
        ),
    )


RECORDED_FIELDS = [
    "state",
    "status_code",
    "final_url",
    "error",
    "checked_at",
    "failing_since",
    "consecutive_failures",
]


def _apply(link: Link, outcome: Outcome, now: datetime) -> LinkCheck | None:
    """Give ``link`` the consequences of ``outcome`` (in memory); the history row to write, if
    the check is worth one."""
    noteworthy = outcome.state in FAILING or outcome.state != link.state
    if outcome.state in FAILING:
        # A failure of another kind (a dead link now timing out) continues the same run.
        if link.failing_since is None:
            link.failing_since = now
            link.consecutive_failures = 0
        link.consecutive_failures += 1
    else:
        link.failing_since = None
        link.consecutive_failures = 0
    link.state = outcome.state
    link.status_code = outcome.status_code
    link.final_url = outcome.final_url
    link.error = outcome.error
    link.checked_at = now
    if not noteworthy:
        return None
    return LinkCheck(
        link=link,
        checked_at=now,
        outcome=outcome.state,
        status_code=outcome.status_code,
        final_url=outcome.final_url,
        elapsed_ms=outcome.elapsed_ms,
        attempts=outcome.attempts,
        error=outcome.error,
    )


@transaction.atomic
def checks_record(results: list[tuple[Link, Outcome]], now: datetime) -> list[LinkCheck]:
    """Write a batch of checks and their consequences: the links, their history, and the
    state copied onto their uses where it changed. Returns the history rows written."""
    # failing_since changes only with the state (a working link starts failing, a failing one
    # works again), so both are copied together when the state changes.
    moved: dict[tuple[str, datetime | None], list[int]] = defaultdict(list)
    rows = []
    for link, outcome in results:
        before = link.state
        row = _apply(link, outcome, now)
        if row is not None:
            rows.append(row)
        if link.state != before:
            moved[(link.state, link.failing_since)].append(link.pk)
    # One UPDATE per set of equal values (most links of a batch share theirs: alive, 200),
    # not Django's bulk_update, whose CASE per row and field costs more than the checks.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for link, _outcome in results:
        groups[tuple(getattr(link, name) for name in RECORDED_FIELDS)].append(link.pk)
    for values, ids in groups.items():
        for start in range(0, len(ids), 1000):
            Link.objects.filter(pk__in=ids[start : start + 1000]).update(
                **dict(zip(RECORDED_FIELDS, values, strict=True))
            )
    LinkCheck.objects.bulk_create(rows, batch_size=1000)
    for (state, failing_since), ids in moved.items():
        for start in range(0, len(ids), 1000):
            LinkUse.objects.filter(link_id__in=ids[start : start + 1000]).update(
                link_state=state, link_failing_since=failing_since
            )
    return rows


def check_record(link: Link, outcome: Outcome, now: datetime) -> LinkCheck | None:
    """Write one check of ``link`` (:func:`checks_record`); None when it only confirmed a link
    that keeps working."""
    rows = checks_record([(link, outcome)], now)
    return rows[0] if rows else None


@dataclass(frozen=True)
class Spell:
    """A run of failing checks: from its first to its last failing check; ``ended_at`` is the
    working check that ended it (None while it lasts)."""

    started_at: datetime
    last_failed_at: datetime
    checks: int
    ended_at: datetime | None
    standing: bool

    @property
    def blip(self) -> bool:
        return self.ended_at is not None and not self.standing


def failure_spells(link: Link) -> list[Spell]:
    """The link's runs of failing checks in its kept history, oldest first."""
    spells: list[Spell] = []
    start = last = None
    count = 0
    for checked_at, outcome in link.checks.order_by("checked_at", "pk").values_list(
        "checked_at", "outcome"
    ):
        if outcome in FAILING:
            start = start or checked_at
            last, count = checked_at, count + 1
            continue
        if start is not None:
            spells.append(_spell(link, start, last, count, checked_at))
            start, count = None, 0
    if start is not None:
        spells.append(_spell(link, start, last, count, None))
    return spells


def _spell(link, start, last, count, ended_at) -> Spell:
    return Spell(
        started_at=start,
        last_failed_at=last,
        checks=count,
        ended_at=ended_at,
        standing=stands(kind=link.kind, failing_since=start, consecutive_failures=count, now=last),
    )


def history_prune(now: datetime) -> tuple[int, int]:
    """Drop checks older than ``LINKS_HISTORY_DAYS`` and links no live page uses any more.
    Returns (checks, links) deleted."""
    checks, _ = LinkCheck.objects.filter(checked_at__lt=now - history_kept()).delete()
    unused = Link.objects.filter(~Exists(LinkUse.objects.filter(link=OuterRef("pk"))))
    # Their own history goes with them.
    links = unused.count()
    if links:
        unused.delete()
    return checks, links
