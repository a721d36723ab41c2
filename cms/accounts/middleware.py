from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .passwords import password_expired

PASSWORD_EXPIRED_MESSAGE = _("Your password is more than 90 days old. Change it before you go on.")


class PasswordExpiryMiddleware:
    """A person whose password has expired can do nothing but change it or log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._exempt(request):
            if password_expired(user):
                message = str(PASSWORD_EXPIRED_MESSAGE)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": message}, status=403, json_dumps_params={"ensure_ascii": False}
                    )
                messages.warning(request, message)
                return redirect(reverse("wagtailadmin_account") + "#password")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        allowed = (
            reverse("wagtailadmin_account"),
            reverse("wagtailadmin_logout"),
            "/static/",
            reverse("wagtailadmin_login"),
            # The public read API is anonymous: a session changes nothing there.
            "/api/v1/",
        )
        return request.path.startswith(allowed) or request.path.startswith("/admin/jsi18n")
