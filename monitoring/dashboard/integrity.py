"""The admin's record of the tamper check (R36, R37): what the check found changed behind the
platform's back and took offline, newest first, and when it last ran and what it read.

Who reads it: the platform's superusers every site's findings; a 网站管理员 the findings in
the sites their units run (the people the check mails). Everyone else is refused. The check
itself is ``publicapi.tamper``; this page only reads its records."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Site

from cms.organisation.access import roles_held, units_in_reach
from cms.organisation.models import Role
from cms.sites.models import SiteIdentity, run_by
from publicapi.models import IntegrityCheck, TamperEvent
from publicapi.tamper import REASONS

READER_ROLES = frozenset({Role.SITE_ADMIN})


def sites_watched(user) -> list[int] | None:
    """The sites whose findings ``user`` reads: all (None) for a superuser, else the sites run
    by the units their 网站管理员 role reaches (an empty list: none)."""
    if user.is_superuser:
        return None
    units = units_in_reach(user, READER_ROLES)
    if not units:
        return []
    return list(SiteIdentity.objects.filter(run_by(units)).values_list("site_id", flat=True))


def may_read(user) -> bool:
    """Asked by the menu on every admin page: a reader role anywhere reaches its own unit, so
    the roles read once per request decide it."""
    return user.is_active and (user.is_superuser or bool(roles_held(user) & READER_ROLES))


def findings(site_ids: list[int] | None) -> QuerySet[TamperEvent]:
    events = TamperEvent.objects.order_by("-detected_at", "-pk")
    return events if site_ids is None else events.filter(site_id__in=site_ids)


@dataclass(frozen=True)
class Row:
    event: TamperEvent
    site_name: str
    page_title: str

    @property
    def detected_at(self):
        return self.event.detected_at

    @property
    def kind(self) -> str:
        return self.event.get_kind_display()

    @property
    def what(self) -> str:
        return self.page_title or self.event.path or self.site_name

    @property
    def reason(self) -> str:
        return str(REASONS.get(self.event.reason, self.event.reason))

    @property
    def action(self) -> str:
        return self.event.action

    @property
    def page_url(self) -> str:
        if not self.page_title:
            return ""
        return reverse("wagtailadmin_pages:edit", args=[self.event.page_id])


def rows_for(events: list[TamperEvent]) -> list[Row]:
    site_names = dict(
        Site.objects.filter(pk__in={e.site_id for e in events}).values_list("pk", "site_name")
    )
    titles = dict(
        Page.objects.filter(pk__in={e.page_id for e in events if e.page_id}).values_list(
            "pk", "title"
        )
    )
    return [
        Row(event, site_names.get(event.site_id) or "", titles.get(event.page_id, ""))
        for event in events
    ]


class TamperFindingsReport(ReportView):
    page_title = _("Tamper check")
    header_icon = "warning"
    template_name = "monitoring/dashboard/tamper_report.html"
    index_url_name = "monitoring_tamper"
    index_results_url_name = "monitoring_tamper_results"
    permission_policy = None
    columns = [
        DateColumn("detected_at", label=_("detected at")),
        Column("site_name", label=_("site")),
        Column("kind", label=_("kind")),
        Column("what", label=_("what was changed")),
        Column("reason", label=_("finding")),
        Column("action", label=_("what was done")),
    ]
    export_headings = {
        "detected_at": _("detected at"),
        "site_name": _("site"),
        "kind": _("kind"),
        "what": _("what was changed"),
        "reason": _("finding"),
        "action": _("what was done"),
    }
    list_export = list(export_headings)

    def dispatch(self, request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"tamper-findings-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return rows_for(list(findings(sites_watched(self.request.user))))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["last_check"] = IntegrityCheck.objects.first()
        context["last_sound"] = IntegrityCheck.objects.exclude(
            result=IntegrityCheck.Result.WRONG_KEY
        ).first()
        return context
