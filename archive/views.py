"""Admin views: file a page by hand, restore a filed page — each with its reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import filing, state
from .forms import ArchiveReasonForm


def _reason_view(request, page_id: int, *, template: str, title, icon: str, act):
    page = get_object_or_404(Page, pk=page_id).specific
    if not filing.may_archive(request.user, page):
        raise PermissionDenied
    form = ArchiveReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(page, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("wagtailadmin_pages:edit", page.pk)
    context = {
        "page": page,
        "form": form,
        "record": state.archive_of(page),
        "title": title,
        "icon": icon,
    }
    return TemplateResponse(request, template, context)


def file_view(request, page_id: int):
    def act(page, reason):
        report = filing.file_by_hand(page, user=request.user, reason=reason)
        message = _("%(count)d page(s) archived.") % {"count": len(report.filed)}
        if report.skipped:
            message += " " + _("%(count)d left out (in review or scheduled).") % {
                "count": len(report.skipped)
            }
        return message

    return _reason_view(
        request,
        page_id,
        template="archive/file.html",
        title=_("Archive"),
        icon="folder-inverse",
        act=act,
    )


def restore_view(request, page_id: int):
    def act(page, reason):
        filing.restore(page, user=request.user, reason=reason)
        return _("Restored from the archive.")

    return _reason_view(
        request,
        page_id,
        template="archive/restore.html",
        title=_("Restore from the archive"),
        icon="undo",
        act=act,
    )
