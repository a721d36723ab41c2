"""Whose request it is: the one decision of the platform on a request's address, and the bounded
user agent the security log keeps.

The address is ``REMOTE_ADDR``, unless the request comes from an address listed in
``PUBLICAPI_TRUSTED_PROXIES`` (the public website, or a reverse proxy in front of the admin),
which says whose request it passes on in ``X-Forwarded-For``: then the last address there — the
one the trusted proxy itself added; the ones before it are what the client claimed. Anything that
is not an IP address is not taken (a header is text anyone can write). The public API's
per-address limits (``publicapi/throttling.py``), the sign-in lockout and the security log all
count this address.
"""

import ipaddress as ipaddresses

from django.conf import settings

USER_AGENT_MAX = 255


def ip_address(value: str) -> str:
    """``value`` as an IP address in its usual writing, or ``""`` when it is none."""
    try:
        return str(ipaddresses.ip_address(value.strip()))
    except ValueError:
        return ""


def client_address(request) -> str:
    """The client's address, or ``""`` when the request says none that is an IP address."""
    peer = ip_address(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and peer and peer in settings.PUBLICAPI_TRUSTED_PROXIES:
        return ip_address(forwarded.split(",")[-1]) or peer
    return peer


def client_address_or_none(request) -> str | None:
    """:func:`client_address` for django-axes (``AXES_CLIENT_IP_CALLABLE``), which wants None
    when there is none."""
    return client_address(request) or None


def user_agent(request) -> str:
    """The browser's self-description, cut to what the log keeps."""
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
