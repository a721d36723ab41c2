"""Which Content-Security-Policy a response of the platform carries, and the one security
header Django does not send itself (``Permissions-Policy``).

Three policies, decided here and nowhere else (:func:`policy_for`), each a setting so that an
operator adds a source (a map tile server) without code:

- **Not a page** (JSON, files: the public and editorial APIs' answers above all,
  ``SECURITY_CSP_NOT_PAGES``): ``default-src 'none'; frame-ancestors 'none'``. Nothing it holds
  can run, load or be framed, whatever a client does with it.
- **A page for anyone** (the admin's sign-in and password-reset pages, the 403 of the network
  allow-list, the APIs' documentation; ``SECURITY_CSP_PAGES``): scripts only from the
  platform's own files — no inline script, no ``eval``.
- **The admin, signed in** (``SECURITY_CSP_ADMIN``): the same, but inline scripts run. Wagtail
  8.0 still writes inline ``<script>`` tags from Python and templates — every chooser widget
  (``BaseChooser.render``: page, image, document, snippet choosers), the date and time widgets,
  ``InlinePanel`` and ``MultipleChooserPanel`` — so the page editor, the explorer's filters and
  most edit views stop working without ``'unsafe-inline'`` (upstream: wagtail/wagtail#1288 and
  #7053). ``'unsafe-eval'`` is not needed and not given; sources stay the platform's own, so
  an injected script can neither load code from elsewhere nor send data elsewhere
  (``connect-src``, ``form-action``, ``img-src`` are ``'self'``).

Everywhere styles keep ``'unsafe-inline'``: Wagtail writes ``style`` attributes, which nothing
narrower allows, and a style cannot run code. Framing only by the platform itself: Wagtail's
preview shows the page in a same-origin frame (``frame-ancestors 'self'``, as
``X-Frame-Options: SAMEORIGIN``).

The header is written by django-csp's middleware; this subclass only chooses the policy.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def is_page(response) -> bool:
    """Whether a browser would render ``response`` as a document that may run scripts."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in {"text/html", "application/xhtml+xml"}


ADMIN_PREFIX = "/admin/"


def policy_for(request, response) -> dict:
    """The CSP directives of ``response`` to ``request``."""
    if not is_page(response):
        return settings.SECURITY_CSP_NOT_PAGES
    user = getattr(request, "user", None)
    if request.path_info.startswith(ADMIN_PREFIX) and user is not None and user.is_authenticated:
        return settings.SECURITY_CSP_ADMIN
    return settings.SECURITY_CSP_PAGES


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy chosen per response (:func:`policy_for`); a view
    that set its own (django-csp's decorators) keeps it."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None:
            parts.config = dict(policy_for(request, response))
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the platform uses no camera, microphone,
    location, payment or other powerful feature, so no page of it (nor anything injected into
    one) may ask for them (``SECURITY_PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURITY_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.SECURITY_PERMISSIONS_POLICY)
        return response
