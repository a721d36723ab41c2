"""The links between documents and interpretations (R21): which pages each links to, and so
which pages' public view follows a change of another. What the public is shown of a link is the
linking page's own (``public_detail`` of each model): only a public target appears.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import InterpretationPage, InterpretedDocument, PolicyDocumentPage


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


# --- Which other pages show these ----------------------------------------------------------------


def pages_showing(page) -> list[int]:
    """The pages whose public view shows ``page`` (going live or leaving): a document's
    interpretations, an interpretation's documents."""
    if isinstance(page, PolicyDocumentPage):
        return interpretation_ids_of(page.pk)
    if isinstance(page, InterpretationPage):
        return document_ids_of(page.pk)
    return []


def pages_showing_filed(page_ids, content_type_ids) -> set[int]:
    """The pages, other than these, whose public view shows these pages' archive state: the
    documents and interpretations linked to them, and the documents they replace."""
    ours = ContentType.objects.get_for_models(PolicyDocumentPage, InterpretationPage).values()
    if not set(content_type_ids) & {content_type.pk for content_type in ours}:
        return set()  # a batch of news and notices: nothing links to them
    linked = InterpretedDocument.objects.filter(
        Q(document_id__in=page_ids) | Q(interpretation_id__in=page_ids)
    ).values_list("document_id", "interpretation_id")
    filed = set(page_ids)
    others = {page_id for pair in linked for page_id in pair} - filed
    replacing = PolicyDocumentPage.objects.filter(replaced_by_id__in=page_ids).values_list(
        "pk", flat=True
    )
    return others | (set(replacing) - filed)
