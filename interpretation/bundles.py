"""三同步 (R21): a policy document of wide impact goes live together with its interpretation.

* The gate (editorial/gate.py) refuses any way of putting such a document live while none of
  its interpretations is live: :func:`wide_impact_refusal`.
* When a review chain completes (editorial/publication.py), :func:`plan` decides what goes
  live with the cleared revision:

  - a wide-impact document with a live interpretation goes live alone; otherwise it goes live
    with the cleared interpretations held for it, or, if there are none yet, is held itself;
  - an interpretation of wide-impact documents that are not live goes live with those of them
    held for it, or, if none is cleared yet, is held itself;
  - anything else goes live alone.

Held revisions are recorded in :class:`HeldPublication` and shown in the admin.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision

from .models import HeldPublication, InterpretationPage, PolicyDocumentPage

WIDE_IMPACT_NEEDS_INTERPRETATION = _(
    "A policy document of wide impact goes live only together with at least one "
    "interpretation (三同步); none of its interpretations is live or going live with it."
)


def _has_live_interpretation(document_id: int) -> bool:
    return (
        InterpretationPage.objects.live()
        .filter(interpreted_documents__document_id=document_id)
        .exists()
    )


def wide_impact_refusal(page: Page) -> str | None:
    """A go-live condition of the gate: ``page`` is about to go live."""
    if not issubclass(page.specific_class or type(page), PolicyDocumentPage):
        return None
    wide = (
        page.wide_impact
        if isinstance(page, PolicyDocumentPage)
        else PolicyDocumentPage.objects.filter(pk=page.pk).values_list("wide_impact", flat=True)[0]
    )
    if wide and not _has_live_interpretation(page.pk):
        return str(WIDE_IMPACT_NEEDS_INTERPRETATION)
    return None


def _current_holds() -> list[tuple[HeldPublication, Page]]:
    """Held revisions still current (a newer revision means the chain runs again)."""
    found = []
    for hold in HeldPublication.objects.select_related("revision", "page"):
        if hold.page.latest_revision_id != hold.revision_id:
            hold.delete()
            continue
        found.append((hold, hold.revision.as_object()))
    return found


def _hold(revision: Revision) -> list[Revision]:
    HeldPublication.objects.get_or_create(
        revision=revision, defaults={"page_id": revision.object_id}
    )
    return []


def _release(revisions: list[Revision]) -> list[Revision]:
    HeldPublication.objects.filter(revision__in=revisions).delete()
    return revisions


def plan(revision: Revision) -> list[Revision] | None:
    page = revision.as_object()
    if isinstance(page, PolicyDocumentPage):
        if not page.wide_impact or _has_live_interpretation(page.pk):
            return None
        waiting = [
            hold.revision
            for hold, held in _current_holds()
            if isinstance(held, InterpretationPage) and page.pk in held.document_ids()
        ]
        return _release([*waiting, revision]) if waiting else _hold(revision)
    if isinstance(page, InterpretationPage):
        pending = set(
            PolicyDocumentPage.objects.filter(
                pk__in=page.document_ids(), wide_impact=True, live=False
            ).values_list("pk", flat=True)
        )
        if not pending:
            return None
        ready = [
            hold.revision
            for hold, held in _current_holds()
            if held.pk in pending and isinstance(held, PolicyDocumentPage) and held.wide_impact
        ]
        return _release([revision, *ready]) if ready else _hold(revision)
    return None
