"""What a server process does once the application is loaded, before its first request."""

import gc

from django.urls import get_resolver
from wagtail import hooks

# Container objects allocated (less those freed) before the youngest generation is collected:
# Python's default of 700 collects some twelve times in one request of the column explorer,
# promoting the request's own short-lived objects, so that a full collection followed every ten
# requests or so. At 10,000 a request's objects mostly die before any collection: about one
# young collection a request, one full in sixty.
YOUNGEST_THRESHOLD = 10_000


def settle() -> int:
    """Load what a first request would (every URL module and Wagtail's hooks), then keep every
    object the loaded application holds out of the collector's passes (``gc.freeze``), and let
    the youngest generation grow to :data:`YOUNGEST_THRESHOLD` before it is collected. Returns
    how many objects were frozen.

    A loaded worker holds some 260,000 objects (Django, Wagtail, the models, the URL
    configuration), none of which will be garbage. Python's full collection walks all of them:
    in the admin's column explorer, a full collection came about once every ten requests and
    took about 170 ms, 17 ms a request on average and most of the p95 (``bench/review_queue.py``,
    20,000 pages). Frozen, a full collection walks only what requests created since: about
    44 ms, once every twenty requests.
    """
    get_resolver().url_patterns  # noqa: B018 - imports every app's URL module and views
    hooks.search_for_hooks()
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, middle, oldest)
    return gc.get_freeze_count()
