"""The column updates report (R4): each public column of the person's units, reckoned live
(:func:`monitoring.standing.facts.columns_of_units`, the inspection's own reckoning), empty and
overdue ones first, with Wagtail's CSV and XLSX export."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.content.update_rules import UpdateCategory
from cms.organisation.access import units_in_reach
from monitoring.standing.facts import columns_of_units
from monitoring.standing.rules import ColumnFacts, column_state, late_on

STATE_LABELS = {
    "empty": _("Empty"),
    "overdue": _("Overdue (not updated)"),
    "fresh": _("Up to date"),
}
STATE_ORDER = {"empty": 0, "overdue": 1, "fresh": 2}


@dataclass(frozen=True)
class Row:
    column: ColumnFacts
    due_by: datetime.date
    state: str

    @property
    def title(self) -> str:
        return self.column.title

    @property
    def category(self) -> str:
        return str(UpdateCategory(self.column.category).label)

    @property
    def last_update(self):
        return self.column.last_update

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


class ColumnUpdatesReport(ReportView):
    page_title = _("Column updates")
    header_icon = "time"
    index_url_name = "monitoring_columns"
    index_results_url_name = "monitoring_columns_results"
    # Every admin user with a unit may open it; it lists only the columns of their units.
    permission_policy = None
    columns = [
        TitleColumn(
            "title",
            label=_("Column"),
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.column.column_id]),
        ),
        Column("category", label=_("update category")),
        DateColumn("last_update", label=_("Last updated")),
        DateColumn("due_by", label=_("Update due by")),
        Column("state_label", label=_("State")),
    ]
    export_headings = {
        "title": _("Column"),
        "category": _("update category"),
        "last_update": _("Last updated"),
        "due_by": _("Update due by"),
        "state_label": _("State"),
    }
    list_export = list(export_headings)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser and not units_in_reach(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"column-updates-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        today = timezone.localdate()
        user = self.request.user
        rows = [
            Row(column, late_on(column), column_state(column, today))
            for column in columns_of_units(
                units_in_reach(user), today=today, everything=user.is_superuser
            )
        ]
        rows.sort(key=lambda row: (STATE_ORDER[row.state], row.due_by, row.title))
        return rows
