"""The Elasticsearch backend, used when ``ELASTICSEARCH_URL`` is set (elasticsearch-dsl).

The same index as the embedded backend's, with the same answers to the same calls
(:func:`put`, :func:`remove`, :func:`find`): one document per public page, its words cut by
:mod:`search.segment` before the cluster sees them and analysed there by whitespace only, so
that a query word finds exactly the indexed word on both backends; every word required; the
title weighted above document numbers, numbers above the body; best first, then newest.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Q, Search, Text, analyzer

from .models import IndexedPage
from .query import NOTHING, RELEVANCE, Filters, Hits, Query, Terms

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
    validity = Keyword()
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
        "validity": row.validity,
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


def clear() -> None:
    """Empty the index (before a rebuild): dropped and made again with today's mapping."""
    client().indices.delete(index=index_name(), ignore_unavailable=True)
    ensure_index()


def mark_archived(page_ids: Iterable[int], archived: bool) -> None:
    operations = []
    for pk in page_ids:
        operations += [
            {"update": {"_index": index_name(), "_id": str(pk)}},
            {"doc": {"archived": archived}},
        ]
    if operations:
        client().bulk(operations=operations, refresh="wait_for")


def _word(word: str) -> Q:
    return Q("multi_match", query=word, fields=FIELDS, type="most_fields")


def _all(clauses: list[Q]) -> Q:
    return clauses[0] if len(clauses) == 1 else Q("bool", must=clauses)


def _any(clauses: list[Q]) -> Q:
    return clauses[0] if len(clauses) == 1 else Q("bool", should=clauses, minimum_should_match=1)


def _groups(terms: Terms) -> list[Q]:
    """A clause per group: any of its alternatives, each with all of its words."""
    return [_any([_all([_word(word) for word in alt]) for alt in group]) for group in terms.groups]


def _filters(filters: Filters) -> list[Q]:
    found = []
    if filters.site_ids is not None:
        found.append(Q("terms", site=list(filters.site_ids)))
    if filters.kinds is not None:
        found.append(Q("terms", kind=list(filters.kinds)))
    if filters.column_path:
        found.append(Q("prefix", column_path=filters.column_path))
    if filters.archived is not None:
        found.append(Q("term", archived=filters.archived))
    if filters.validity:
        found.append(Q("term", validity=filters.validity))
    published = {}
    if filters.published_from is not None:
        published["gte"] = filters.published_from.isoformat()
    if filters.published_before is not None:
        published["lt"] = filters.published_before.isoformat()
    if published:
        found.append(Q("range", published_at=published))
    return found


# Facet name -> document field.
_FACET_FIELDS = {"type": "kind", "site": "site", "archived": "archived", "validity": "validity"}


def query(query: Query) -> Search | None:
    """The search :func:`find` sends, or None when the query has no terms."""
    if not query.terms:
        return None
    groups = _groups(query.terms)
    if query.terms.relaxed:
        matching = {"should": groups, "minimum_should_match": query.terms.required}
    else:
        matching = {"must": groups}
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    order = ["_score", newest] if query.sort == RELEVANCE else [newest]
    search = (
        Search(index=index_name())
        .query(Q("bool", filter=_filters(query.filters), **matching))
        .sort(*order)
        .extra(track_total_hits=True)
        .source(False)
    )
    for name, field in _FACET_FIELDS.items():
        search.aggs.bucket(name, "terms", field=field, size=1000)
    return search[query.offset : query.offset + query.limit]


def find(query_: Query) -> Hits:
    """:func:`search.embedded.find`, answered by the cluster."""
    search = query(query_)
    if search is None:
        return NOTHING
    response = search.using(client()).execute()
    facets = {}
    for name in _FACET_FIELDS:
        buckets = getattr(response.aggregations, name).buckets if "aggregations" in response else []
        counts = {}
        for bucket in buckets:
            key = bool(bucket.key) if name == "archived" else bucket.key
            if name == "validity" and not key:
                continue
            counts[key] = bucket.doc_count
        facets[name] = counts
    return Hits(
        response.hits.total.value,
        [int(hit.meta.id) for hit in response],
        [float(hit.meta.score or 0) for hit in response],
        facets,
    )
