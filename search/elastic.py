"""The Elasticsearch backend, used when ``ELASTICSEARCH_URL`` is set (elasticsearch-dsl).

The same index as the embedded backend's, with the same answers to the same calls
(:func:`put`, :func:`remove`, :func:`find`): one document per public page, its words cut by
:mod:`search.segment` before the cluster sees them and analysed there by whitespace only, so
that a query word finds exactly the indexed word on both backends; every word required; the
title weighted above document numbers, numbers above the body; best first, then newest.

**Why the segmenter's words stay the primary fields.** Query understanding (synonym groups,
every spelling of a document number, fillers dropped) works on rjieba's words, and the
embedded backend indexes the same words: searching them keeps both backends' answers the same,
and a change of dictionary a deploy of the platform rather than of every node's plugins.
``SEARCH_ELASTIC_ANALYZER`` may add the cluster's own Chinese analysis (``ik``: ik_max_word at
index time, ik_smart at search time; ``smartcn``; ``cjk`` bigrams, built in) as a ``.cn``
subfield of the title and body words: it finds a word the two segmenters cut differently, and
weighs less than the words, so it reorders nothing the words already decide. Its query asks
for every token of the word (``operator: and``), so a word is still required whole.

**Zero-downtime rebuilds.** Every read and write uses the alias ``{prefix}-pages``, which points
at one versioned index, ``{prefix}-pages-<UTC timestamp>``. :func:`rebuild` fills a new
versioned index while the alias still serves the old one, then moves the alias in one atomic
``_aliases`` call and only then deletes the old index; readers never see an empty or partial
index. While it runs, the new index is also reachable as ``{prefix}-pages-next``, and every
write (:func:`put`, :func:`remove`, :func:`mark_archived`) goes to both aliases, so a page
published during the rebuild is in the new index whether its batch was already copied or not
(the rebuild *creates* documents and never overwrites one a concurrent write put there first).
What remains: a page unpublished or filed between the moment the rebuild read its batch and
the moment it wrote it keeps, in the new index, the state the rebuild read, until the page
changes again or the next rebuild. Writes carry ``require_alias`` so that none ever makes an
index of its own with a guessed mapping; before the first :func:`ensure_index` or rebuild,
they fail (logged) and ``search_rebuild`` fills the index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch
from elasticsearch_dsl import (
    Boolean,
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
)

from .models import IndexedPage
from .query import NOTHING, RELEVANCE, Filters, Hits, Query, Terms

logger = logging.getLogger(__name__)

# Words arrive cut and normalised (search.segment): split on spaces, nothing else.
WORDS = analyzer("words", tokenizer="whitespace")
# Title, document numbers, body, as the embedded backend weighs them.
FIELDS = ["title_words^10", "number_words^4", "body_words"]
# The cluster's own analysis of the title and the body, each below its words.
CN_FIELDS = ["title_words.cn^5", "body_words.cn^0.5"]
# SEARCH_ELASTIC_ANALYZER -> the ``.cn`` subfield's mapping (None: no subfield).
ANALYZERS: dict[str, dict | None] = {
    "words": None,
    "ik": {"analyzer": "ik_max_word", "search_analyzer": "ik_smart"},
    "smartcn": {"analyzer": "smartcn"},
    "cjk": {"analyzer": "cjk"},
}
# Bulk refusals that are no fault: a rebuild meeting a newer document a write put there first,
# a page filed while a rebuild has not copied it yet.
CONFLICT = frozenset({"version_conflict_engine_exception"})
MISSING = frozenset({"document_missing_exception"})
UNKNOWN_ANALYZER = "SEARCH_ELASTIC_ANALYZER must be one of {choices}, not {value!r}."


def analysis() -> dict | None:
    """The ``.cn`` subfield's analysers as the setting chooses, None for words alone."""
    value = settings.SEARCH_ELASTIC_ANALYZER
    if value not in ANALYZERS:
        raise ImproperlyConfigured(UNKNOWN_ANALYZER.format(choices=list(ANALYZERS), value=value))
    return ANALYZERS[value]


def _words(*, with_cn: bool) -> Text:
    """A field of the segmenter's words, with the cluster's analysis beside them if chosen."""
    cn = analysis() if with_cn else None
    if cn is None:
        return Text(analyzer=WORDS)
    return Text(analyzer=WORDS, fields={"cn": Text(**cn)})


def mapping() -> Mapping:
    found = Mapping()
    for name, field in (
        ("site", Integer()),
        ("column_path", Keyword()),
        ("kind", Keyword()),
        ("title", Keyword(index=False)),
        ("published_at", Date()),
        ("archived", Boolean()),
        ("validity", Keyword()),
        ("title_words", _words(with_cn=True)),
        # Document numbers are tokens made for every spelling: no other analysis suits them.
        ("number_words", _words(with_cn=False)),
        ("body_words", _words(with_cn=True)),
    ):
        found.field(name, field)
    return found


def index_name() -> str:
    """The alias every read and write uses."""
    return f"{settings.SEARCH_INDEX_PREFIX}-pages"


