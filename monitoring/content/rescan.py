"""The rescan of live content with the 错敏词 dictionary: what it scans, and when a hit goes.

What is scanned is what the public sees: each row of the public read model
(``publicapi.models.PublicPage``, filed pages included, drafts never), its ``search_text``
(title, summary and text without markup), with the pre-publication matcher
(:class:`editorial.prechecks.matcher.TermMatcher`). A page's hits are stored with its site and
the unit responsible for it: its column's responsible unit (a column's own for a column), or
the site's operating unit for a page outside every column (a site's home).

A pass is incremental by construction. It compares the read model with what was last scanned
(``ScannedPage``: each page's ETag then) and the active dictionary with the one last scanned
with (``ScannedTerm``), and scans again, with the whole dictionary, exactly the pages whose hits
could differ:

1. pages new or changed since they were scanned (their ETag differs); pages gone from the read
   model lose their hits;
2. for terms added (or activated again) since the last pass, every live page is read and
   matched against an automaton of the new terms only (small, fast); the pages where one is
   found are scanned again whole, since a new longer term can hide a shorter one found before;
3. for terms removed, deactivated or changed, the pages that had hits of them are scanned
   again (the term may have hidden a shorter one, or its severity decided between two).

A hit fixed through review goes with the page's next version: republished, the page has a new
ETag and is scanned again. A full pass (``full=True``, or when none has run yet) scans every
page in page id order, in batches, each committed with its place; a run killed in the middle
is resumed from there by the next one, with the dictionary it started with, and the
incremental pass that follows brings it up to date. Each batch writes with ``bulk_create``;
pages are read as ``values_list`` rows, never as model instances.

The hits' units are brought up to date at the end of each pass, so a column given to another
unit moves its pages' hits with it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from cms.content.models import ColumnPage
from cms.jobs.runs import one_run_at_a_time
from cms.sites.models import SiteIdentity
from editorial.prechecks.choices import Severity
from editorial.prechecks.dictionary import active_entries
from editorial.prechecks.matcher import TermEntry, TermMatcher
from editorial.prechecks.text import excerpt, fold
from publicapi.models import PublicPage

from .models import ContentHit, ScannedPage, ScannedTerm, ScanState

# Pages read and written per batch (a transaction each), and ids per ``IN`` list.
BATCH = 2000
IDS_PER_QUERY = 500
PROGRESS_FULL_PASS = _("Full pass: %(pages)s pages, up to page id %(last)s.")
PROGRESS_NEW_TERMS = _("%(pages)s pages read for the new terms.")
_PAGE_COLUMNS = ("page_id", "site_id", "column_id", "etag", "updated_at", "search_text")


@dataclass
class RescanReport:
    """What one run did, in figures."""

    full_pass: bool = False
    resumed: bool = False
    pages_in_full_pass: int = 0
    pages_changed: int = 0
    pages_gone: int = 0
    terms_added: int = 0
    terms_removed: int = 0
    terms_changed: int = 0
    pages_read_for_new_terms: int = 0
    pages_rescanned: int = 0
    hits_before: int = 0
    hits_after: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)


class _Places:
    """The unit responsible for a page: its column's, a column's own, else the site's operator."""

    def __init__(self):
        self.column_units = dict(ColumnPage.objects.values_list("pk", "responsible_unit_id"))
        self.site_units = dict(SiteIdentity.objects.values_list("site_id", "operator_unit_id"))

    def unit(self, page_id: int, site_id: int, column_id: int | None) -> int | None:
        if page_id in self.column_units:
            return self.column_units[page_id]
        if column_id is not None and column_id in self.column_units:
            return self.column_units[column_id]
        return self.site_units.get(site_id)


def _scanned_entries() -> list[TermEntry]:
    rows = ScannedTerm.objects.values_list("term", "correction", "category", "severity", "note")
    return [TermEntry(*row) for row in rows.iterator(chunk_size=5000)]


def _scanned_term(entry: TermEntry) -> ScannedTerm:
    return ScannedTerm(
        term=entry.term,
        correction=entry.correction,
        category=entry.category,
        severity=entry.severity,
        note=entry.note,
    )


def dictionary_digest(entries: Iterable[TermEntry]) -> str:
    """A digest of a dictionary's terms with what a hit takes of them, in any order."""
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda entry: entry.term):
        for part in (entry.term, entry.correction, entry.category, entry.severity, entry.note):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def _chunks(items: list, size: int) -> Iterator[list]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def page_hits(
    matcher: TermMatcher, row: tuple, places: _Places, now, first_found: dict | None = None
) -> list[ContentHit]:
    """The hits of one read-model row ``(page_id, site_id, column_id, etag, updated_at, text)``:
    one per term found, with its first occurrence and how often it occurs. ``first_found`` maps
    ``(page_id, term)`` to when an earlier pass first found it."""
    page_id, site_id, column_id, _etag, _updated_at, text = row
    if not text:
        return []
    matches = matcher.find(fold(text), folded=True)
    if not matches:
        return []
    unit_id = places.unit(page_id, site_id, column_id)
    hits: dict[str, ContentHit] = {}
    for match in matches:
        entry = match.entry
        hit = hits.get(entry.term)
        if hit is not None:
            hit.occurrences += 1
            continue
        found_at = (first_found or {}).get((page_id, entry.term), now)
        hits[entry.term] = ContentHit(
            page_id=page_id,
            site_id=site_id,
            column_id=column_id,
            unit_id=unit_id,
            term=entry.term,
            category=entry.category,
            severity=entry.severity,
            blocking=entry.severity == Severity.BLOCKING,
            correction=entry.correction,
            start=match.start,
            excerpt=excerpt(text, match.start, match.end)[:200],
            first_found_at=found_at,
            last_seen_at=now,
        )
    return list(hits.values())


