"""Requests counted per client address in fixed windows, in the default cache.

The counters are only as shared as the cache: Django's LocMemCache (the settings' default)
counts per process, so with several workers an address gets the limit once per worker;
production needs a cache all workers share (Redis, Memcached or Django's database cache).
The address is the platform's one decision on whose request it is
(:func:`cms.security.addresses.client_address`: ``REMOTE_ADDR``, or what a trusted proxy passes
on). Without a trusted proxy, everything a proxy passes on counts as one citizen.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

from cms.security import addresses


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/3600"`` → 5 requests per 3,600 seconds."""
    count, seconds = rate.split("/", 1)
    return int(count), int(seconds)


def client_address(request) -> str:
    """The citizen's address: the peer's, or the one a trusted proxy passes on."""
    return addresses.client_address(request) or "unknown"


def over_limit(request, scope: str, rate: str) -> bool:
    """Count this request for its address in ``scope``; True when the address has now made
    more than the rate allows in the current window."""
    limit, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    # Not the address itself: the cache is no place for personal data either.
    address = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()
    key = f"throttle:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # Expired between add and incr.
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return count > limit
