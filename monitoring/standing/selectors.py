"""Reads of the inspection's results for the dashboard and the reports."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from wagtail.models import Site

from cms.content.models import ColumnPage
from cms.content.update_rules import max_update_interval
from cms.sites.models import SiteIdentity, run_by
from publicapi.models import CURRENT, PublicPage

from .models import ColumnState, Finding, Inspection, SiteStanding, Warning


def latest_inspection() -> Inspection | None:
    """The newest inspection with results (a finished one, or one still writing its sites)."""
    return Inspection.objects.filter(sites__isnull=False).order_by("-day").first()


def sites_in_reach(inspection: Inspection, unit_ids, *, everything: bool = False) -> QuerySet[Site]:
    """The sites run by ``unit_ids`` (R2's 主办/承办单位) or holding columns they answer for on
    the day of ``inspection``."""
    if everything:
        return Site.objects.order_by("pk")
    run = SiteIdentity.objects.filter(run_by(unit_ids)).values("site_id")
    columns = ColumnState.objects.filter(inspection=inspection, unit_id__in=unit_ids).values(
        "site_id"
    )
    return Site.objects.filter(Q(pk__in=run) | Q(pk__in=columns)).order_by("pk")


def standings(inspection: Inspection, site_ids) -> QuerySet[SiteStanding]:
    return (
        SiteStanding.objects.filter(inspection=inspection, site_id__in=site_ids)
        .select_related("site")
        .order_by("-standing", "site__site_name")
    )


def findings(inspection: Inspection, site_ids) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(standing__inspection=inspection, standing__site_id__in=site_ids)
        .select_related("standing__site", "unit", "person", "column")
        .order_by("-tripped", "trips_on", "pk")
    )


def columns_by_days_left(inspection: Inspection, unit_ids, *, everything=False):
    """The columns ``unit_ids`` answer for, the most urgent first (late ones first of all)."""
    states = ColumnState.objects.filter(inspection=inspection)
    if not everything:
        states = states.filter(unit_id__in=unit_ids)
    return states.select_related("column", "site", "unit", "person").order_by(
        "late_on", "column_id"
    )


def warnings_for(user, *, limit: int = 20) -> QuerySet[Warning]:
    return (
        Warning.objects.filter(recipient=user)
        .select_related("site")
        .order_by("-created_at")[:limit]
    )


def freshness_calendar(
    column_ids: list[int], *, today: datetime.date, days: int = 364
) -> dict[int, list[tuple[datetime.date, int, bool]]]:
    """Each column's past ``days`` days: how many items went live that day in its subtree, and
    whether the column was late by its category that day (as :mod:`.rules` reckons it)."""
    start = today - datetime.timedelta(days=days - 1)
    columns = {
        column.pk: column
        for column in ColumnPage.objects.filter(pk__in=column_ids).only(
            "pk", "path", "update_category", "first_published_at"
        )
    }
    result: dict[int, list[tuple[datetime.date, int, bool]]] = {}
    for pk in column_ids:
        column = columns.get(pk)
        if column is None:
            continue
        interval = max_update_interval(column.update_category)
        window_start = timezone.make_aware(
            datetime.datetime.combine(start - interval, datetime.time())
        )
        subtree = ColumnPage.objects.filter(path__startswith=column.path).values("pk")
        per_day = dict(
            PublicPage.objects.filter(
                CURRENT, column_id__in=subtree, is_item=True, published_at__gte=window_start
            )
            .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
        live_since = (
            timezone.localdate(column.first_published_at) if column.first_published_at else start
        )
        last = max((day for day in per_day if day < start), default=None) or live_since
        cells = []
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            count = per_day.get(day, 0)
            if count:
                last = day
            late = day >= live_since and not count and day >= last + interval
            cells.append((day, count, late))
        result[pk] = cells
    return result
