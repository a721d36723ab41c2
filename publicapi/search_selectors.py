"""Reads behind the public search: the index's hits joined to the read model, in the index's
order, with highlighted snippets; the column filter as the index knows columns."""

import json
from datetime import date, timedelta

from wagtail.models import Page, Site

from search.query import Filters, Hits, Terms
from search.snippets import highlight, snippet

from .models import PublicPage
from .selectors import start_of_day

# Which filed pages: "include" (with the others), "exclude", "only".
ARCHIVED_FILTER = {"include": None, "exclude": False, "only": True}


def column_tree_path(column_id: int) -> str | None:
    return Page.objects.filter(pk=column_id).values_list("path", flat=True).first()


def filters(
    *,
    site_ids: list[int] | None,
    column_path: str | None = None,
    item_type: str | None = None,
    archived: str = "include",
    validity: str | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
) -> Filters:
    return Filters(
        site_ids=tuple(site_ids) if site_ids is not None else None,
        kinds=(item_type,) if item_type else None,
        column_path=column_path,
        archived=ARCHIVED_FILTER[archived],
        validity=validity,
        published_from=start_of_day(published_from) if published_from else None,
        published_before=start_of_day(published_to + timedelta(days=1)) if published_to else None,
    )


def hit_items(hits: Hits, terms: Terms) -> list[dict]:
    """The listing data of each hit, in the hits' order, with its site, score and highlights.
    A hit without a public row (removed since the index answered) is left out."""
    rows = {
        page_id: (site_id, listing, text)
        for page_id, site_id, listing, text in PublicPage.objects.filter(
            page_id__in=hits.page_ids
        ).values_list("page_id", "site_id", "listing_json", "search_text")
    }
    words = terms.words()
    items = []
    for page_id, score in zip(hits.page_ids, hits.scores, strict=True):
        if page_id not in rows:
            continue
        site_id, listing, text = rows[page_id]
        item = json.loads(listing)
        item["site_id"] = site_id
        item["score"] = round(score, 6)
        item["highlight"] = {
            "title": highlight(item["title"], words),
            "snippet": snippet(text, words),
        }
        items.append(item)
    return items


def facet_lists(facets: dict[str, dict]) -> dict[str, list[dict]]:
    """The facets as lists, largest first; sites named."""
    names = dict(
        Site.objects.filter(pk__in=list(facets.get("site", {}))).values_list("pk", "site_name")
    )
    lists = {}
    for facet, counts in facets.items():
        entries = [
            {"value": value, "count": count}
            | ({"name": names.get(value, "")} if facet == "site" else {})
            for value, count in counts.items()
        ]
        lists[facet] = sorted(entries, key=lambda entry: (-entry["count"], str(entry["value"])))
    return lists
