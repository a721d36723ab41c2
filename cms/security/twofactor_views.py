"""The pages of two-step verification: the code after the password, enrolment (the QR code,
the first code, the recovery codes shown once), the person's own management (new recovery
codes, removal) and an administrator's reset. The rules are :mod:`cms.security.twofactor`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import lockout, scope, twofactor
from .events import account_named
from .twofactor_forms import CodeForm, ResetForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """The code after the password."""
    if twofactor.pending(request) is not twofactor.Owed.CODE:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    username = request.user.get_username()
    if request.method == "POST" and form.is_valid():
        verdict = twofactor.verify(request, form.cleaned_data["otp_token"])
        if verdict is twofactor.Verdict.ACCEPTED:
            return redirect(_next(request))
        if verdict is twofactor.Verdict.LOCKED:
            # Signed out: the sign-in page, saying until when (django-axes' answer).
            return lockout.lockout_response(request, credentials={"username": username})
        form.add_error("otp_token", _("The code is wrong, already used or too late."))
    return TemplateResponse(
        request,
        "security/twofactor/verify.html",
        {"form": form, "next": _next(request), "page_title": _("Two-step verification")},
    )


def enrol(request):
    """Scan the QR code, confirm with a code; then the recovery codes, once."""
    user = request.user
    if twofactor.enrolled(user):
        return redirect("security_2fa_manage")
    device = twofactor.start_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["otp_token"])
        if codes is not None:
            return _show_codes(request, codes, _("Two-step verification is enabled."))
        form.add_error("otp_token", _("The code is wrong or too late. Try the next one."))
    return TemplateResponse(
        request,
        "security/twofactor/enrol.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "forced": twofactor.pending(request) is twofactor.Owed.ENROL,
            "next": _next(request),
            "page_title": _("Enable two-step verification"),
        },
    )


def _show_codes(request, codes: list[str], said: str):
    return TemplateResponse(
        request,
        "security/twofactor/codes.html",
        {"codes": codes, "said": said, "page_title": _("Recovery codes"), "next": _next(request)},
    )


def manage(request):
    user = request.user
    return TemplateResponse(
        request,
        "security/twofactor/manage.html",
        {
            "enrolled": twofactor.enrolled(user),
            "required": twofactor.required(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "form": CodeForm(),
            "page_title": _("Two-step verification"),
        },
    )


@require_POST
def renew_codes(request):
    if not twofactor.enrolled(request.user):
        return redirect("security_2fa_manage")
    codes = twofactor.renew_recovery_codes(request.user, request=request)
    return _show_codes(request, codes, _("New recovery codes made; the old ones no longer work."))


@require_POST
def remove(request):
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.remove(request, form.cleaned_data["otp_token"]):
        messages.success(request, _("Two-step verification is removed."))
        if request.POST.get("then") == "enrol" or twofactor.required(request.user):
            return redirect("security_2fa_enrol")
        return redirect("security_2fa_manage")
    messages.error(request, _("The code is wrong: two-step verification is unchanged."))
    return redirect("security_2fa_manage")


def reset(request, user_id: int | None = None):
    """An administrator resets a person's second factor (a lost phone), after confirming."""
    if not scope.may_see_log(request.user):
        raise PermissionDenied
    if user_id is None:
        form = ResetForm(request.GET)
        account = account_named(form.data.get("username", "").strip()) if form.is_valid() else None
        if account is None:
            messages.error(request, _("No such account."))
            return redirect("security_log")
    else:
        account = get_object_or_404(get_user_model(), pk=user_id)
    if not scope.may_reset_second_factor(request.user, account):
        messages.error(request, _("You may not reset this account's two-step verification."))
        return redirect("security_log")
    if request.method == "POST":
        twofactor.reset(account, actor=request.user, request=request)
        messages.success(
            request,
            _("Two-step verification of %(name)s is reset; they enable it again at sign-in.")
            % {"name": account.get_username()},
        )
        return redirect("security_log")
    return TemplateResponse(
        request,
        "security/twofactor/reset.html",
        {
            "account": account,
            "enrolled": twofactor.enrolled(account),
            "page_title": _("Reset two-step verification"),
        },
    )
