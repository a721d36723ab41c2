"""The platform's search index, whichever backend holds it: the embedded one in the database by
default, Elasticsearch when ``ELASTICSEARCH_URL`` is set. Callers use these functions and never
a backend.

The embedded index is written inside the caller's transaction, so it changes with the read
model it follows; a cluster cannot join a transaction, so it is written once the transaction
has committed (and ``search_rebuild`` repairs what a crash in between lost).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from . import elastic, embedded
from .models import IndexedPage
from .query import Hits, Query


def backend():
    return elastic if settings.ELASTICSEARCH_URL else embedded


def _write(operation, *args) -> None:
    if backend() is embedded:
        operation(embedded)(*args)
    else:
        transaction.on_commit(lambda: operation(elastic)(*args))


def put(rows: Iterable[IndexedPage]) -> None:
    _write(lambda b: b.put, list(rows))


def remove(page_ids: Iterable[int]) -> None:
    _write(lambda b: b.remove, list(page_ids))


def forget_deleted(page_ids: Iterable[int]) -> None:
    """Pages deleted: the embedded index lost their rows with them (a foreign key)."""
    if backend() is not embedded:
        remove(page_ids)


def mark_archived(page_ids: Iterable[int], archived: bool) -> None:
    _write(lambda b: b.mark_archived, list(page_ids), archived)


def clear() -> None:
    _write(lambda b: b.clear)


def rebuild(batches: Iterable[Iterable[IndexedPage]]) -> None:
    """Replace the whole index with ``batches`` (a generator may read them as it goes).

    The embedded index is emptied and filled inside the caller's transaction, so readers see
    the old rows until it commits. A cluster is filled at once, into a new index that nobody
    reads until the alias is swapped to it (:func:`search.elastic.rebuild`): it waits for no
    commit, since it only copies rows already committed."""
    if backend() is embedded:
        embedded.clear()
        for rows in batches:
            embedded.put(rows)
    else:
        elastic.rebuild(batches)


def find(query: Query) -> Hits:
    return backend().find(query)
