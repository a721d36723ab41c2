"""The distribution's settings, with their defaults (each may be set in Django's settings)."""

from django.conf import settings

DEFAULTS = {
    # Attempts before a delivery fails for good (a person's retry grants as many again).
    "NEWMEDIA_MAX_ATTEMPTS": 6,
    # The wait after the first failed attempt; it doubles with every further one.
    "NEWMEDIA_RETRY_SECONDS": 60,
    # How long a worker holds a delivery it claimed; after that another worker takes it over
    # (the first one died). Longer than a webhook's connect and read timeouts together.
    "NEWMEDIA_CLAIM_SECONDS": 300,
    # A webhook's connect and read timeouts, in seconds, unless its channel sets its own.
    "NEWMEDIA_WEBHOOK_TIMEOUTS": (5, 20),
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
