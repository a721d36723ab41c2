"""The admin's side of the check findings (R13): the editor panel and the workflow action modal
are templates (``templates/editorial/findings*.html``); here, what Wagtail's hooks add."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages

from cms.content.templatetags.content_editor import ITEM_CHECKS_HOOK

from . import findings

SUBMITTED_WITH_BLOCKING = _(
    "Submitted with %(count)s blocking check findings. The reviewers see them; only the deputy "
    "head in charge may pass them, with a recorded reason, so correcting them first is faster."
)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_on_submission_with_blocking_findings(request, page):
    """The author is sent away from the editor on submission: say what the first stage found."""
    if "action-submit" not in request.POST:
        return
    state = page.current_workflow_task_state
    stored = getattr(getattr(state, "specific", None), "findings", None) or []
    count = len(findings.blocking(stored))
    if count:
        messages.warning(request, SUBMITTED_WITH_BLOCKING % {"count": count})


@hooks.register(ITEM_CHECKS_HOOK)
def findings_panel(panel) -> str:
    """The findings of the draft as it stands, in the item editor's checks panel."""
    return mark_safe(render_to_string("editorial/findings_panel.html", {"self": panel}))
