"""The admin's yearly report: pick a site and a year, read the report, enter what is entered
by hand, download it as XLSX or open it for printing. Who may do what is
:mod:`.yearly.access`; what is accepted, :mod:`.yearly.entries`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .yearly import access, rows
from .yearly.entries import yearly_entries_save
from .yearly.report import FIRST_YEAR, YearlyReport, report_year, yearly_report
from .yearly.xlsx import workbook_bytes

TITLE = _("Yearly report")
NOT_YOUR_SITE = _("Choose a site whose yearly report you may read.")
SAVED = _("The figures entered by hand were saved.")
NOT_SAVED = _("Nothing was saved: correct the figures marked below.")
ENTRY_PREFIX = "entry-"


def _site(text: str | None, user) -> Site:
    """The site a request names, if ``user`` may read its report; PermissionDenied otherwise
    (an unknown site and someone else's are refused alike)."""
    text = (text or "").strip()
    site = Site.objects.filter(pk=int(text)).first() if text.isascii() and text.isdigit() else None
    if site is None or not access.may_read(user, site):
        raise PermissionDenied(NOT_YOUR_SITE)
    return site


def _context(request, **extra) -> dict:
    last = timezone.localdate().year
    return {
        "title": TITLE,
        "sites": access.sites_readable(request.user),
        "years": range(last, FIRST_YEAR - 1, -1),
        "chosen_site": request.GET.get("site", request.POST.get("site", "")),
        "chosen_year": request.GET.get("year", request.POST.get("year", "")),
        **extra,
    }


def _refused(request, message, status: int) -> TemplateResponse:
    return TemplateResponse(
        request, "monitoring/reports/yearly.html", _context(request, error=message), status=status
    )


def _chosen(request, params) -> tuple[Site, int]:
    """The site and year asked for; ValueError (bad year) or PermissionDenied (site)."""
    site = _site(params.get("site"), request.user)
    return site, report_year(params.get("year"))


def _lines(report: YearlyReport, typed: dict[str, str], errors: dict) -> list[dict]:
    return [
        {
            "line": line,
            "typed": typed.get(line.row.key, line.stored),
            "errors": errors.get(line.row.key, []),
        }
        for line in report.lines
    ]


def yearly_view(request):
    params = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not params.get("site") and not params.get("year"):
        return TemplateResponse(request, "monitoring/reports/yearly.html", _context(request))
    try:
        site, year = _chosen(request, params)
    except ValueError as error:
        return _refused(request, str(error), 400)
    except PermissionDenied as error:
        return _refused(request, str(error), 403)
    editable = access.may_edit(request.user, site)
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        typed = {
            key.removeprefix(ENTRY_PREFIX): value
            for key, value in request.POST.items()
            if key.startswith(ENTRY_PREFIX)
        }
        try:
            yearly_entries_save(site=site, year=year, user=request.user, values=typed)
        except PermissionDenied as error:
            return _refused(request, str(error), 403)
        except ValidationError as error:
            errors = error.message_dict
            messages.error(request, NOT_SAVED)
            status = 400
        else:
            messages.success(request, SAVED)
            query = urlencode({"site": site.pk, "year": year})
            return redirect(f"{reverse('monitoring_yearly')}?{query}")
    report = yearly_report(site=site, year=year)
    context = _context(
        request,
        report=report,
        lines=_lines(report, typed, errors),
        editable=editable,
        query=urlencode({"site": site.pk, "year": year}),
        kinds=rows.Kind,
    )
    return TemplateResponse(request, "monitoring/reports/yearly.html", context, status=status)


def yearly_print_view(request):
    try:
        site, year = _chosen(request, request.GET)
    except ValueError as error:
        return _refused(request, str(error), 400)
    except PermissionDenied as error:
        return _refused(request, str(error), 403)
    report = yearly_report(site=site, year=year)
    return TemplateResponse(
        request, "monitoring/reports/yearly_print.html", {"report": report, "title": TITLE}
    )


def yearly_xlsx_view(request):
    """One sheet per site named (``site`` may be repeated) for the year."""
    try:
        sites = [_site(text, request.user) for text in request.GET.getlist("site") or [""]]
        year = report_year(request.GET.get("year"))
    except ValueError as error:
        return _refused(request, str(error), 400)
    except PermissionDenied as error:
        return _refused(request, str(error), 403)
    reports = [yearly_report(site=site, year=year) for site in dict.fromkeys(sites)]
    response = HttpResponse(
        workbook_bytes(reports),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"yearly-report-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
