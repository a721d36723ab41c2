"""Automatic answers (智能问答, R25) on one site (``/sites/{id}/ask``) and across the platform
(``/ask``), and the search's direct answer.

The answers come from the public rows of knowledge entries and service guides
(:class:`publicapi.models.PublicPage`): what review cleared and the public may read, and nothing
an entry's ``valid_until`` has ended. A book of them is kept per scope in the process and built
again when the rows change (one aggregate per question tells); the answers it gives are read
back from the rows, so a page taken down a moment ago is never given.
"""

import json
import threading
from datetime import date

from django.db.models import Count, Max
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from knowledgebase import services as knowledge_services
from knowledgebase.answering import (
    ANSWER_THRESHOLD,
    DIRECT_ANSWER_THRESHOLD,
    OFFERED_FLOOR,
    Answer,
    AnswerBook,
    Candidate,
    is_question,
)
from search.services import synonym_map

from . import schemas
from . import selectors as public_selectors
from .api import READ, error_response, not_found_site
from .models import CURRENT, PublicPage

router = Router(tags=["ask"])

ANSWER_TYPES = ("knowledge", "guide")
EMPTY_QUESTION = gettext_lazy("Enter a question.")
NO_ANSWER = gettext_lazy(
    "No reliable answer was found. You can leave a message in the mailbox and the responsible "
    "unit will reply."
)
EXCERPT = 300
MAX_ANSWERS = 3

_books: dict[int | None, tuple[tuple, AnswerBook]] = {}
_lock = threading.Lock()


def _rows(site_id: int | None):
    rows = PublicPage.objects.filter(CURRENT, type__in=ANSWER_TYPES, is_item=True)
    return rows.filter(site_id=site_id) if site_id is not None else rows


def _still_valid(detail: dict, today: date) -> bool:
    until = detail.get("valid_until")
    return not until or until >= today.isoformat()


def _candidate(page_id: int, site_id: int, kind: str, detail: dict) -> Candidate:
    text = detail.get("summary") or strip_tags(detail.get("body") or "")
    return Candidate(
        page_id=page_id,
        site_id=site_id,
        kind=kind,
        title=detail.get("title") or "",
        phrasings=tuple(detail.get("phrasings") or ()),
        keywords=tuple(detail.get("keywords") or ()),
        text=text,
    )


def answer_book(site_id: int | None) -> AnswerBook:
    """The book of ``site_id`` (None: the platform), built again when its rows changed."""
    synonyms = synonym_map()
    today = timezone.localdate()
    stamp = (
        *_rows(site_id)
        .aggregate(n=Count("page_id"), at=Max("updated_at"), top=Max("page_id"))
        .values(),
        today,
        id(synonyms),
    )
    kept = _books.get(site_id)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    with _lock:
        rows = _rows(site_id).values_list("page_id", "site_id", "type", "detail_json")
        candidates = []
        for page_id, row_site, kind, detail_json in rows.iterator(chunk_size=2000):
            detail = json.loads(detail_json)
            if _still_valid(detail, today):
                candidates.append(_candidate(page_id, row_site, kind, detail))
        book = AnswerBook(candidates, synonyms)
        _books[site_id] = (stamp, book)
    return book


def answered_items(answers: list[Answer]) -> list[dict]:
    """The answers as the public reads them, from their rows now: one gone since is left out."""
    today = timezone.localdate()
    rows = {
        page_id: (listing, detail)
        for page_id, listing, detail in _rows(None)
        .filter(page_id__in=[answer.page_id for answer in answers])
        .values_list("page_id", "listing_json", "detail_json")
    }
    items = []
    for answer in answers:
        if answer.page_id not in rows:
            continue
        listing, detail = (json.loads(text) for text in rows[answer.page_id])
        if not _still_valid(detail, today):
            continue
        excerpt = detail.get("summary") or strip_tags(detail.get("body") or "")
        items.append(
            {
                "confidence": answer.confidence,
                "site_id": answer.site_id,
                "answer": excerpt[:EXCERPT],
                "item": listing,
            }
        )
    return items


def best_answers(question: str, site_id: int | None, limit: int = MAX_ANSWERS) -> list[dict]:
    return answered_items(answer_book(site_id).ask(question, limit=limit))


def direct_answer(question: str, site_id: int | None) -> dict | None:
    """The search's direct answer: the one answer strong enough to show above the results."""
    items = best_answers(question, site_id, limit=1)
    if items and items[0]["confidence"] >= DIRECT_ANSWER_THRESHOLD:
        return items[0]
    return None


class AskQuery(Schema):
    q: str = Field(
        max_length=200,
        pattern=schemas.NO_NUL,
        description="The question as a citizen types it, e.g. 社保卡丢了怎么补办. "
        "Blank is refused (400).",
    )


class PlatformAskQuery(AskQuery):
    site: schemas.query_int(1, schemas.MAX_ID) | None = Field(
        None, description="Only this site; every site of the platform when absent."
    )


class AskAnswer(Schema):
    confidence: float = Field(description="0 to 1; 1 is the entry's own question.")
    site_id: int
    answer: str = Field(description="The start of the answer, plain text.")
    item: schemas.PageSummary = Field(description="The entry or guide; its detail has the rest.")


class AskResult(Schema):
    q: str
    answered: bool = Field(
        description="False when no answer is confident enough: the answers are then left out "
        "and the site's mailboxes offered."
    )
    threshold: float = Field(
        description="The confidence the best answer needs; the next best are offered beside it."
    )
    answers: list[AskAnswer]
    message: str | None = Field(None, description="Why there is no answer, and what to do.")
    mailboxes: str | None = Field(
        None, description="Where the mailboxes are listed, when there is no answer."
    )


ASK_RESPONSES = {200: AskResult, 400: schemas.Error, 404: schemas.Error}


def ask_response(query: AskQuery, site_id: int | None) -> HttpResponse:
    """The answer to ``query`` on ``site_id`` (None: the platform); a question without an answer
    is kept for the knowledge base's curation."""
    if not is_question(query.q.strip()):
        return error_response(_("Invalid request parameters."), 400, {"q": str(EMPTY_QUESTION)})
    if site_id is not None and not public_selectors.site_exists(site_id):
        return not_found_site()
    answers = best_answers(query.q, site_id)
    answered = bool(answers) and answers[0]["confidence"] >= ANSWER_THRESHOLD
    confident = (
        [item for item in answers if item["confidence"] >= OFFERED_FLOOR] if answered else []
    )
    payload = {"q": query.q, "answered": answered, "threshold": ANSWER_THRESHOLD}
    if confident:
        knowledge_services.entry_record_match(page_id=confident[0]["item"]["id"])
        payload["answers"] = confident
    else:
        knowledge_services.question_record_unanswered(
            question=query.q, site_id=site_id, synonyms=synonym_map()
        )
        payload |= {
            "answers": [],
            "message": str(NO_ANSWER),
            "mailboxes": f"/api/v1/sites/{site_id}/mailboxes" if site_id is not None else None,
        }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@router.api_operation(READ, "/ask", response=ASK_RESPONSES)
def platform_ask(request, query: Query[PlatformAskQuery]):
    """Answer a question from the knowledge bases of every site (or one, with ``site``)."""
    return ask_response(query, query.site)


@router.api_operation(READ, "/sites/{site_id}/ask", response=ASK_RESPONSES)
def site_ask(request, site_id: int, query: Query[AskQuery]):
    """Answer a question from the site's knowledge base and service guides."""
    return ask_response(query, site_id)
