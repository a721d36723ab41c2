"""A citizen's search, from the text typed to the page of hits: understood with the synonyms
kept in the admin, relaxed when asking for every word finds nothing, and remembered when even
that finds nothing (what citizens could not find is a monitoring figure)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from . import index
from .models import MissedQuery, Synonym, entry_terms
from .query import RELEVANCE, Filters, Hits, Query, Terms
from .understanding import fold, understand

_synonyms: tuple[tuple, dict[str, tuple[str, ...]]] = ((), {})


def synonym_map() -> dict[str, tuple[str, ...]]:
    """Each folded term of the dictionary -> every term of its entry. Read again only when the
    dictionary changed (one small aggregate per search tells)."""
    global _synonyms
    stamp = tuple(Synonym.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())
    if stamp != _synonyms[0]:
        mapping: dict[str, tuple[str, ...]] = {}
        for (terms,) in Synonym.objects.values_list("terms"):
            entry = tuple(dict.fromkeys(t for t in map(fold, entry_terms(terms)) if t))
            for term in entry:
                mapping[term] = tuple(dict.fromkeys(mapping.get(term, ()) + entry))
        _synonyms = (stamp, mapping)
    return _synonyms[1]


@dataclass(frozen=True)
class Found:
    terms: Terms
    hits: Hits


def search(
    text: str,
    filters: Filters,
    *,
    sort: str = RELEVANCE,
    limit: int = 20,
    offset: int = 0,
    site_id: int | None = None,
    relax: bool = True,
    count_miss: Callable[[], bool] | None = None,
) -> Found:
    """The hits for ``text``; ``site_id`` is the site the query was asked on (None: the whole
    platform). When nothing holds every word, what holds some is found instead, unless
    ``relax`` is false. A query that finds nothing is counted (what citizens could not find)
    when the caller passes ``count_miss`` and it answers true: the public search asks its
    per-address limit there, so a flood of made-up queries cannot fill the table."""
    terms = understand(text, synonym_map())
    hits = index.find(Query(terms, filters, sort, limit, offset))
    # Relaxed a group at a time (医保 异地 报销 when no item holds all three: two of them).
    asked, unrelaxed = terms, hits
    for required in _relaxations(len(terms.groups)) if relax else ():
        if hits.total:
            break
        relaxed = terms.relaxed_to(required)
        hits = index.find(Query(relaxed, filters, sort, limit, offset, RELAXED_AT_MOST))
        if hits.too_broad:  # requiring fewer groups only finds more
            terms, hits = asked, unrelaxed
            break
        terms = relaxed
    if not hits.total and offset == 0 and count_miss is not None and count_miss():
        record_miss(fold(text), site_id)
    return Found(terms, hits)


# A relaxed answer matching more items than this is no answer (one common word of the question
# across a million pages): nothing is shown, and the question is counted as unanswered.
RELAXED_AT_MOST = 5000


def _relaxations(groups: int) -> list[int]:
    """How many groups to require when not all are held: one fewer at a time, down to half of
    them (never fewer than two) — of two, either. Requiring any one of many words found half
    the platform for a long question, and little of it near the question."""
    if groups == 2:
        return [1]
    return list(range(groups - 1, max(2, math.ceil(groups / 2)) - 1, -1))


def record_miss(query: str, site_id: int | None) -> None:
    query = query.strip()[: MissedQuery._meta.get_field("query").max_length]
    if not query:
        return
    asked = MissedQuery.objects.filter(query=query, site_id=site_id)
    if asked.update(count=F("count") + 1, last_asked_at=timezone.now()):
        return
    try:
        with transaction.atomic():
            MissedQuery.objects.create(query=query, site_id=site_id)
    except IntegrityError:  # asked at the same moment elsewhere
        asked.update(count=F("count") + 1, last_asked_at=timezone.now())
