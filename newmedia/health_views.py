"""运行监测: each running account the user manages with its flags (:mod:`newmedia.health`),
and the import of a platform's statistics (:mod:`newmedia.stats_import`). Thin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.tabular import TabularFileError

from . import access, health, stats_import
from .models import Account


class StatsFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("statistics file (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: 账号ID or 账号名称, 统计期 (2026-11 or 2026-11-05), 发文数, 粉丝数, 阅读量, "
            "and optionally 最后发文日期."
        ),
    )


def monitoring(request):
    if not access.manages_any(request.user):
        raise PermissionDenied
    form = StatsFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            written, errors = stats_import.import_file(upload.name, upload.read(), request.user)
        except TabularFileError as error:
            errors = [error.problem]
            written = 0
        if not errors:
            messages.success(
                request, _("%(count)d rows of statistics imported.") % {"count": written}
            )
            return redirect("newmedia_monitoring")
    accounts = health.running_accounts(access.managed_accounts(request.user, Account.objects))
    rows = health.health_of(accounts, today=timezone.localdate())
    return TemplateResponse(
        request,
        "newmedia/monitoring.html",
        {
            "title": _("New-media monitoring"),
            "rows": rows,
            "form": form,
            "errors": errors,
            "low_followers": health.LOW_FOLLOWERS,
            "idle_days": health.IDLE_DAYS,
        },
        status=400 if errors else 200,
    )
