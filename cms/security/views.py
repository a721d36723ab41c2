"""The security log in the admin (设置 → 安全日志): the events a person may see
(:mod:`cms.security.scope`), filtered, paged, as CSV; the accounts locked now, and their unlock."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import export, lockout, scope
from .events import account_named
from .forms import EventFilterForm

PAGE_SIZE = 50


def security_log(request):
    if not scope.may_see_log(request.user):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None)
    events = form.filter(scope.events_for(request.user))
    if request.GET.get("export") == "csv":
        response = HttpResponse(export.csv_text(events), content_type="text/csv; charset=utf-8")
        name = f"security-log-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("p"))
    locked = [
        name
        for name in lockout.locked_usernames()
        if scope.may_unlock(request.user, account_named(name))
    ]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "security/log.html",
        {
            "page_title": _("Security log"),
            "form": form,
            "page": page,
            "locked": locked,
            "query": query.urlencode(),
        },
    )


@require_POST
def unlock(request):
    username = request.POST.get("username", "").strip()
    if not scope.may_see_log(request.user):
        raise PermissionDenied
    if not username or not scope.may_unlock(request.user, account_named(username)):
        messages.error(request, _("You may not unlock this account."))
        return redirect("security_log")
    lockout.unlock(username, actor=request.user, request=request)
    messages.success(request, _("%(name)s is unlocked.") % {"name": username})
    return redirect("security_log")
