"""The admin's column freshness report (R4): each column of the user's units, when it was last
updated and by when it must be again; empty and overdue columns first. Filed items do not
count (:mod:`cms.content.freshness`)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .freshness import freshness
from .models import ColumnPage
from .models.columns import pages_in_reach


class ColumnFreshnessReport(ReportView):
    page_title = _("Column updates")
    header_icon = "time"
    index_url_name = "content_freshness"
    index_results_url_name = "content_freshness_results"
    # Every admin user may open it; it lists only the columns of their units.
    permission_policy = None
    columns = [
        TitleColumn(
            "title",
            label=_("Column"),
            accessor="column.title",
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.column.pk]),
        ),
        Column(
            "category", label=_("update category"), accessor="column.get_update_category_display"
        ),
        DateColumn("last_update", label=_("Last updated"), accessor="last_update"),
        DateColumn("due_by", label=_("Update due by"), accessor="due_by"),
        Column("state", label=_("State"), accessor="state_label"),
    ]
    export_headings = {
        "column.title": _("Column"),
        "column.get_update_category_display": _("update category"),
        "last_update": _("Last updated"),
        "due_by": _("Update due by"),
        "state_label": _("State"),
    }
    list_export = list(export_headings)

    def get_filename(self):
        return f"column-updates-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return freshness(ColumnPage.objects.filter(pages_in_reach(self.request.user)))
