"""The platform's search index, whichever backend holds it: the embedded one in the database by
default, Elasticsearch when ``ELASTICSEARCH_URL`` is set. Callers use these three functions and
never a backend.
"""

from collections.abc import Iterable

from django.conf import settings

from . import elastic, embedded
from .embedded import Hits
from .models import IndexedPage


def backend():
    return elastic if settings.ELASTICSEARCH_URL else embedded


def put(rows: Iterable[IndexedPage]) -> None:
    backend().put(rows)


def remove(page_ids: Iterable[int]) -> None:
    backend().remove(page_ids)


def find(text: str, **options) -> Hits:
    return backend().find(text, **options)
