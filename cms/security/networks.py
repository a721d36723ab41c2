"""Who may reach the admin at all, and how often one address may do what costs the platform:
the networks the admin is allowed from, and the count of requests per address.

A government platform's admin is usually meant for the units' own networks (the e-government
extranet, a VPN). When the setting lists networks, a request for the admin (``/admin/``) or the
editorial API (``/api/editorial/``) from an address outside all of them is refused with a
Chinese 403 — a page for the admin, the APIs' JSON error for the API — before a session or a
database row is read. An empty setting restricts nothing. The address is the platform's one
decision on whose request it is (:func:`cms.security.addresses.client_address`: the peer, or
what a trusted proxy passes on), so a client cannot name itself an allowed address.

Requests per address are counted here (:func:`over_limit`, fixed windows in the default
cache), for the public API's writes (``publicapi/throttling.py``) and for the forms anyone may
post to outside it (:data:`FORM_RATES`: the admin's password reset, a document's privacy
password; sign-in itself is limited by django-axes, ``lockout.py``).
The counters are only as shared as the cache: Django's LocMemCache counts per process, so with
several workers an address gets a limit once per worker; production needs a cache all workers
share (Redis, Memcached or Django's database cache).
"""

import hashlib
import hmac
import ipaddress
import math
import time
from functools import cache

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .addresses import client_address

# The addresses the allow-list guards.
GUARDED_PREFIXES = ("/admin/", "/api/editorial/")
REFUSED_TITLE = _("Access refused")
TOO_MANY_TITLE = _("Too many requests")
FORMS_REFUSED = _(
    "Too many requests from your address. Try again in %(minutes)d minutes, or ask a website "
    "administrator."
)
REFUSED = _(
    "The administration of this platform cannot be reached from your network. Use the network "
    "of your unit, or ask the platform's administrator to allow yours."
)


@cache
def _networks(spec: tuple[str, ...]) -> tuple:
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in spec)
    except ValueError as error:
        raise ImproperlyConfigured(f"ADMIN_ALLOWED_NETWORKS: {error}") from error


def allowed_networks() -> tuple:
    """The networks of ``ADMIN_ALLOWED_NETWORKS``; empty when the admin is not restricted."""
    return _networks(tuple(settings.ADMIN_ALLOWED_NETWORKS))


def address_allowed(address: str) -> bool:
    """Whether ``address`` may reach the admin."""
    networks = allowed_networks()
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def guarded(path: str) -> bool:
    return path.startswith(GUARDED_PREFIXES)


def refusal(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(REFUSED)}, status=403, json_dumps_params={"ensure_ascii": False}
        )
    context = {"title": REFUSED_TITLE, "message": REFUSED}
    return render(request, "security/refused.html", context, status=403)


class AdminNetworksMiddleware:
    """Refuses the admin and the editorial API outside ``ADMIN_ALLOWED_NETWORKS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if guarded(request.path_info) and not address_allowed(client_address(request)):
            return refusal(request)
        return self.get_response(request)


# --- Requests per address --------------------------------------------------------------------


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/3600"`` → 5 requests per 3,600 seconds."""
    count, seconds = rate.split("/", 1)
    return int(count), int(seconds)


def over_limit(request, scope: str, rate: str) -> bool:
    """Count this request for its address in ``scope``; True when the address has now made
    more than ``rate`` allows in the current window."""
    limit, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    # Not the address itself: the cache is no place for personal data either.
    address = hmac.new(
        settings.SECRET_KEY.encode(),
        (client_address(request) or "unknown").encode(),
        hashlib.sha256,
    ).hexdigest()
    key = f"throttle:{scope}:{address}:{window}"
    default_cache.add(key, 0, timeout=seconds + 1)
    try:
        count = default_cache.incr(key)
    except ValueError:  # Expired between add and incr.
        default_cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return count > limit


def seconds_left(rate: str) -> int:
    """Seconds until the current window of ``rate`` ends (the windows are fixed, so the same
    for every address): what ``Retry-After`` says."""
    _limit, seconds = parse_rate(rate)
    return max(1, math.ceil(seconds - time.time() % seconds))


# The forms anyone may post to outside the APIs, by URL name -> the setting of their rate.
FORM_RATES = {
    "wagtailadmin_password_reset": "ADMIN_PASSWORD_RESET_RATE",
    "wagtaildocs_authenticate_with_password": "DOCUMENT_PASSWORD_RATE",
}


class FormRateMiddleware:
    """Limits per address the posts of the forms anyone may send (:data:`FORM_RATES`: the
    admin's password reset, which mails whoever it names; the password of a document behind
    a privacy password): 429 in Chinese with ``Retry-After`` beyond the rate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name in FORM_RATES:
                rate = getattr(settings, FORM_RATES[name])
                if over_limit(request, f"form:{name}", rate):
                    return too_many(request, seconds_left(rate))
        return self.get_response(request)


def too_many(request, wait: int):
    message = FORMS_REFUSED % {"minutes": math.ceil(wait / 60)}
    context = {"title": TOO_MANY_TITLE, "message": message}
    response = render(request, "security/refused.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
