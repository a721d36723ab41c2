"""The survey's admin page for staff in reach: the tally, the free-text answers as CSV, and
closing early with a reason. Thin: the rules are in selectors and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.reasons import ReasonForm

from . import services
from .models import SurveyPage
from .selectors import (
    may_close,
    may_see_results,
    survey_closes_at,
    survey_free_text_csv,
    survey_live_version,
    survey_status,
    survey_tally,
)


class CloseForm(ReasonForm):
    required_message = services.CLOSE_REASON_REQUIRED


def _survey_in_reach(request, page_id: int) -> tuple[SurveyPage, SurveyPage]:
    survey = get_object_or_404(SurveyPage, pk=page_id)
    if not may_see_results(request.user, survey):
        raise PermissionDenied
    version = survey_live_version(survey=survey)
    if version is None:
        raise Http404
    return survey, version


def results_view(request, page_id: int):
    survey, version = _survey_in_reach(request, page_id)
    status = survey_status(survey=survey)
    can_close = may_close(request.user, survey) and status == "open"
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.survey_close_now(
                    survey=survey, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The survey is closed."))
                return redirect("surveys_results", survey.pk)
    context = {
        "page": survey,
        "title": _("Survey results"),
        "tally": survey_tally(version=version),
        "closes_at": survey_closes_at(version=version),
        "status": status,
        "form": form if can_close else None,
    }
    return TemplateResponse(request, "surveys/results.html", context)


def free_text_export_view(request, page_id: int):
    _survey, version = _survey_in_reach(request, page_id)
    # A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
    response = HttpResponse("\ufeff" + survey_free_text_csv(version=version))
    response["Content-Type"] = "text/csv; charset=utf-8"
    name = f"survey-{version.pk}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
