"""The security middleware: the request at hand for the security log
(:mod:`cms.security.context`), the session's idle timeout and news from other sign-ins
(:mod:`cms.security.sessions`), and the second factor a session still owes
(:mod:`cms.security.twofactor`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import context, sessions, twofactor
from .models import Outcome


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.serving(request)
        try:
            return self.get_response(request)
        finally:
            context.done(token)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or (
        request.headers.get("x-requested-with") == "XMLHttpRequest"
    )


def _refused(request, message: str, status: int, to: str):
    """JSON for scripts and APIs; otherwise the page ``to``, with where to come back."""
    if _wants_json(request):
        return JsonResponse(
            {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    if request.method == "GET":
        to = f"{to}?{urlencode({'next': request.get_full_path()})}"
    return redirect(to)


def _public(request) -> bool:
    # The public read API is anonymous: a session changes nothing there.
    return request.path.startswith(("/static/", "/api/v1/"))


class SessionActivityMiddleware:
    """A signed-in session idle longer than ``SECURITY_IDLE_MINUTES`` goes to the login page
    with a message saying why; one ended by a sign-in elsewhere likewise; one that another
    sign-in concerns is told."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = None if _public(request) else getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = sessions.on_request(request)
            if ended:
                message = (
                    sessions.idle_message(sessions.idle_minutes())
                    if ended == Outcome.IDLE
                    else sessions.replaced_message()
                )
                messages.warning(request, message, fail_silently=True)
                return _refused(request, message, 401, reverse("wagtailadmin_login"))
        return self.get_response(request)


class TwoFactorMiddleware:
    """A session that has not given its second factor, or must enrol one, opens nothing but the
    page that asks for it, sign-out and the static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = None if self._exempt(request) else getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            owed = twofactor.pending(request)
            if owed is twofactor.Owed.CODE:
                return _refused(
                    request,
                    _("Enter the verification code from your authenticator app first."),
                    403,
                    reverse("security_2fa_verify"),
                )
            if owed is twofactor.Owed.ENROL:
                return _refused(
                    request,
                    _("Your role requires two-step verification: enable it first."),
                    403,
                    reverse("security_2fa_enrol"),
                )
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        allowed = (
            reverse("security_2fa_verify"),
            reverse("security_2fa_enrol"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_login"),
            "/admin/jsi18n",
        )
        return _public(request) or request.path.startswith(allowed)
