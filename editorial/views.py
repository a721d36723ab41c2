from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from .takedown import TakedownForm, may_take_down, take_down


def takedown_view(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not may_take_down(request.user, page):
        raise PermissionDenied
    form = TakedownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            taken = take_down(page, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)d page(s) taken down.") % {"count": len(taken)})
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    context = {"page": page, "form": form, "title": _("Take down"), "icon": "warning"}
    return TemplateResponse(request, "editorial/takedown.html", context)


def guide_view(request):
    """The platform's user guide, for everybody who can open the admin."""
    return TemplateResponse(request, "editorial/guide.html", {"title": _("User guide")})
