"""The query model both backends answer: what is asked (:class:`Terms`), where (:class:`Filters`),
in which order and which page (:class:`Query`), and what comes back (:class:`Hits`).

A query is a list of term groups, each required (or, relaxed, all but some of them); a group is a
list of alternatives, any one of which satisfies it (a word and its synonyms, a document number
and its other spellings); an alternative is a list of words, all required. So 医保怎么报销 is
``[[["医保"], ["医疗", "保障"]], [["报销"]]]``: (医保 or 医疗 保障) and 报销.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

Alternative = tuple[str, ...]
Group = tuple[Alternative, ...]

RELEVANCE = "relevance"
NEWEST = "date"
FACETS = ("type", "site", "archived", "validity")


@dataclass(frozen=True)
class Filters:
    """Where to look; None means anywhere."""

    site_ids: tuple[int, ...] | None = None
    kinds: tuple[str, ...] | None = None
    column_path: str | None = None
    archived: bool | None = None
    validity: str | None = None
    published_from: datetime | None = None
    published_before: datetime | None = None


@dataclass(frozen=True)
class Terms:
    groups: tuple[Group, ...] = ()
    # How many groups an item must hold: None, every one; fewer when relaxed.
    required: int | None = None

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def relaxed(self) -> bool:
        return self.required is not None and self.required < len(self.groups)

    def relaxed_to(self, required: int) -> Terms:
        return Terms(self.groups, required)

    def conjunctions(self) -> list[tuple[Group, ...]]:
        """The sets of groups any one of which an item must hold all of: one set (every group),
        or, relaxed, each choice of ``required`` groups."""
        if not self.relaxed:
            return [self.groups]
        return list(combinations(self.groups, self.required))

    def words(self) -> list[str]:
        """Every word of every alternative, each once: what a snippet highlights."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for alternative in group:
                seen.update(dict.fromkeys(alternative))
        return list(seen)


@dataclass(frozen=True)
class Query:
    terms: Terms
    filters: Filters = field(default_factory=Filters)
    sort: str = RELEVANCE
    limit: int = 20
    offset: int = 0
    # Answer only if at most this many match (None: however many): a relaxed question that
    # matches a large share of the platform is no answer, and costs what ranking it all does.
    at_most: int | None = None


@dataclass(frozen=True)
class Hits:
    """One page of results, best first (or newest first), with the count of all of them and
    how they fall into each facet (``{"type": {"news": 12, …}, "site": {3: 40, …}, …}``)."""

    total: int
    page_ids: list[int]
    scores: list[float]
    facets: dict[str, dict] = field(default_factory=dict)
    # More than the query's ``at_most`` matched: nothing was counted or ranked.
    too_broad: bool = False


NOTHING = Hits(0, [], [], {})


def facet_counts(rows) -> tuple[int, dict[str, dict]]:
    """The total and the facets from ``(type, site, archived, validity, count)`` rows."""
    facets: dict[str, dict] = {name: {} for name in FACETS}
    total = 0
    for kind, site_id, archived, validity, count in rows:
        total += count
        for name, value in zip(FACETS, (kind, site_id, bool(archived), validity), strict=True):
            if name == "validity" and not value:
                continue
            facets[name][value] = facets[name].get(value, 0) + count
    return total, facets
