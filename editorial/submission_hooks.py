"""Submitting through Wagtail's editor, which saves and submits in one request: a submission
that nobody could take through 一审 (:func:`editorial.rules.first_reviewers_for`) is turned into
a plain save before Wagtail sees it — the draft is kept, no review starts, and the author is
told why (:data:`editorial.services.NOBODY_TO_REVIEW`). The API refuses the same through
:func:`editorial.services.submission_refusal`.
"""

from wagtail import hooks
from wagtail.admin import messages

from cms.content.models.columns import owning_unit_id

from . import rules, services

SUBMIT = "action-submit"


def _save_only(request) -> None:
    """The editor's request without its submit action: Wagtail then saves a draft only."""
    request.POST = request.POST.copy()
    request.POST.pop(SUBMIT, None)
    messages.error(request, services.NOBODY_TO_REVIEW)


@hooks.register("before_edit_page")
def keep_an_unreviewable_edit_as_a_draft(request, page):
    if request.method == "POST" and SUBMIT in request.POST:
        if not rules.first_reviewers_for(page, request.user):
            _save_only(request)


@hooks.register("before_create_page")
def keep_an_unreviewable_new_item_as_a_draft(request, parent_page, page_class):
    if request.method == "POST" and SUBMIT in request.POST:
        if not rules.first_reviewers_in(owning_unit_id(parent_page), {request.user.pk}):
            _save_only(request)
