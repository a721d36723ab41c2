"""The dictionary's matcher, built once per process and rebuilt when the dictionary changes.

The cache key is the dictionary's version: how many terms there are, when the last one was
saved (``max(updated_at)``), and a token in Django's cache that every save or delete through
the model replaces. The database part makes every process see a change made by another one
(with a per-process cache backend as well); the token covers what the database cannot show,
such as a term saved twice within the same clock tick. Code that changes terms in bulk
(``QuerySet.update``, ``bulk_create``) calls :func:`dictionary_changed` itself, as the import
command does.
"""

import threading
import uuid

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from .matcher import TermEntry, TermMatcher
from .models import SensitiveTerm

VERSION_CACHE_KEY = "prechecks:dictionary-token"

_lock = threading.Lock()
_cached: tuple[tuple, TermMatcher] | None = None


def dictionary_changed(**_kwargs) -> None:
    """Tell every process that the dictionary has changed."""
    cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, None)


def dictionary_version() -> tuple:
    state = SensitiveTerm.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    token = cache.get(VERSION_CACHE_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # Another process may have set it meanwhile: use what the cache holds.
        cache.add(VERSION_CACHE_KEY, token, None)
        token = cache.get(VERSION_CACHE_KEY, token)
    return state["count"], state["latest"], token


def active_entries() -> list[TermEntry]:
    rows = SensitiveTerm.objects.filter(is_active=True).values_list(
        "term", "correction", "category", "severity", "note"
    )
    return [TermEntry(*row) for row in rows.iterator(chunk_size=5000)]


def get_matcher() -> TermMatcher:
    """The matcher of the active terms, rebuilt only when the dictionary has changed."""
    global _cached
    version = dictionary_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] == version:
            return cached[1]
        # The version is read before the terms: a change made while they are read gives a
        # newer version, and the next call builds again.
        matcher = TermMatcher(active_entries())
        _cached = (version, matcher)
        return matcher


def clear_matcher_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def connect_signals() -> None:
    post_save.connect(dictionary_changed, sender=SensitiveTerm, dispatch_uid="prechecks-saved")
    post_delete.connect(dictionary_changed, sender=SensitiveTerm, dispatch_uid="prechecks-deleted")
