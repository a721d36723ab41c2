"""The Elasticsearch backend, used when ``ELASTICSEARCH_URL`` is set (elasticsearch-dsl).

The same index as the embedded backend's, with the same answers to the same calls
(:func:`put`, :func:`remove`, :func:`find`): one document per public page, its words cut by
:mod:`search.segment` before the cluster sees them and analysed there by whitespace only, so
that a query word finds exactly the indexed word on both backends; every word required; the
title weighted above document numbers, numbers above the body; best first, then newest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Q, Search, Text, analyzer

from .embedded import Hits
from .models import IndexedPage
from .segment import query_words

# Words arrive cut and normalised (search.segment): split on spaces, nothing else.
WORDS = analyzer("words", tokenizer="whitespace")
# Title, document numbers, body, as the embedded backend weighs them.
FIELDS = ["title_words^10", "number_words^4", "body_words"]


class PageDocument(Document):
    site = Integer()
    column_path = Keyword()
    kind = Keyword()
    title = Keyword(index=False)
    published_at = Date()
    archived = Boolean()
    title_words = Text(analyzer=WORDS)
    number_words = Text(analyzer=WORDS)
    body_words = Text(analyzer=WORDS)


def index_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-pages"


@cache
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(url)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL)


def ensure_index() -> None:
    """Create the index with its mapping if the cluster has none by that name."""
    es = client()
    if not es.indices.exists(index=index_name()):
        body = PageDocument._index.clone(index_name()).to_dict()
        es.indices.create(
            index=index_name(), settings=body.get("settings"), mappings=body["mappings"]
        )


def _source(row: IndexedPage) -> dict:
    return {
        "site": row.site_id,
        "column_path": row.column_path,
        "kind": row.kind,
        "title": row.title,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "archived": row.archived,
        "title_words": row.title_words,
        "number_words": row.number_words,
        "body_words": row.body_words,
    }


def put(rows: Iterable[IndexedPage]) -> None:
    """Index ``rows``, replacing what was indexed of their pages."""
    operations = []
    for row in rows:
        operations += [{"index": {"_index": index_name(), "_id": str(row.page_id)}}, _source(row)]
    if operations:
        client().bulk(operations=operations, refresh="wait_for")


def remove(page_ids: Iterable[int]) -> None:
    operations = [{"delete": {"_index": index_name(), "_id": str(pk)}} for pk in page_ids]
    if operations:
        client().bulk(operations=operations, refresh="wait_for")


def query(
    text: str,
    *,
    site_ids: Sequence[int] | None = None,
    kinds: Sequence[str] | None = None,
    column_path: str | None = None,
    archived: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Search | None:
    """The search :func:`find` sends, or None when the text has no words."""
    words = query_words(text)
    if not words:
        return None
    filters = []
    if site_ids is not None:
        filters.append(Q("terms", site=list(site_ids)))
    if kinds is not None:
        filters.append(Q("terms", kind=list(kinds)))
    if column_path:
        filters.append(Q("prefix", column_path=column_path))
    if archived is not None:
        filters.append(Q("term", archived=archived))
    each_word = [Q("multi_match", query=word, fields=FIELDS, type="most_fields") for word in words]
    search = (
        Search(index=index_name())
        .query(Q("bool", must=each_word, filter=filters))
        .sort("_score", {"published_at": {"order": "desc", "missing": "_last"}})
        .extra(track_total_hits=True)
        .source(False)
    )
    return search[offset : offset + limit]


def find(text: str, **options) -> Hits:
    """:func:`search.embedded.find`, answered by the cluster."""
    search = query(text, **options)
    if search is None:
        return Hits(0, [], [])
    response = search.using(client()).execute()
    return Hits(
        response.hits.total.value,
        [int(hit.meta.id) for hit in response],
        [float(hit.meta.score or 0) for hit in response],
    )
