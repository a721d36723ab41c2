"""The public API's writes limited per client address (the counting itself, in fixed windows
in the default cache, is :func:`cms.security.networks.over_limit`, shared with the admin's
password-reset form).

The counters are only as shared as the cache: Django's LocMemCache (the settings' default)
counts per process, so with several workers an address gets the limit once per worker;
production needs a cache all workers share (Redis, Memcached or Django's database cache).
The address is the platform's one decision on whose request it is
(:func:`cms.security.addresses.client_address`: ``REMOTE_ADDR``, or what a trusted proxy passes
on). Without a trusted proxy, everything a proxy passes on counts as one citizen.

Every public write operation is limited (:class:`AddressRate`, given to the operation as
django-ninja's ``throttle``; tests/security/test_rate_limits.py finds every write route of the
public API and fails for one without a limit), answered with 429, ``Retry-After`` and a Chinese
message (:func:`refusal`).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from cms.security import addresses, networks
from cms.security.networks import over_limit, parse_rate  # noqa: F401 - this module's API

TOO_MANY = _("Too many requests from your address; please try again later.")


def client_address(request) -> str:
    """The citizen's address: the peer's, or the one a trusted proxy passes on."""
    return addresses.client_address(request) or "unknown"


class AddressRate(BaseThrottle):
    """django-ninja's throttle for a public write operation: the rate named by the setting
    ``rate_setting`` (read at each request, so tests and operators change it), counted per
    client address in ``scope``. Checked before the request's body is read, so a refused
    request costs nothing more; django-ninja answers 429 with ``Retry-After``, in the words
    of :func:`refusal`."""

    def __init__(self, scope: str, rate_setting: str, message=None):
        self.scope = scope
        self.rate_setting = rate_setting
        self.message = message or TOO_MANY

    @property
    def rate(self) -> str:
        return getattr(settings, self.rate_setting)

    def allow_request(self, request) -> bool:
        if networks.over_limit(request, self.scope, self.rate):
            request.throttle_refusal = self.message
            return False
        return True

    def wait(self) -> float:
        return networks.seconds_left(self.rate)


def refusal(request, exc: Throttled) -> HttpResponse:
    """The APIs' error for a throttled request (django-ninja adds ``Retry-After``)."""
    payload = {"detail": str(getattr(request, "throttle_refusal", TOO_MANY))}
    return JsonResponse(payload, status=429, json_dumps_params={"ensure_ascii": False})
