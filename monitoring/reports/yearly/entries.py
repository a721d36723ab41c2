"""Entering the report's figures by hand: who may, what is accepted, and what is kept.

All or nothing: every value typed for a site and year is checked first, and nothing is kept
if any is wrong. A row the platform's data fills (a computed figure) cannot be entered by
hand, not even to correct it: the figure must agree with the data and with the public API,
so a wrong figure is corrected at its source (the item, the mailbox), where the correction
is reviewed and recorded. An empty value clears the row's entry (it is 待填报 again).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from ..models import YearlyReportEntry
from . import access, rows
from .providers import Year, computed_figures

NOT_YOURS = _("Only the website administrators of this site enter its yearly report.")
COMPUTED = _("This figure is computed from the platform's data and cannot be entered by hand.")
UNKNOWN_ROW = _("The yearly report has no such row.")


def yearly_entries_save(*, site: Site, year: int, user, values: dict[str, str]) -> list[str]:
    """Keep ``values`` (row key → the text typed) as ``user``'s entries in ``site``'s report
    of ``year``; the keys of the rows changed. Raises PermissionDenied for someone who may not
    enter it, ValidationError (by row key) when any value is wrong — and then keeps nothing."""
    if not access.may_edit(user, site):
        raise PermissionDenied(NOT_YOURS)
    computed = computed_figures(site, Year(year))
    errors: dict[str, ValidationError] = {}
    kept: dict[str, str] = {}
    for key, typed in values.items():
        row = rows.ROWS_BY_KEY.get(key)
        if row is None:
            errors[key] = ValidationError(UNKNOWN_ROW, code="unknown")
            continue
        if key in computed:
            errors[key] = ValidationError(COMPUTED, code="computed")
            continue
        if not typed.strip():
            kept[key] = ""
            continue
        try:
            kept[key] = rows.stored_value(row, typed)
        except ValidationError as error:
            errors[key] = error
    if errors:
        raise ValidationError(errors)
    changed = []
    now = timezone.now()
    with transaction.atomic():
        current = {
            entry.key: entry
            for entry in YearlyReportEntry.objects.select_for_update().filter(
                site=site, year=year, key__in=list(kept)
            )
        }
        for key, value in kept.items():
            entry = current.get(key)
            if not value:
                if entry is not None:
                    entry.delete()
                    changed.append(key)
                continue
            if entry is not None and entry.value == value:
                continue
            YearlyReportEntry.objects.update_or_create(
                site=site,
                year=year,
                key=key,
                defaults={"value": value, "entered_by": user, "entered_at": now},
            )
            changed.append(key)
    return changed
