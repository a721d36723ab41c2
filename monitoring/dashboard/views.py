"""The monitoring page (R30): for the units a person serves, the standing of their sites, their
columns by days left with a year of updates, dead links, content findings, messages due, and
the warnings they were sent. Reads only: every figure is the checks' own selectors'."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.organisation.access import units_in_reach
from knowledgebase.mailbox.selectors import messages_due
from monitoring.content import selectors as content
from monitoring.links import selectors as links
from monitoring.standing import selectors as standing

from . import charts

COLUMN_ROWS = 50
CALENDARS = 12
MESSAGE_ROWS = 20
HIT_ROWS = 30
LINK_ROWS = 30


def dashboard(request):
    user = request.user
    everything = user.is_superuser
    unit_ids = units_in_reach(user)
    if not unit_ids and not everything:
        raise PermissionDenied
    today = timezone.localdate()
    inspection = standing.latest_inspection()
    context = {
        "page_title": _("Monitoring"),
        "today": today,
        "inspection": inspection,
        "warnings": standing.warnings_for(user),
    }
    if inspection is not None:
        site_ids = list(
            standing.sites_in_reach(inspection, unit_ids, everything=everything).values_list(
                "pk", flat=True
            )
        )
        sites = list(standing.standings(inspection, site_ids))
        counts: dict[str, int] = {}
        for row in sites:
            counts[row.standing] = counts.get(row.standing, 0) + 1
        columns = list(
            standing.columns_by_days_left(inspection, unit_ids, everything=everything)[:COLUMN_ROWS]
        )
        calendars = standing.freshness_calendar(
            [row.column_id for row in columns[:CALENDARS]], today=today
        )
        context.update(
            {
                "sites": sites,
                "standing_bar": charts.standing_bar(counts),
                "findings": list(standing.findings(inspection, site_ids)[:100]),
                "columns": [
                    (
                        row,
                        (row.late_on - today).days,
                        charts.freshness_calendar(calendars.get(row.column_id, [])),
                    )
                    for row in columns
                ],
            }
        )
    scope = None if everything else unit_ids
    context["messages_due"] = messages_due(unit_ids=unit_ids, today=today)[:MESSAGE_ROWS]
    context["hit_counts"] = content.hit_counts_by_unit(unit_ids=scope)
    context["hits"] = list(content.hits(unit_ids=scope).select_related("page")[:HIT_ROWS])
    context["dictionary_changed"] = content.pending_dictionary_change()
    context["link_counts"] = links.broken_counts_by_unit(unit_ids=scope)
    context["broken_links"] = list(links.broken_links(unit_ids=scope)[:LINK_ROWS])
    return TemplateResponse(request, "monitoring/dashboard/dashboard.html", context)
