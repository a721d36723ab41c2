"""The admin's report of broken links (错断链): the failing links of the user's units, longest
failing first, each with its page, its state and since when. Superusers see every unit's. The
rows are :func:`monitoring.links.selectors.broken_links`; the monitoring dashboard links here."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.organisation.access import units_in_reach

from .selectors import broken_links


def unit_scope(user) -> frozenset[int] | None:
    """The units whose broken links ``user`` sees: all for a superuser (None), else those in
    reach of their roles."""
    return None if user.is_superuser else units_in_reach(user)


class BrokenLinksReport(ReportView):
    page_title = _("Broken links")
    header_icon = "link"
    index_url_name = "monitoring_links_broken"
    index_results_url_name = "monitoring_links_broken_results"
    # Every admin user may open it; it lists only the links of their units.
    permission_policy = None
    columns = [
        TitleColumn(
            "page",
            label=_("page title"),
            accessor="page_title",
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
        ),
        Column("address", label=_("address"), accessor="link.url"),
        Column("state", label=_("state"), accessor="get_link_state_display"),
        DateColumn("failing_since", label=_("failing since"), accessor="failing_since"),
        Column("checks", label=_("failing checks in a row"), accessor="failing_checks"),
        Column("unit", label=_("responsible unit"), accessor="unit.name"),
        Column("where", label=_("field"), accessor="where"),
    ]

    def get_queryset(self):
        return broken_links(unit_ids=unit_scope(self.request.user))
