"""Admin reports of the disclosure work: deadlines (R10), documents without interpretation and
bundles waiting to go live together (R21). Each shows only pages of the user's units."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from cms.content.models.columns import pages_in_reach

from .deadlines import open_deadlines
from .models import HeldPublication, InterpretationPage, PolicyDocumentPage


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class _Report(ReportView):
    header_icon = "doc-full"
    # Every admin user may open these; what they list is limited to their units.
    permission_policy = None

    def get_filename(self):
        return f"{self.export_name}-{datetime.date.today():%Y-%m-%d}"


class DisclosureDeadlineReport(_Report):
    page_title = _("Disclosure deadlines")
    export_name = "disclosure-deadlines"
    index_url_name = "interpretation_deadlines"
    index_results_url_name = "interpretation_deadlines_results"
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="record.page.title",
            get_url=lambda row: _edit_url(row.record.page_id),
        ),
        DateColumn("formed_on", label=_("Formed or changed on"), accessor="record.formed_on"),
        DateColumn("due_on", label=_("Due on"), accessor="record.due_on"),
        Column("workdays_left", label=_("Working days left"), accessor="workdays_left"),
        Column("state", label=_("State"), accessor="label"),
    ]
    list_export = [
        "record.page.title",
        "record.formed_on",
        "record.due_on",
        "workdays_left",
        "label",
    ]
    export_headings = {
        "record.page.title": _("Title"),
        "record.formed_on": _("Formed or changed on"),
        "record.due_on": _("Due on"),
        "workdays_left": _("Working days left"),
        "label": _("State"),
    }
    list_export = list(export_headings)

    def get_queryset(self):
        visible = set(
            PolicyDocumentPage.objects.filter(pages_in_reach(self.request.user)).values_list(
                "pk", flat=True
            )
        )
        return [report for report in open_deadlines() if report.record.page_id in visible]


class WithoutInterpretationReport(_Report):
    page_title = _("Policy documents without an interpretation")
    export_name = "documents-without-interpretation"
    index_url_name = "interpretation_uninterpreted"
    index_results_url_name = "interpretation_uninterpreted_results"
    columns = [
        TitleColumn("title", label=_("Title"), get_url=lambda page: _edit_url(page.pk)),
        Column("document_number", label=_("Document number")),
        DateColumn("first_published_at", label=_("Published")),
    ]
    list_export = ["title", "document_number", "first_published_at"]

    def get_queryset(self):
        interpreted = InterpretationPage.objects.live().values("interpreted_documents__document")
        return (
            PolicyDocumentPage.objects.live()
            .filter(pages_in_reach(self.request.user))
            .exclude(pk__in=interpreted)
            .order_by("-first_published_at")
        )


class HeldPublicationReport(_Report):
    page_title = _("Waiting to go live together (三同步)")
    export_name = "held-publications"
    index_url_name = "interpretation_held"
    index_results_url_name = "interpretation_held_results"
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="page.title",
            get_url=lambda hold: _edit_url(hold.page_id),
        ),
        Column("type", label=_("Type"), accessor="page.specific_class._meta.verbose_name"),
        DateColumn("held_at", label=_("Approved and waiting since")),
    ]
    list_export = ["page.title", "held_at"]

    def get_queryset(self):
        visible = Page.objects.filter(pages_in_reach(self.request.user)).values("pk")
        return (
            HeldPublication.objects.select_related("page")
            .filter(page__in=visible)
            .order_by("held_at")
        )
