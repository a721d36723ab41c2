"""Who is warned of what, once (R4, R5).

* A column due within the warning window (working days): its responsible person and the
  网站管理员 of its responsible unit — "due soon"; again when the day has come — "overdue". Each
  is about the column's due day: one "due soon" and one "overdue" per lapse, not one a day.
* A site whose standing worsens (passes → at risk → fails) from one inspection to the next: the
  分管负责人 of the units that sponsor and operate it (R2's 主办/承办单位).

A person is warned about a unit by the holders of the role nearest the unit (its own, or the
nearest unit above that has one). Each warning is a :class:`Warning` row, unique by kind, key and
recipient, so a rerun sends nothing twice; each person gets one mail a run listing what is new,
unless they asked for none (``WarningPreference``) — the warnings stay on the dashboard.
Mail goes out after the rows are committed (:mod:`.mailing`); a failed mail is logged and
never undoes a row.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from cms.organisation.access import holders_reaching
from cms.organisation.models import Role
from cms.sites.models import SiteIdentity

from .mailing import mail_people, quiet_people
from .models import ColumnState, Inspection, SiteStanding, Standing, Warning
from .rules import worse


def nearest_holders(unit_ids: Iterable[int | None], role: str) -> list[int]:
    """The people holding ``role`` nearest each of ``unit_ids`` (in it, or the nearest unit
    above it with a holder)."""
    people: set[int] = set()
    for unit_id in {pk for pk in unit_ids if pk is not None}:
        rows = list(holders_reaching([unit_id], [role]).values_list("user_id", "unit__depth"))
        if rows:
            deepest = rows[0][1]
            people.update(user_id for user_id, depth in rows if depth == deepest)
    return sorted(people)


class _Recipients:
    """Holders per (unit, role), read once per run."""

    def __init__(self):
        self._known: dict[tuple[int, str], list[int]] = {}

    def of(self, unit_id: int | None, role: str) -> list[int]:
        if unit_id is None:
            return []
        if (unit_id, role) not in self._known:
            self._known[(unit_id, role)] = nearest_holders([unit_id], role)
        return self._known[(unit_id, role)]


def _column_candidates(inspection: Inspection, warn_until, recipients: _Recipients):
    states = (
        ColumnState.objects.filter(inspection=inspection, late_on__lte=warn_until)
        .select_related("column", "site")
        .order_by("late_on", "column_id")
    )
    for state in states:
        overdue = state.late_on <= inspection.day
        kind = Warning.Kind.COLUMN_OVERDUE if overdue else Warning.Kind.COLUMN_DUE
        people = set(recipients.of(state.unit_id, Role.SITE_ADMIN))
        if state.person_id is not None:
            people.add(state.person_id)
        for person in people:
            yield (
                Warning(
                    kind=kind,
                    key=f"{state.column_id}:{state.late_on:%Y-%m-%d}",
                    recipient_id=person,
                    site_id=state.site_id,
                    column_id=state.column_id,
                    subject=state.column.title[:255],
                ),
                {"late_on": state.late_on, "site": state.site.site_name},
            )


def _site_candidates(inspection: Inspection, recipients: _Recipients):
    # Each site's standing at its inspection before this one, read with the rows.
    before = (
        SiteStanding.objects.filter(site_id=OuterRef("site_id"), inspection__day__lt=inspection.day)
        .order_by("-inspection__day")
        .values("standing")[:1]
    )
    standings = (
        SiteStanding.objects.filter(
            inspection=inspection, standing__in=[Standing.AT_RISK, Standing.FAIL]
        )
        .select_related("site")
        .annotate(before=Subquery(before))
    )
    identities = {
        identity.site_id: identity
        for identity in SiteIdentity.objects.filter(
            site_id__in=[standing.site_id for standing in standings]
        )
    }
    for standing in standings:
        if not worse(standing.standing, standing.before):
            continue
        identity = identities.get(standing.site_id)
        units = [identity.sponsor_unit_id, identity.operator_unit_id] if identity else []
        people = {
            person for unit_id in units for person in recipients.of(unit_id, Role.DEPUTY_HEAD)
        }
        kind = (
            Warning.Kind.SITE_FAILING
            if standing.standing == Standing.FAIL
            else Warning.Kind.SITE_AT_RISK
        )
        for person in people:
            yield (
                Warning(
                    kind=kind,
                    key=f"{standing.site_id}:{inspection.day:%Y-%m-%d}",
                    recipient_id=person,
                    site_id=standing.site_id,
                    subject=standing.site.site_name[:255],
                ),
                {"standing": standing},
            )


def send_warnings(inspection: Inspection, *, warn_until) -> int:
    """Record and mail what is new since the last run; return how many warnings were new."""
    recipients = _Recipients()
    candidates = list(_column_candidates(inspection, warn_until, recipients))
    candidates += list(_site_candidates(inspection, recipients))
    if not candidates:
        return 0
    existing = set(
        Warning.objects.filter(
            key__in={warning.key for warning, _ in candidates},
            kind__in={warning.kind for warning, _ in candidates},
        ).values_list("kind", "key", "recipient_id")
    )
    fresh = [
        (warning, extra)
        for warning, extra in candidates
        if (warning.kind, warning.key, warning.recipient_id) not in existing
    ]
    if not fresh:
        return 0
    quiet = quiet_people(warning.recipient_id for warning, _ in fresh)
    now = timezone.now()
    for warning, _ in fresh:
        warning.created_at = now
        warning.mailed = warning.recipient_id not in quiet
    Warning.objects.bulk_create([warning for warning, _ in fresh], ignore_conflicts=True)
    by_person: dict[int, list] = defaultdict(list)
    for warning, extra in fresh:
        if warning.mailed:
            by_person[warning.recipient_id].append((warning, extra))
    path = reverse("monitoring_dashboard")
    contexts = {
        person: {"day": inspection.day, "warnings": warnings, "path": path}
        for person, warnings in by_person.items()
    }
    transaction.on_commit(lambda: mail_people(contexts, "monitoring/standing/warning"), robust=True)
    return len(fresh)
