"""The quarterly circular (每季度通报, 000 第二十九条) and the monthly reminder (每月检查), per
unit, from the daily inspections' history (:mod:`monitoring.standing`).

A circular says, for each unit, what was late in the period and what was fixed:

* a column is *late in the period* when at least one inspection of the period found it overdue
  by its update category (R4); it was *fixed* when the period's last inspection found it no
  longer overdue (with the first inspection day it was seen fixed), otherwise it is *still late*;
* a veto item (单项否决, R5) tripped in the period is listed with the days it stood and whether
  it had cleared by the last inspection;
* figures are counted in inspection days: a day with no inspection is a day nobody looked;
* the unit's government new-media accounts (新媒体) that stand flagged on the quarter's last
  day (or today, while the quarter runs) by :mod:`newmedia.health`: idle beyond the
  administrator's threshold (政务新媒体未更新天数), and open a year with fewer than 5,000
  followers (R33), each named with its unit. They are judged as the registry and the imported
  statistics stand when the circular is made.

The monthly reminder looks ahead instead: the unit's columns due in the coming month, those
already overdue, and its citizens' messages due, as of the latest inspection.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.utils import timezone

from cms.organisation.models import Unit
from monitoring.standing.facts import thresholds
from monitoring.standing.models import ColumnState, Finding, Inspection, Rule
from newmedia import health as newmedia_health
from newmedia.models import Account


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError(quarter)
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (
            datetime.date(year, 12, 31)
            if quarter == 4
            else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
        )
        return cls(start, end, f"{year}Q{quarter}")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        start = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(start, following - datetime.timedelta(days=1), f"{year}-{month:02d}")


@dataclass(frozen=True)
class LateColumn:
    column_id: int
    title: str
    site_name: str
    days_late: int  # inspection days it was found overdue
    first_late: datetime.date
    fixed_on: datetime.date | None  # the first inspection that found it fixed; None: still late


@dataclass(frozen=True)
class VetoItem:
    site_name: str
    rule: str
    rule_label: str
    subject: str
    days: int
    first_day: datetime.date
    cleared: bool


@dataclass(frozen=True)
class NewMediaItem:
    """A flagged new-media account of the unit (新媒体)."""

    account_id: int
    name: str
    platform_label: str
    unit_name: str
    opened: datetime.date
    last_publication: datetime.date | None
    followers: int | None
    idle: bool
    low_use: bool


@dataclass
class UnitCircular:
    unit: Unit
    period: Period
    inspections: int
    columns: list[LateColumn] = field(default_factory=list)
    vetoes: list[VetoItem] = field(default_factory=list)
    new_media: list[NewMediaItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.columns and not self.vetoes and not self.new_media

    @property
    def fixed(self) -> list[LateColumn]:
        return [column for column in self.columns if column.fixed_on is not None]

    @property
    def still_late(self) -> list[LateColumn]:
        return [column for column in self.columns if column.fixed_on is None]


def _inspection_days(period: Period) -> list[datetime.date]:
    return list(
        Inspection.objects.filter(day__range=(period.start, period.end), sites__isnull=False)
        .distinct()
        .order_by("day")
        .values_list("day", flat=True)
    )


def circulars(period: Period, *, unit_ids=None) -> list[UnitCircular]:
    """Each unit's circular for ``period`` (only units with something late, or ``unit_ids``
    whatever they had), units in tree order."""
    days = _inspection_days(period)
    if not days:
        return _new_media_only(period, unit_ids=unit_ids)
    last_day = days[-1]
    late = ColumnState.objects.filter(
        inspection__day__range=(period.start, period.end), overdue=True, unit__isnull=False
    )
    if unit_ids is not None:
        late = late.filter(unit_id__in=unit_ids)
    rows = list(
        late.values("column_id", "unit_id", "column__title", "site__site_name")
        .annotate(days=Count("pk"), first=Min("inspection__day"), last=Max("inspection__day"))
        .order_by("unit_id", "first", "column_id")
    )
    # When a fixed column was first seen fixed: its first non-overdue state after its last
    # overdue one.
    fixed_on: dict[int, datetime.date] = {}
    last_late = {row["column_id"]: row["last"] for row in rows if row["last"] < last_day}
    if last_late:
        for column_id, day in (
            ColumnState.objects.filter(
                column_id__in=list(last_late),
                overdue=False,
                inspection__day__range=(period.start, period.end),
            )
            .values_list("column_id", "inspection__day")
            .order_by("inspection__day")
        ):
            if day > last_late[column_id] and column_id not in fixed_on:
                fixed_on[column_id] = day
    vetoes = Finding.objects.filter(
        standing__inspection__day__range=(period.start, period.end),
        tripped=True,
        unit__isnull=False,
    )
    if unit_ids is not None:
        vetoes = vetoes.filter(unit_id__in=unit_ids)
    veto_rows = list(
        vetoes.values("unit_id", "rule", "subject", "standing__site__site_name")
        .annotate(
            days=Count("pk"),
            first=Min("standing__inspection__day"),
            last=Max("standing__inspection__day"),
        )
        .order_by("unit_id", "first")
    )
    flagged = flagged_accounts(period, unit_ids=unit_ids)
    units = Unit.objects.in_bulk(
        {row["unit_id"] for row in rows + veto_rows}
        | {item.account.sponsor_unit_id for item in flagged}
        | set(unit_ids or []),
        field_name="pk",
    )
    by_unit: dict[int, UnitCircular] = {
        pk: UnitCircular(unit, period, len(days)) for pk, unit in units.items()
    }
    for row in rows:
        by_unit[row["unit_id"]].columns.append(
            LateColumn(
                column_id=row["column_id"],
                title=row["column__title"],
                site_name=row["site__site_name"],
                days_late=row["days"],
                first_late=row["first"],
                fixed_on=fixed_on.get(row["column_id"]) if row["last"] < last_day else None,
            )
        )
    for row in veto_rows:
        by_unit[row["unit_id"]].vetoes.append(
            VetoItem(
                site_name=row["standing__site__site_name"],
                rule=row["rule"],
                rule_label=str(Rule(row["rule"]).label),
                subject=row["subject"],
                days=row["days"],
                first_day=row["first"],
                cleared=row["last"] < last_day,
            )
        )
    _add_new_media(by_unit, flagged)
    return sorted(by_unit.values(), key=lambda circular: circular.unit.path)


def _new_media_only(period: Period, *, unit_ids=None) -> list[UnitCircular]:
    """A period no inspection covered: only the flagged new-media accounts, by unit."""
    flagged = flagged_accounts(period, unit_ids=unit_ids)
    units = Unit.objects.in_bulk({item.account.sponsor_unit_id for item in flagged})
    by_unit = {pk: UnitCircular(unit, period, 0) for pk, unit in units.items()}
    _add_new_media(by_unit, flagged)
    return sorted(by_unit.values(), key=lambda circular: circular.unit.path)


def _add_new_media(by_unit: dict[int, UnitCircular], flagged) -> None:
    for item in flagged:
        account = item.account
        by_unit[account.sponsor_unit_id].new_media.append(
            NewMediaItem(
                account_id=account.pk,
                name=account.name,
                platform_label=account.platform_label,
                unit_name=account.sponsor_unit.name,
                opened=item.opened,
                last_publication=item.last_publication,
                followers=item.followers,
                idle=item.idle,
                low_use=item.low_use,
            )
        )


def flagged_accounts(period: Period, *, unit_ids=None) -> list[newmedia_health.AccountHealth]:
    """The running accounts (of ``unit_ids``' units, or all) idle or of low use on the period's
    last day, or today while the period runs."""
    day = min(period.end, timezone.localdate())
    accounts = Account.objects.all()
    if unit_ids is not None:
        accounts = accounts.filter(sponsor_unit_id__in=unit_ids)
    found = newmedia_health.health_of(
        newmedia_health.running_accounts(accounts).order_by("sponsor_unit__path", "name", "pk"),
        today=day,
        idle_days=thresholds().new_media_idle_days,
    )
    return [item for item in found if item.idle or item.low_use]


@dataclass
class UnitReminder:
    unit: Unit
    overdue: list[ColumnState]
    due: list[ColumnState]  # due by ``until``, not yet overdue

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due


def reminders(*, until: datetime.date, unit_ids=None) -> list[UnitReminder]:
    """Each unit's columns overdue or due by ``until``, as the latest inspection found them."""
    inspection = Inspection.objects.filter(sites__isnull=False).order_by("-day").distinct().first()
    if inspection is None:
        return []
    states = (
        ColumnState.objects.filter(inspection=inspection, unit__isnull=False, late_on__lte=until)
        .select_related("column", "site", "unit", "person")
        .order_by("unit__path", "late_on", "column_id")
    )
    if unit_ids is not None:
        states = states.filter(unit_id__in=unit_ids)
    by_unit: dict[int, UnitReminder] = {}
    for state in states:
        reminder = by_unit.setdefault(state.unit_id, UnitReminder(state.unit, [], []))
        (reminder.overdue if state.overdue else reminder.due).append(state)
    return list(by_unit.values())
