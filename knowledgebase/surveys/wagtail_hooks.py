"""Surveys in Wagtail's admin: the results page, the page menu's way to it, the log entry of
an early close, and the warning from the close on that a result is due (R24)."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from .models import SurveyPage
from .selectors import ResultDue, may_see_results, surveys_awaiting_result
from .services import CLOSE_LOG_ACTION
from .views import free_text_export_view, results_view

RESULT_DUE = _("The result of this survey is due by %(due)s: %(days)d day(s) left.")
RESULT_OVERDUE = _(
    "The result of this survey was due by %(due)s: %(days)d day(s) overdue (R24: within one "
    "month of the close)."
)


@hooks.register("register_admin_urls")
def survey_admin_urls():
    return [
        path("surveys/<int:page_id>/", results_view, name="surveys_results"),
        path("surveys/<int:page_id>/free-text.csv", free_text_export_view, name="surveys_export"),
    ]


class CloseFormatter(LogFormatter):
    label = _("Close the survey early")

    def format_message(self, log_entry):
        return gettext("Closed the survey early: %(reason)s") % {
            "reason": (log_entry.data or {}).get("reason", "")
        }


@hooks.register("register_log_actions")
def survey_log_actions(actions):
    actions.register_action(CLOSE_LOG_ACTION)(CloseFormatter)


@hooks.register("register_page_header_buttons")
def survey_results_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), SurveyPage) or not page.live:
        return
    if not may_see_results(user, page):
        return
    url = reverse("surveys_results", args=[page.pk])
    yield PageMenuItem(_("Survey results"), url, icon_name="list-ul", priority=58, page=page)


def due_message(entry: ResultDue) -> str:
    if entry.overdue:
        return gettext(RESULT_OVERDUE) % {"due": entry.due_on, "days": entry.days_overdue}
    return gettext(RESULT_DUE) % {"due": entry.due_on, "days": entry.days_left}


class ResultsDuePanel(Component):
    """征集调查结果待发布: the closed surveys of the user's units whose result is not published,
    soonest due first, with the days left or overdue."""

    name = "survey_results_due"
    order = 90
    template_name = "surveys/results_due_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        entries = surveys_awaiting_result(today=timezone.localdate(), user=request.user)
        return {"entries": entries, "request": request}


@hooks.register("construct_homepage_panels")
def results_due_panel(request, panels):
    panels.append(ResultsDuePanel())


@hooks.register("before_edit_page")
def warn_result_due(request, page):
    """The editor of a closed survey whose result is not published says by when it is due."""
    if request.method != "GET" or not isinstance(page, SurveyPage) or not page.live:
        return None
    entry = next(
        (
            found
            for found in surveys_awaiting_result(today=timezone.localdate())
            if found.survey.pk == page.pk
        ),
        None,
    )
    if entry is not None:
        messages.warning(request, due_message(entry))
    return None