class _Run:
    def __init__(self, progress: Callable[[str], None] | None):
        self.progress = progress or (lambda message: None)
        self.places = _Places()
        self.report = RescanReport()
        self.updated_through = None
        self.dictionary_digest = ""

    def _seen(self, rows: Iterable[tuple]) -> None:
        latest = max((row[4] for row in rows), default=None)
        if latest is not None and (self.updated_through is None or latest > self.updated_through):
            self.updated_through = latest

    # --- Full pass -------------------------------------------------------------------------

    def full_pass(self, state: ScanState) -> None:
        """Every page in id order, from where an interrupted full pass stopped."""
        report = self.report
        report.full_pass = True
        if state.full_pass_position is None:
            entries = active_entries()
            with transaction.atomic():
                ScannedTerm.objects.all().delete()
                ScannedTerm.objects.bulk_create(_scanned_term(entry) for entry in entries)
                ScanState.objects.filter(pk=1).update(
                    full_pass_position=0, full_pass_started_at=timezone.now()
                )
            position = 0
        else:
            report.resumed = True
            position = state.full_pass_position
            entries = _scanned_entries()
        matcher = TermMatcher(entries)
        while True:
            rows = list(
                PublicPage.objects.filter(page_id__gt=position)
                .order_by("page_id")
                .values_list(*_PAGE_COLUMNS)[:BATCH]
            )
            if not rows:
                break
            last = rows[-1][0]
            now = timezone.now()
            with transaction.atomic():
                old = ContentHit.objects.filter(page_id__gt=position, page_id__lte=last)
                first_found = {
                    (page_id, term): found
                    for page_id, term, found in old.values_list("page_id", "term", "first_found_at")
                }
                old.delete()
                hits = []
                for row in rows:
                    hits.extend(page_hits(matcher, row, self.places, now, first_found))
                ContentHit.objects.bulk_create(hits, batch_size=1000)
                ScannedPage.objects.filter(page_id__gt=position, page_id__lte=last).delete()
                ScannedPage.objects.bulk_create(
                    (ScannedPage(page_id=row[0], etag=row[3]) for row in rows), batch_size=1000
                )
                ScanState.objects.filter(pk=1).update(full_pass_position=last)
            self._seen(rows)
            report.pages_in_full_pass += len(rows)
            position = last
            self.progress(
                str(PROGRESS_FULL_PASS % {"pages": f"{report.pages_in_full_pass:,}", "last": last})
            )
        with transaction.atomic():
            ContentHit.objects.filter(page_id__gt=position).delete()
            ScannedPage.objects.filter(page_id__gt=position).delete()
            ScanState.objects.filter(pk=1).update(
                full_pass_position=None, last_full_pass_at=timezone.now()
            )

    # --- Incremental pass ------------------------------------------------------------------

    def incremental_pass(self) -> None:
        report = self.report
        mark = time.perf_counter()
        entries = active_entries()
        current = {entry.term: entry for entry in entries}
        scanned = {entry.term: entry for entry in _scanned_entries()}
        added = [entry for term, entry in current.items() if term not in scanned]
        removed = [term for term in scanned if term not in current]
        changed = [
            term for term, entry in current.items() if term in scanned and scanned[term] != entry
        ]
        report.terms_added, report.terms_removed = len(added), len(removed)
        report.terms_changed = len(changed)
        mark = self._lap("dictionary", mark)

        changed_pages = set(
            PublicPage.objects.exclude(
                Exists(
                    ScannedPage.objects.filter(page_id=OuterRef("page_id"), etag=OuterRef("etag"))
                )
            ).values_list("page_id", flat=True)
        )
        gone = list(
            ScannedPage.objects.exclude(
                Exists(PublicPage.objects.filter(page_id=OuterRef("page_id")))
            ).values_list("page_id", flat=True)
        )
        report.pages_changed, report.pages_gone = len(changed_pages), len(gone)
        mark = self._lap("pages compared", mark)

        to_scan = set(changed_pages)
        for terms in _chunks(removed + changed, IDS_PER_QUERY):
            to_scan.update(
                ContentHit.objects.filter(term__in=terms)
                .values_list("page_id", flat=True)
                .distinct()
            )
        if added:
            to_scan.update(self._pages_with(TermMatcher(added), skip=to_scan))
            mark = self._lap("new terms", mark)
        if to_scan:
            self._rescan_pages(sorted(to_scan), TermMatcher(entries))
        for ids in _chunks(gone, IDS_PER_QUERY):
            with transaction.atomic():
                ContentHit.objects.filter(page_id__in=ids).delete()
                ScannedPage.objects.filter(page_id__in=ids).delete()
        if added or removed or changed:
            with transaction.atomic():
                for terms in _chunks([*removed, *changed], IDS_PER_QUERY):
                    ScannedTerm.objects.filter(term__in=terms).delete()
                ScannedTerm.objects.bulk_create(
                    _scanned_term(entry) for entry in [*added, *(current[t] for t in changed)]
                )
        self.dictionary_digest = dictionary_digest(entries)
        self._lap("pages rescanned", mark)

    def _pages_with(self, matcher: TermMatcher, *, skip: set[int]) -> set[int]:
        """The live pages where ``matcher`` (the new terms) finds something."""
        found = set()
        position = 0
        while True:
            rows = list(
                PublicPage.objects.filter(page_id__gt=position)
                .order_by("page_id")
                .values_list("page_id", "search_text")[: BATCH * 5]
            )
            if not rows:
                break
            for page_id, text in rows:
                if text and page_id not in skip and matcher.find(text):
                    found.add(page_id)
            position = rows[-1][0]
            self.report.pages_read_for_new_terms += len(rows)
            read = f"{self.report.pages_read_for_new_terms:,}"
            self.progress(str(PROGRESS_NEW_TERMS % {"pages": read}))
        return found

    def _rescan_pages(self, page_ids: list[int], matcher: TermMatcher) -> None:
        """Scan ``page_ids`` again with the whole dictionary and replace their hits."""
        for ids in _chunks(page_ids, IDS_PER_QUERY):
            rows = list(PublicPage.objects.filter(page_id__in=ids).values_list(*_PAGE_COLUMNS))
            now = timezone.now()
            with transaction.atomic():
                old = ContentHit.objects.filter(page_id__in=ids)
                first_found = {
                    (page_id, term): found
                    for page_id, term, found in old.values_list("page_id", "term", "first_found_at")
                }
                old.delete()
                hits = []
                for row in rows:
                    hits.extend(page_hits(matcher, row, self.places, now, first_found))
                ContentHit.objects.bulk_create(hits, batch_size=1000)
                ScannedPage.objects.filter(page_id__in=ids).delete()
                ScannedPage.objects.bulk_create(
                    (ScannedPage(page_id=row[0], etag=row[3]) for row in rows), batch_size=1000
                )
            self._seen(rows)
            self.report.pages_rescanned += len(rows)

    # --- Units -----------------------------------------------------------------------------

    def refresh_units(self) -> None:
        """Hits follow their page's unit when a column changes hands."""
        moves: dict[int | None, list[int]] = {}
        rows = ContentHit.objects.values_list("pk", "page_id", "site_id", "column_id", "unit_id")
        for pk, page_id, site_id, column_id, unit_id in rows.iterator(chunk_size=5000):
            expected = self.places.unit(page_id, site_id, column_id)
            if expected != unit_id:
                moves.setdefault(expected, []).append(pk)
        for unit_id, pks in moves.items():
            for chunk in _chunks(pks, IDS_PER_QUERY):
                ContentHit.objects.filter(pk__in=chunk).update(unit_id=unit_id)

    def _lap(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.report.phases[name] = self.report.phases.get(name, 0.0) + now - since
        return now


JOB = "monitoring_rescan"
JOB_LABEL = gettext_lazy("content rescan")
LEASE = timedelta(hours=2)


def rescan(*, full: bool = False, progress: Callable[[str], None] | None = None) -> RescanReport:
    """Bring the hits up to date with the read model and the active dictionary.

    ``full`` scans every page with the whole dictionary first (a full pass that was
    interrupted is resumed, not started again). One run at a time (:mod:`cms.jobs.runs`):
    raises :class:`~cms.jobs.runs.RunInProgress` (nothing done) while another run goes on.
    """
    started = time.perf_counter()
    with one_run_at_a_time(JOB, label=JOB_LABEL, lease=LEASE):
        run = _Run(progress)
        run.report.hits_before = ContentHit.objects.count()
        state = ScanState.objects.get_or_create(pk=1)[0]
        mark = time.perf_counter()
        if full or state.full_pass_position is not None or state.last_full_pass_at is None:
            run.full_pass(state)
            mark = run._lap("full pass", mark)
        run.incremental_pass()
        mark = time.perf_counter()
        run.refresh_units()
        run._lap("units", mark)
        latest = run.updated_through
        state = ScanState.objects.get(pk=1)
        if latest is not None and (state.updated_through is None or latest > state.updated_through):
            state.updated_through = latest
        state.last_pass_at = timezone.now()
        state.dictionary_digest = run.dictionary_digest
        state.save(update_fields=["updated_through", "last_pass_at", "dictionary_digest"])
        run.report.hits_after = ContentHit.objects.count()
    run.report.seconds = time.perf_counter() - started
    return run.report
