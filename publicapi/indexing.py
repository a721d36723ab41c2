"""The search index fed from the read model: what the public may find is what it may read.

Every index row is made from a page's public row (:class:`publicapi.models.PublicPage`), never
from the page or a draft, so nothing reaches the index that review did not clear, and a page
leaves the index when it leaves the read model. :mod:`publicapi.services` calls these
functions wherever it writes public rows; ``search_rebuild`` rebuilds from scratch.
"""

import json
from collections.abc import Callable, Iterable

from search import index
from search.documents import Document, indexed_all

from .models import PublicPage

BATCH = 1000
_FIELDS = (
    "page_id",
    "site_id",
    "column__path",
    "type",
    "published_at",
    "archived_at",
    "detail_json",
    "search_text",
)


def _document(row: tuple) -> Document:
    page_id, site_id, column_path, kind, published_at, archived_at, detail_json, text = row
    detail = json.loads(detail_json)
    validity = detail.get("validity")
    extra = [detail.get("topic_category") or "", detail.get("issuing_office") or ""]
    return Document(
        page_id=page_id,
        site_id=site_id,
        column_path=column_path or "",
        kind=kind,
        title=detail.get("title") or "",
        numbers=(detail.get("document_number") or "", detail.get("index_number") or ""),
        body=" ".join([text, *extra]),
        published_at=published_at,
        archived=archived_at is not None,
        validity=validity.get("code", "") if isinstance(validity, dict) else "",
    )


def _items(page_ids: list[int] | None = None):
    rows = PublicPage.objects.filter(is_item=True)
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    return rows


def index_refresh(page_ids: Iterable[int]) -> None:
    """Index these pages as their public rows say; forget those without one."""
    ids = list(page_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = list(_items(chunk).values_list(*_FIELDS))
        index.put(indexed_all(map(_document, rows)))
        found = {row[0] for row in rows}
        index.remove([page_id for page_id in chunk if page_id not in found])


def index_clear() -> None:
    index.clear()


def index_remove(page_ids: Iterable[int]) -> None:
    index.remove(page_ids)


def index_archive_refresh(page_ids: Iterable[int]) -> None:
    """The filed state of these pages as their public rows say (their words unchanged)."""
    ids = list(page_ids)
    for start in range(0, len(ids), BATCH):
        rows = _items(ids[start : start + BATCH]).values_list("page_id", "archived_at")
        filed = [page_id for page_id, archived_at in rows if archived_at is not None]
        current = [page_id for page_id, archived_at in rows if archived_at is None]
        index.mark_archived(filed, True)
        index.mark_archived(current, False)


def indexable_count() -> int:
    return _items().count()


def index_rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Index every public item again, in batches; returns how many. ``progress`` is told each
    batch's size once it is indexed. On a cluster the live index serves until the new one is
    complete (:func:`search.index.rebuild`)."""
    count = 0

    def batches():
        nonlocal count
        last = 0
        while True:
            rows = list(
                _items().filter(page_id__gt=last).order_by("page_id").values_list(*_FIELDS)[:BATCH]
            )
            if not rows:
                return
            yield indexed_all(map(_document, rows))
            last = rows[-1][0]
            count += len(rows)
            if progress is not None:
                progress(len(rows))

    index.rebuild(batches())
    return count
