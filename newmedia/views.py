"""The admin's pages beyond the snippet views: the printable registration form, a request,
the requests awaiting someone, a decision. Thin: the rules are in lifecycle and access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, lifecycle, menus
from .forms import DecisionForm, RequestForm
from .models import Account, DocumentKind, LifecycleRequest, Platform

# The platforms as the form lists them: 微博, 微信 (服务号/订阅号/小程序), 微视, 移动客户端, 其他.
FORM_PLATFORMS = [
    ("weibo", (Platform.WEIBO,)),
    (
        "wechat",
        (Platform.WECHAT_SERVICE, Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_MINI_PROGRAM),
    ),
    ("weishi", (Platform.WEISHI,)),
    ("app", (Platform.APP,)),
    ("other", (Platform.TOUTIAO, Platform.DOUYIN, Platform.KUAISHOU, Platform.OTHER)),
]
MENU_ROWS_AT_LEAST = 4
ADMINISTRATOR_ROWS_AT_LEAST = 3


def _account_managed(request, pk) -> Account:
    account = get_object_or_404(
        Account.objects.select_related("sponsor_unit", "supervising_unit", "qr_code", "site"),
        pk=pk,
    )
    if not access.may_manage(request.user, account):
        raise PermissionDenied
    return account


def printout(request, pk):
    """The official 登记表 (seed 002's annex) filled in, to print on A4."""
    account = _account_managed(request, pk)
    ticked = {box: account.platform in platforms for box, platforms in FORM_PLATFORMS}
    rows = menus.rows(account.menu)
    rows += [{"levels": ["", "", ""], "note": ""}] * max(0, MENU_ROWS_AT_LEAST - len(rows))
    administrators = list(account.administrators.all())
    blanks = range(max(0, ADMINISTRATOR_ROWS_AT_LEAST - len(administrators)))
    documents = [
        (DocumentKind(doc.kind).label, doc.document)
        for doc in account.documents.select_related("document")
    ]
    return TemplateResponse(
        request,
        "newmedia/registration_form.html",
        {
            "account": account,
            "ticked": ticked,
            "menu_rows": rows,
            "administrators": administrators,
            "blank_administrators": blanks,
            "documents": documents,
            "filled_on": timezone.localdate(),
            "other_platform": account.platform_label
            if account.platform in FORM_PLATFORMS[-1][1]
            else "",
        },
    )


def new_request(request, pk):
    account = _account_managed(request, pk)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.make_request(
                account,
                form.cleaned_data["kind"],
                request.user,
                form.cleaned_data["reason"],
                form.changes(),
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The request was sent to the principal head for approval."))
            return redirect("newmedia_requests")
    return TemplateResponse(
        request,
        "newmedia/request_form.html",
        {
            "account": account,
            "form": form,
            "title": _("Request for %(account)s") % {"account": account},
        },
    )


def request_list(request):
    if not access.may_see_requests(request.user):
        raise PermissionDenied
    requests = access.requests_in_view(
        request.user,
        LifecycleRequest.objects.select_related("account", "account__sponsor_unit", "requested_by"),
    )[:200]
    rows = [(item, lifecycle.may_decide(request.user, item)) for item in requests]
    return TemplateResponse(
        request, "newmedia/request_list.html", {"rows": rows, "title": _("New-media requests")}
    )


def request_detail(request, pk):
    if not access.may_see_requests(request.user):
        raise PermissionDenied
    item = get_object_or_404(
        access.requests_in_view(request.user, LifecycleRequest.objects.all()), pk=pk
    )
    may_decide = lifecycle.may_decide(request.user, item)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                lifecycle.decide(
                    item,
                    request.user,
                    approved=form.cleaned_data["decision"] == "approve",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Your decision was recorded."))
                return redirect(reverse("newmedia_request", args=[item.pk]))
    return TemplateResponse(
        request,
        "newmedia/request_detail.html",
        {
            "item": item,
            "steps": item.steps.select_related("decided_by"),
            "form": form if may_decide else None,
            "changes": [
                (str(Account._meta.get_field(name).verbose_name), value)
                for name, value in item.changes.items()
            ],
            "title": str(item),
        },
    )
