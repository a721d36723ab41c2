"""The links between documents and interpretations as the public sees them (R21).

Only what is public appears: the read model (``PublicPage``) holds exactly the live pages
without view restrictions, so a link is shown when, and only when, its target has a row there.
Each reference carries the target's listing data (for a document: its number and validity).
"""

import json
from typing import Any

from cms.publicapi.models import PublicPage

from .models import InterpretedDocument


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


def public_interpretations_of(document_id: int) -> list[dict[str, Any]]:
    return _references(interpretation_ids_of(document_id))


def public_documents_of(interpretation_id: int) -> list[dict[str, Any]]:
    return _references(document_ids_of(interpretation_id))
