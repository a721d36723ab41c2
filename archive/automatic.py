"""Automatic filing (R22): what each rule selects. A rule only selects; :mod:`archive.filing`
files.

- News age: items directly in news-type columns (update category 动态要闻) first published
  longer ago than the rule's age. A rule on a column governs it and the columns below it, and
  wins over a rule on the whole site (the nearest rule decides).
- Expired or repealed policy documents: live documents whose live validity is 失效 or 废止.
- Retiring a column: the column and everything under it.

Each selection leaves out what is filed already, so every rule is idempotent.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, Site

from cms.content.models import ColumnPage
from cms.content.update_rules import UpdateCategory
from interpretation.models import NO_LONGER_VALID, PolicyDocumentPage

from .filing import FilingReport, file_pages
from .models import ArchiveRule, PageArchive, RuleKind


def _not_filed(pages: QuerySet) -> QuerySet:
    return pages.exclude(pk__in=PageArchive.objects.values("page_id"))


def _scope(rule: ArchiveRule) -> Page:
    return rule.column if rule.column_id else rule.site.root_page


def news_age_selection(rules: list[ArchiveRule], now: datetime) -> dict[int, QuerySet]:
    """For each enabled news-age rule of one site, the items it files (nearest rule wins)."""
    if not rules:
        return {}
    site = rules[0].site
    scopes = sorted(((_scope(rule).path, rule) for rule in rules), key=lambda pair: pair[0])
    columns = ColumnPage.objects.filter(
        path__startswith=site.root_page.path, update_category=UpdateCategory.NEWS
    ).values_list("path", "depth")
    chosen: dict[int, list[tuple[str, int]]] = {rule.pk: [] for rule in rules}
    for path, depth in columns:
        governing = [rule for scope, rule in scopes if path.startswith(scope)]
        if governing:
            # Sorted by path: the last governing rule is the nearest to the column.
            chosen[governing[-1].pk].append((path, depth))
    selections = {}
    for rule in rules:
        where = Q(pk__in=[])
        for path, depth in chosen[rule.pk]:
            where |= Q(path__startswith=path, depth=depth + 1)
        cutoff = now - timedelta(days=rule.max_age_days)
        items = Page.objects.filter(where, live=True, first_published_at__lt=cutoff).exclude(
            pk__in=ColumnPage.objects.values("pk")
        )
        selections[rule.pk] = _not_filed(items)
    return selections


def no_longer_valid_selection(rule: ArchiveRule) -> QuerySet:
    documents = PolicyDocumentPage.objects.live().filter(
        path__startswith=_scope(rule).path, validity__in=NO_LONGER_VALID
    )
    return _not_filed(Page.objects.filter(pk__in=documents.values("pk")))


def retired_column_selection(rule: ArchiveRule) -> QuerySet:
    return _not_filed(Page.objects.filter(path__startswith=rule.column.path))


@dataclass
class RuleOutcome:
    rule: ArchiveRule
    report: FilingReport


def selections(rules: list[ArchiveRule], now: datetime) -> list[tuple[ArchiveRule, QuerySet]]:
    """Each rule with what it selects now."""
    chosen = []
    by_site: dict[int, list[ArchiveRule]] = {}
    for rule in rules:
        if rule.kind == RuleKind.NEWS_AGE:
            by_site.setdefault(rule.site_id, []).append(rule)
    age_selections: dict[int, QuerySet] = {}
    for site_rules in by_site.values():
        age_selections.update(news_age_selection(site_rules, now))
    for rule in rules:
        if rule.kind == RuleKind.NEWS_AGE:
            chosen.append((rule, age_selections[rule.pk]))
        elif rule.kind == RuleKind.NO_LONGER_VALID:
            chosen.append((rule, no_longer_valid_selection(rule)))
        else:
            chosen.append((rule, retired_column_selection(rule)))
    return chosen


def run_rules(
    *, site: Site | None = None, dry_run: bool = False, now: datetime | None = None
) -> list[RuleOutcome]:
    """Apply every enabled rule (of ``site``, or of all sites) once."""
    now = now or timezone.now()
    rules = ArchiveRule.objects.filter(enabled=True).select_related("site__root_page", "column")
    if site is not None:
        rules = rules.filter(site=site)
    outcomes = []
    for rule, pages in selections(list(rules), now):
        ids = list(pages.values_list("pk", flat=True))
        report = file_pages(ids, reason=rule.reason, rule=rule, dry_run=dry_run)
        outcomes.append(RuleOutcome(rule, report))
    return outcomes
