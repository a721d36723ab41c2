"""The quarterly circular in the admin (R31): a quarter's circular for the units a person
serves (every unit for a platform superuser), printable."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.organisation.access import units_in_reach

from .circulars import Period, circulars
from .dispatch import previous_quarter

TITLE = _("Quarterly circular")
BAD_QUARTER = _("Choose a year from 2000 to this year and a quarter from 1 to 4.")


def _period(params, today) -> Period:
    default = previous_quarter(today)
    year_text = (params.get("year") or str(default.start.year)).strip()
    quarter_text = (params.get("quarter") or str((default.start.month + 2) // 3)).strip()
    if not (year_text.isascii() and year_text.isdigit()):
        raise ValueError(year_text)
    if not (quarter_text.isascii() and quarter_text.isdigit()):
        raise ValueError(quarter_text)
    year, quarter = int(year_text), int(quarter_text)
    if not 2000 <= year <= today.year:
        raise ValueError(year)
    return Period.quarter(year, quarter)


def circular_view(request):
    user = request.user
    unit_ids = units_in_reach(user)
    if not user.is_superuser and not unit_ids:
        raise PermissionDenied
    today = timezone.localdate()
    context = {"page_title": TITLE, "years": range(today.year, 1999, -1), "quarters": range(1, 5)}
    try:
        period = _period(request.GET, today)
    except ValueError:
        context["error"] = BAD_QUARTER
        return TemplateResponse(request, "monitoring/reports/circular.html", context, status=400)
    context.update(
        {
            "period": period,
            "chosen_year": period.start.year,
            "chosen_quarter": (period.start.month + 2) // 3,
            "circulars": circulars(period, unit_ids=None if user.is_superuser else unit_ids),
        }
    )
    return TemplateResponse(request, "monitoring/reports/circular.html", context)