def next_alias() -> str:
    """The alias of the index a rebuild is filling, while it fills it."""
    return f"{index_name()}-next"


def versioned_name() -> str:
    return f"{index_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def index_body() -> dict:
    """What creating an index sends: its analysis settings and its mapping."""
    index = Index("pages")
    index.mapping(mapping())
    body = index.to_dict()
    return {"settings": body.get("settings", {}), "mappings": body["mappings"]}


@cache
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(url)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL)


def _create(name: str, alias: str) -> None:
    client().indices.create(index=name, aliases={alias: {}}, **index_body())


def ensure_index() -> None:
    """Create the first versioned index behind the alias if the cluster has neither."""
    if not client().indices.exists(index=index_name()):
        _create(versioned_name(), index_name())


def _behind(alias: str) -> list[str]:
    """The indexes ``alias`` points at (none when there is no such alias)."""
    es = client()
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias))


def begin_rebuild() -> str:
    """A new, empty versioned index under the ``-next`` alias (writes reach it from now on);
    what a rebuild that never finished left there is deleted first."""
    es = client()
    for unfinished in _behind(next_alias()):
        es.indices.delete(index=unfinished, ignore_unavailable=True)
    name = versioned_name()
    _create(name, next_alias())
    return name


def fill(name: str, rows: Iterable[IndexedPage]) -> None:
    """Add ``rows`` to the index a rebuild is filling. ``create``: a document a concurrent
    write put there first is newer than what the rebuild read, and stays."""
    operations = []
    for row in rows:
        operations += [{"create": {"_index": name, "_id": str(row.page_id)}}, _source(row)]
    if operations:
        _report(client().bulk(operations=operations), expected=CONFLICT)


def finish_rebuild(name: str) -> None:
    """Point the alias at ``name`` in one atomic call, then delete what it pointed at.

    An index (not an alias) by the alias's name, from before versioned indexes, is removed in
    the same call."""
    es = client()
    es.indices.refresh(index=name)
    alias = index_name()
    old = [index for index in _behind(alias) if index != name]
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    if not old and es.indices.exists(index=alias):
        actions.append({"remove_index": {"index": alias}})
    actions += [
        {"add": {"index": name, "alias": alias}},
        {"remove": {"index": name, "alias": next_alias()}},
    ]
    es.indices.update_aliases(actions=actions)
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)


def rebuild(batches: Iterable[Iterable[IndexedPage]]) -> None:
    """Index every batch into a new index and swap it in; the live index serves until then.
    A failure while filling deletes the new index and leaves the live one as it was; one
    rebuild at a time (a second one starting deletes the first one's unfinished index)."""
    name = begin_rebuild()
    try:
        for rows in batches:
            fill(name, rows)
    except BaseException:
        client().indices.delete(index=name, ignore_unavailable=True)
        raise
    finish_rebuild(name)


def clear() -> None:
    """Empty the index: an empty versioned index swapped in with today's mapping."""
    finish_rebuild(begin_rebuild())


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


def _report(answer, expected: frozenset[str] = frozenset()) -> None:
    """Log the operations of a bulk answer the cluster refused (bulk raises for none)."""
    if not answer or "errors" not in answer or not answer["errors"]:
        return
    for item in answer["items"]:
        for operation, result in item.items():
            error = result.get("error")
            if error and error.get("type") not in expected:
                logger.error(
                    "search index: %s of %s in %s refused: %s",
                    operation,
                    result.get("_id"),
                    result.get("_index"),
                    error,
                )


def _targets() -> list[str]:
    """The live alias, and the index being rebuilt while a rebuild runs."""
    if client().indices.exists_alias(name=next_alias()):
        return [index_name(), next_alias()]
    return [index_name()]


def _write(operations: list[dict]) -> None:
    answer = client().bulk(operations=operations, refresh="wait_for", require_alias=True)
    _report(answer, expected=MISSING)


def put(rows: Iterable[IndexedPage]) -> None:
    """Index ``rows``, replacing what was indexed of their pages."""
    rows = list(rows)
    if not rows:
        return
    operations = []
    targets = _targets()
    for row in rows:
        for target in targets:
            operations += [{"index": {"_index": target, "_id": str(row.page_id)}}, _source(row)]
    _write(operations)


def remove(page_ids: Iterable[int]) -> None:
    page_ids = list(page_ids)
    if not page_ids:
        return
    targets = _targets()
    _write([{"delete": {"_index": t, "_id": str(pk)}} for pk in page_ids for t in targets])


def mark_archived(page_ids: Iterable[int], archived: bool) -> None:
    page_ids = list(page_ids)
    if not page_ids:
        return
    operations = []
    targets = _targets()
    for pk in page_ids:
        for target in targets:
            operations += [
                {"update": {"_index": target, "_id": str(pk)}},
                {"doc": {"archived": archived}},
            ]
    _write(operations)


def _word(word: str) -> Q:
    if analysis() is None:
        return Q("multi_match", query=word, fields=FIELDS, type="most_fields")
    return Q(
        "multi_match", query=word, fields=FIELDS + CN_FIELDS, type="most_fields", operator="and"
    )


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
