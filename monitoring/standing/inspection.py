"""The daily inspection (R30, R5): each site's standing against the veto items, written once a
day, then the warnings (:mod:`monitoring.standing.warnings`).

* One run at a time: the platform's job lock (:mod:`cms.jobs.runs`); a run that finds another
  going stops at once and says so.
* Resumable: the day's :class:`Inspection` row says whether the day is done; each site is
  written in a transaction of its own, so a run that stopped leaves the sites it finished and
  the next run of the day does only the others.
* Idempotent: a finished day is not run again unless asked (``again``); running it again
  replaces its rows and sends no warning twice (each warning is unique by what it is about).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from cms.jobs.runs import RunInProgress, one_run_at_a_time
from interpretation.workdays import WorkingCalendar

from . import facts, warnings
from .models import ColumnState, Finding, Inspection, SiteStanding
from .rules import Verdict, verdict

JOB = "monitoring_inspection"
JOB_LABEL = gettext_lazy("inspection")
LEASE = datetime.timedelta(hours=2)


class InspectionRefused(Exception):
    """Another run holds the job, or the day is done; the message says which, in Chinese."""


@dataclass(frozen=True)
class RunResult:
    day: datetime.date
    sites: int
    skipped: int
    standings: dict[str, int]
    warnings: int


def _open_day(day: datetime.date, *, again: bool, now: datetime.datetime) -> Inspection:
    inspection, created = Inspection.objects.get_or_create(
        day=day, defaults={"state": Inspection.State.RUNNING, "started_at": now}
    )
    if not created:
        if inspection.state == Inspection.State.DONE and not again:
            raise InspectionRefused(
                _("The inspection of %(day)s is already done; run it again with --again.")
                % {"day": day}
            )
        inspection.state = Inspection.State.RUNNING
        inspection.save(update_fields=["state"])
    return inspection


def _write_site(inspection: Inspection, site: Site, result: Verdict, now) -> SiteStanding:
    SiteStanding.objects.filter(inspection=inspection, site=site).delete()
    ColumnState.objects.filter(inspection=inspection, site=site).delete()
    standing = SiteStanding.objects.create(
        inspection=inspection,
        site=site,
        standing=result.standing,
        columns=len(result.columns),
        overdue_columns=result.overdue_columns,
        empty_columns=result.empty_columns,
        unanswered_messages=result.unanswered,
        computed_at=now,
    )
    Finding.objects.bulk_create(
        Finding(
            standing=standing,
            rule=trip.rule,
            tripped=trip.trips_on <= inspection.day,
            trips_on=trip.trips_on,
            subject=trip.subject[:255],
            column_id=trip.column.column_id if trip.column else None,
            message_id=trip.message.message_id if trip.message else None,
            account_id=trip.account.account_id if trip.account else None,
            unit_id=(
                trip.column.unit_id
                if trip.column
                else trip.message.unit_id
                if trip.message
                else trip.account.unit_id
                if trip.account
                else None
            ),
            person_id=trip.column.person_id if trip.column else None,
            since=trip.since,
            count=trip.count,
        )
        for trip in result.trips
    )
    ColumnState.objects.bulk_create(
        ColumnState(
            inspection=inspection,
            column_id=column.column_id,
            site=site,
            unit_id=column.unit_id,
            person_id=column.person_id,
            category=column.category,
            last_update=column.last_update,
            late_on=late,
            empty=column.empty,
            overdue=overdue,
        )
        for column, late, overdue in result.columns
    )
    return standing


def run_inspection(
    *,
    day: datetime.date | None = None,
    again: bool = False,
    sites=None,
    progress: Callable[[str], None] | None = None,
) -> RunResult:
    """Inspect every site (or ``sites``) for ``day`` (today, Asia/Shanghai) and warn."""
    try:
        with one_run_at_a_time(JOB, label=JOB_LABEL, lease=LEASE):
            return _run(day=day, again=again, sites=sites, progress=progress)
    except RunInProgress as busy:
        raise InspectionRefused(str(busy)) from None


def _run(*, day, again, sites, progress) -> RunResult:
    now = timezone.now()
    day = day or timezone.localdate(now)
    inspection = _open_day(day, again=again, now=now)
    limits = facts.thresholds()
    warn_until = WorkingCalendar().add_workdays(day, limits.warning_workdays)
    done = set()
    if not again:
        done = set(
            SiteStanding.objects.filter(inspection=inspection).values_list("site_id", flat=True)
        )
    chosen = Site.objects.order_by("pk") if sites is None else sites
    inspected = skipped = 0
    for site in chosen:
        if site.pk in done:
            skipped += 1
            continue
        site_facts = facts.site_facts(site, today=day, warn_until=warn_until, limits=limits)
        result = verdict(site_facts, limits, today=day, warn_until=warn_until)
        with transaction.atomic():
            _write_site(inspection, site, result, timezone.now())
        inspected += 1
        if progress:
            progress(f"{site.site_name}: {result.standing}")
    sent = warnings.send_warnings(inspection, warn_until=warn_until)
    Inspection.objects.filter(pk=inspection.pk).update(
        state=Inspection.State.DONE, finished_at=timezone.now()
    )
    counts: dict[str, int] = {}
    for standing in SiteStanding.objects.filter(inspection=inspection).values_list(
        "standing", flat=True
    ):
        counts[standing] = counts.get(standing, 0) + 1
    return RunResult(day, inspected, skipped, counts, sent)
