"""The links between documents and interpretations as the public sees them (R21).

Only what is public appears: the read model (``PublicPage``) holds exactly the live pages
without view restrictions, so a link is shown when, and only when, its target has a row there.
Each reference carries the target's listing data (for a document: its number and validity).
"""

import json
from typing import Any

from cms.publicapi.models import PublicPage

from .models import InterpretationPage, InterpretedDocument


def _references(page_ids) -> list[dict[str, Any]]:
    rows = PublicPage.objects.filter(page_id__in=list(page_ids)).values_list(
        "page_id", "site_id", "listing_json"
    )
    by_id = {
        page_id: {**json.loads(listing), "site_id": site_id} for page_id, site_id, listing in rows
    }
    return [by_id[page_id] for page_id in page_ids if page_id in by_id]


def public_reference(page_id: int | None) -> dict[str, Any] | None:
    if page_id is None:
        return None
    found = _references([page_id])
    return found[0] if found else None


def interpretation_ids_of(document_id: int) -> list[int]:
    return list(
        InterpretedDocument.objects.filter(document_id=document_id)
        .order_by("interpretation_id")
        .values_list("interpretation_id", flat=True)
        .distinct()
    )


def document_ids_of(interpretation_id: int) -> list[int]:
    return list(
        InterpretedDocument.objects.filter(interpretation_id=interpretation_id)
        .order_by("sort_order", "pk")
        .values_list("document_id", flat=True)
    )


# Where a cleared interpretation names its documents (``cms.content.releases.references``).
_EXPLAINS = "interpreted_documents.document"


def cleared_interpretation_ids_of(document_id: int) -> list[int]:
    """The live interpretations whose reviewed version explains the document: read off the
    links their releases keep (``ReleasedPageLink``), not the link rows, which code below
    ``save()`` could change. An interpretation with no release yet (imported, never rendered)
    is taken from the link rows, checked against its live revision."""
    released = InterpretationPage.objects.filter(
        live=True,
        live_revision__release__page_links__page_id=document_id,
        live_revision__release__page_links__field=_EXPLAINS,
    ).values_list("pk", flat=True)
    unreleased = InterpretationPage.objects.filter(
        pk__in=interpretation_ids_of(document_id), live=True, live_revision__release__isnull=True
    ).values_list("pk", "live_revision__content")
    return sorted(
        {*released}
        | {
            page_id
            for page_id, content in unreleased
            if any(
                link.get("document") == document_id
                for link in (content or {}).get("interpreted_documents", [])
            )
        }
    )


def public_interpretations_of(document_id: int) -> list[dict[str, Any]]:
    return _references(cleared_interpretation_ids_of(document_id))


def public_documents_of(interpretation) -> list[dict[str, Any]]:
    """The documents ``interpretation`` explains as the public is shown it (its live revision:
    ``cms.publicapi.services.shown_version``), those that are public, in its order."""
    links = sorted(
        interpretation.interpreted_documents.all(), key=lambda link: link.sort_order or 0
    )
    return _references([link.document_id for link in links])
