"""How often one address may submit to surveys: a counter per address and window in the cache.

With the default LocMemCache the counter is per process: N worker processes let N times the
limit through. A shared cache (Redis, Memcached) in production makes it one counter.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

# At most this many submissions per address per window (seconds); the setting overrides it.
DEFAULT_LIMIT = (20, 600)


def _key(sender: str) -> str:
    # Not the address itself: the cache is no place for personal data either.
    digest = hmac.new(settings.SECRET_KEY.encode(), sender.encode(), hashlib.sha256).hexdigest()
    return f"surveys:sender:{digest}"


def sender_admitted(*, sender: str) -> bool:
    """Count one submission from ``sender`` and say whether it is within the limit."""
    limit, window = getattr(settings, "SURVEYS_SUBMISSION_LIMIT", DEFAULT_LIMIT)
    key = _key(sender)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
