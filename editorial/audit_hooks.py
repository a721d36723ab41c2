"""The admin side of accountability and of the review diff (issue 3).

* The review's log actions, with Chinese labels and messages that show their details in the
  page's history view and the site history report.
* The audit trail of one item as CSV or XLSX (Wagtail's ``SpreadsheetExportMixin``), from the
  page's header menu; the site history report exports neither details nor one page alone.
* In the editor, a reviewer of an item that changed since a stage approved it is offered
  Wagtail's compare view of the approved and the current revision.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page

from cms.content.versions import version_of

from . import audit, diff, rules
from .models import ReviewTaskState

EXPORT_URL_NAME = "editorial_audit_export"
CHANGED_SINCE_APPROVAL = _(
    "This item changed after a stage approved it (version %(approved)s, now %(current)s)."
)
SEE_WHAT_CHANGED = _("What changed since it was approved")


@hooks.register("register_log_actions")
def review_log_actions(actions):
    for action, formatter in audit.FORMATTERS.items():
        actions.register_action(action)(formatter)


class PageAuditExportView(SpreadsheetExportMixin, View):
    """Every log entry of one page, oldest first, with the review's details."""

    list_export = list(audit.EXPORT_COLUMNS)
    export_headings = audit.EXPORT_COLUMNS

    def get(self, request, page_id: int):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not audit.may_see_audit_trail(request.user, self.page):
            raise PermissionDenied
        export_format = request.GET.get("export", self.FORMAT_CSV)
        if export_format not in self.FORMATS:
            raise Http404
        return self.as_spreadsheet(audit.page_audit_trail(self.page), export_format)

    def to_row_dict(self, item):
        return audit.export_row(item)

    def stream_csv(self, queryset):
        # A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def get_filename(self):
        return f"audit-{self.page.pk}-{timezone.localdate():%Y%m%d}"


@hooks.register("register_admin_urls")
def audit_admin_urls():
    return [
        path(
            "editorial/audit/<int:page_id>/export/",
            PageAuditExportView.as_view(),
            name=EXPORT_URL_NAME,
        )
    ]


@hooks.register("register_page_header_buttons")
def audit_export_buttons(page, user, view_name, next_url=None):
    if not audit.may_see_audit_trail(user, page):
        return
    url = reverse(EXPORT_URL_NAME, args=[page.pk])
    yield PageMenuItem(
        _("Download audit trail (XLSX)"),
        f"{url}?export=xlsx",
        icon_name="download",
        priority=66,
        page=page,
    )
    yield PageMenuItem(
        _("Download audit trail (CSV)"),
        f"{url}?export=csv",
        icon_name="download",
        priority=67,
        page=page,
    )


@hooks.register("before_edit_page")
def offer_changes_since_approval(request, page):
    """A reviewer who opens the item sees a link to what changed since it was approved."""
    if request.method != "GET":
        return None
    state = page.current_workflow_task_state
    if not isinstance(state, ReviewTaskState) or rules.refusal(request.user, state) is not None:
        return None
    pair = diff.changed_since_approval(page)
    if pair is None:
        return None
    approved, current = pair
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, approved, current])
    messages.warning(
        request,
        gettext(CHANGED_SINCE_APPROVAL)
        % {"approved": version_of(approved), "current": version_of(current)},
        buttons=[messages.button(url, gettext(SEE_WHAT_CHANGED))],
    )
    return None
