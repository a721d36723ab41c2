"""Submitting through Wagtail's editor, which saves and submits in one request: a submission
that would wait at some stage for nobody (:func:`editorial.rules.unstaffed_stages`) is turned
into a plain save before Wagtail sees it — the draft is kept, no review starts, and the author
is told which stages nobody could take (:func:`editorial.services.staffing_message`). The API
refuses the same through :func:`editorial.services.submission_refusal`.

Submitting a live item that says exactly what is live reviews nothing new: the editor's request
is refused before Wagtail saves anything (:data:`editorial.services.NOTHING_NEW`), as the API
refuses it.

A returned item starts again at 一审 (:func:`editorial.services.stage_start`), whichever stage
returned it; the editor's button says so, where Wagtail would name the stage that returned it.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.models import Page, WorkflowState

from cms.content.models.columns import owning_unit_id

from . import gate, rules, services
from .stages import Stage

SUBMIT = "action-submit"


def _save_only(request, message: str) -> None:
    """The editor's request without its submit action: Wagtail then saves a draft only."""
    request.POST = request.POST.copy()
    request.POST.pop(SUBMIT, None)
    messages.error(request, message)


@hooks.register("before_edit_page")
def keep_an_unreviewable_edit_as_a_draft(request, page):
    if request.method == "POST" and SUBMIT in request.POST:
        submitted = _as_submitted(request, page)
        message = services.staffing_message(
            rules.unstaffed_stages_for(page, request.user, submitted)
        )
        if message:
            _save_only(request, message)


def _as_submitted(request, page):
    """The item as the editor's request would save it; None if the form has errors (Wagtail
    then shows them). Bound once per request, for both hooks below."""
    if not hasattr(request, "_editorial_submitted"):
        request._editorial_submitted = _bind(request, page)
    return request._editorial_submitted


def _bind(request, page):
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    form_class = type(latest).get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=latest,
        parent_page=latest.get_parent(),
        for_user=request.user,
    )
    return form.save(commit=False) if form.is_valid() else None


@hooks.register("before_edit_page")
def refuse_to_resubmit_what_is_live(request, page):
    if request.method == "POST" and SUBMIT in request.POST and page.live:
        submitted = _as_submitted(request, page)
        if submitted is not None and gate.shows_what_is_live(submitted):
            messages.error(request, services.NOTHING_NEW)
            return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_create_page")
def keep_an_unreviewable_new_item_as_a_draft(request, parent_page, page_class):
    if request.method == "POST" and SUBMIT in request.POST:
        unstaffed = rules.unstaffed_stages(owning_unit_id(parent_page), {request.user.pk})
        message = services.staffing_message(unstaffed)
        if message:
            _save_only(request, message)


class ResubmitFromTheStart(SubmitForModerationMenuItem):
    """Wagtail's submit button, naming 一审 as where a returned item goes."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_state = page.current_workflow_state if page and page.pk else None
        if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            # Wagtail's own words, with the stage the chain really restarts at.
            context["label"] = _("Resubmit to %(task_name)s") % {
                "task_name": Stage.FIRST_REVIEW.label
            }
        return context


@hooks.register("construct_page_action_menu")
def resubmit_from_the_start(menu_items, request, context):
    for index, item in enumerate(menu_items):
        if item.name == SUBMIT and type(item) is SubmitForModerationMenuItem:
            menu_items[index] = ResubmitFromTheStart(order=item.order)
