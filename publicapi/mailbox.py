"""The mailboxes of a site, as the public uses them (R23, R26): what each asks for, sending a
message (multipart, with files), reading one's own message back with its query code, the
exchanges senders allowed to publish, and the handling figures. Joined to the public API
(``publicapi.api``) at start-up.

Nothing here ever answers with a sender's contact details: they are not read, but for the
sender's name, which is masked wherever it appears in the text. Texts are plain text, given
HTML-escaped, so that a message holding markup shows it and never runs it.
"""

import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from knowledgebase.mailbox import selectors as mailbox_selectors
from knowledgebase.mailbox import services as mailbox_services
from knowledgebase.mailbox.models import Mailbox, Message

from . import schemas
from . import selectors as public_selectors
from .api import READ, error_response, not_found_site
from .throttling import AddressRate

router = Router(tags=["mailboxes"])

NO_MAILBOX = gettext_lazy("No such mailbox on this site, or it takes no messages.")
NO_EXCHANGE = gettext_lazy("No such published exchange on this site.")
NO_MESSAGE = gettext_lazy("No message has this query code.")
HONEYPOT = gettext_lazy(
    "Your message could not be accepted. Please reload the page and send it again."
)
CAPTCHA_WRONG = gettext_lazy("The verification answer is wrong; try again.")
TOO_MANY = gettext_lazy("Too many requests from your address; please try again later.")
FOLDED = gettext_lazy(
    "We have already received this message; it is being handled. Use the query code you were "
    "given to follow it."
)
INVALID = gettext_lazy("Invalid request parameters.")
DATES_REVERSED = gettext_lazy("The start date is after the end date.")
PERIOD_TOO_LONG = gettext_lazy("A period may span at most %(days)d days.")
MAX_PERIOD_DAYS = 3660
HONEYPOT_FIELD = "website"


def _time(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _json(payload: dict, status: int = 200) -> HttpResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


# --- Schemas ---------------------------------------------------------------------------------


class Labelled(Schema):
    code: str
    label: str = Field(description="In Chinese, for display.")


class MailboxOut(Schema):
    id: int
    name: str
    kind: Labelled = Field(description="区长信箱 (leader), 咨询, 投诉, 建议 or other.")
    unit: str = Field(description="The unit that answers.")
    description: str
    categories: list[str] = Field(description="Choose one when the list is not empty.")
    requires_id_number: bool = Field(description="The ID number (身份证号) must be given.")
    accepts_attachments: bool
    max_files: int
    max_file_bytes: int
    file_types: list[str] = Field(description="Accepted types, read from the file's content.")


class MailboxList(Schema):
    items: list[MailboxOut]


class MessageForm(Schema):
    subject: str = Field(min_length=1, max_length=mailbox_services.MAX_SUBJECT, description="标题.")
    content: str = Field(
        min_length=1, max_length=mailbox_services.MAX_CONTENT, description="留言内容; plain text."
    )
    name: str = Field(
        min_length=1, max_length=mailbox_services.MAX_NAME, description="Your name; never shown."
    )
    mobile: str = Field(
        min_length=1, max_length=20, description="11-digit mobile number; never shown."
    )
    category: str = Field("", max_length=60, description="One of the mailbox's categories.")
    id_number: str = Field(
        "", max_length=30, description="ID number; only where the mailbox requires it."
    )
    may_publish: bool = Field(
        False, description="Whether the exchange may be published, personal data masked."
    )
    captcha: str = Field("", max_length=200, description="The verification answer, if any.")


class Submitted(Schema):
    code: str = Field(description="查询码: shown once; the only way to read the reply.")
    received_at: datetime.datetime
    due_on: datetime.date = Field(description="A reply is due by this day (5 working days).")


class Folded(Schema):
    detail: str = Field(description="The same message was received a moment ago: not stored.")


class LookupIn(Schema):
    code: str = Field(max_length=64, description="The query code (查询码).")


class ReplyOut(Schema):
    text: str = Field(description="Plain text, HTML-escaped.")
    answered_at: datetime.datetime
    unit: str


class MessageStatus(Schema):
    status: Labelled
    mailbox: str
    category: str
    subject: str = Field(description="Plain text, HTML-escaped, personal data masked.")
    content: str = Field(description="Plain text, HTML-escaped, personal data masked.")
    received_at: datetime.datetime
    due_on: datetime.date
    unit: str = Field(description="The unit handling it now.")
    reply: ReplyOut | None = Field(description="Only once approved.")


class MailboxRef(Schema):
    id: int
    name: str
    kind: Labelled


class Exchange(Schema):
    id: int
    mailbox: MailboxRef
    category: str
    subject: str = Field(description="Plain text, HTML-escaped, personal data masked.")
    content: str = Field(description="Plain text, HTML-escaped, personal data masked.")
    received_at: datetime.datetime
    answered_at: datetime.datetime
    unit: str = Field(description="The unit that answered.")
    reply: str = Field(description="Plain text, HTML-escaped, personal data masked.")


class ExchangeList(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    items: list[Exchange]


class ExchangeQuery(Schema):
    page: schemas.PageNumber = 1
    page_size: schemas.query_int(1, settings.PUBLICAPI_MAX_PAGE_SIZE) = 20


class StatisticsQuery(Schema):
    date_from: schemas.QueryDate = Field(
        alias="from", description="First day of receipt, inclusive (Asia/Shanghai); YYYY-MM-DD."
    )
    date_to: schemas.QueryDate = Field(
        alias="to", description="Last day of receipt, inclusive (Asia/Shanghai); YYYY-MM-DD."
    )
    mailbox: schemas.query_int(1, schemas.MAX_ID) | None = Field(
        None, description="Only this mailbox of the site."
    )


class Figures(Schema):
    received: int
    invalid: int
    replied: int = Field(description="With an approved reply.")
    replied_on_time: int = Field(description="Approved by the due day (5 working days).")
    replied_same_day: int
    pending: int = Field(description="Still being handled.")
    overdue: int = Field(description="Still being handled after the due day.")
    average_workdays_to_reply: float | None


class MailboxFigures(Figures):
    mailbox: MailboxRef


class Statistics(Schema):
    first_day: datetime.date
    last_day: datetime.date
    totals: Figures
    mailboxes: list[MailboxFigures]


# --- Representations -------------------------------------------------------------------------


def _kind(mailbox: Mailbox) -> dict:
    return {"code": mailbox.kind, "label": str(mailbox.get_kind_display())}


def _mailbox(mailbox: Mailbox) -> dict:
    return {
        "id": mailbox.pk,
        "name": mailbox.name,
        "kind": _kind(mailbox),
        "unit": mailbox.unit.name,
        "description": mailbox.description,
        "categories": mailbox.category_list,
        "requires_id_number": mailbox.requires_id_number,
        "accepts_attachments": mailbox.accepts_attachments,
        "max_files": settings.MAILBOX_MAX_FILES if mailbox.accepts_attachments else 0,
        "max_file_bytes": settings.MAILBOX_MAX_FILE_BYTES,
        "file_types": ["pdf", "jpg", "png", "gif", "docx", "xlsx"],
    }


def _mailbox_ref(mailbox: Mailbox) -> dict:
    return {"id": mailbox.pk, "name": mailbox.name, "kind": _kind(mailbox)}


def _status(message: Message) -> dict:
    text = mailbox_selectors.masked_text(message)
    reply = None
    if text.reply is not None:
        reply = {
            "text": escape(text.reply),
            "answered_at": _time(message.answered_at),
            "unit": message.unit.name,
        }
    return {
        "status": {"code": message.state, "label": str(message.get_state_display())},
        "mailbox": message.mailbox.name,
        "category": message.category,
        "subject": escape(text.subject),
        "content": escape(text.content),
        "received_at": _time(message.received_at),
        "due_on": message.due_on.isoformat(),
        "unit": message.unit.name,
        "reply": reply,
    }


def _exchange(message: Message) -> dict:
    text = mailbox_selectors.masked_text(message)
    return {
        "id": message.pk,
        "mailbox": _mailbox_ref(message.mailbox),
        "category": message.category,
        "subject": escape(text.subject),
        "content": escape(text.content),
        "received_at": _time(message.received_at),
        "answered_at": _time(message.answered_at),
        "unit": message.unit.name,
        "reply": escape(text.reply or ""),
    }


def _figures(figures) -> dict:
    return {
        "received": figures.received,
        "invalid": figures.invalid,
        "replied": figures.replied,
        "replied_on_time": figures.replied_on_time,
        "replied_same_day": figures.replied_same_day,
        "pending": figures.pending,
        "overdue": figures.overdue,
        "average_workdays_to_reply": figures.average_workdays_to_reply,
    }


# --- Operations ------------------------------------------------------------------------------


@router.api_operation(
    READ,
    "/sites/{site_id}/mailboxes",
    response={200: MailboxList, 404: schemas.Error},
)
def mailbox_list(request, site_id: int):
    """The site's open mailboxes, and what each asks a sender for."""
    if not public_selectors.site_exists(site_id):
        return not_found_site()
    boxes = mailbox_selectors.open_mailboxes(site_id=site_id)
    return _json({"items": [_mailbox(box) for box in boxes]})


def _captcha_passes(request, answer: str) -> bool:
    """The captcha hook: ``MAILBOX_CAPTCHA_CHECK`` names a callable ``(request, answer) ->
    bool``; none configured, nothing to pass."""
    if not settings.MAILBOX_CAPTCHA_CHECK:
        return True
    return bool(import_string(settings.MAILBOX_CAPTCHA_CHECK)(request, answer))


@router.post(
    "/sites/{site_id}/mailboxes/{mailbox_id}/messages",
    response={
        201: Submitted,
        200: Folded,
        400: schemas.Error,
        404: schemas.Error,
        429: schemas.Error,
    },
    throttle=AddressRate("mailbox-submit", "MAILBOX_SUBMIT_RATE", TOO_MANY),
)
def message_send(
    request,
    site_id: int,
    mailbox_id: int,
    data: Form[MessageForm],
    files: File[list[UploadedFile]] = None,
):
    """Send a message (multipart/form-data; files in ``files``). Answers 201 with the query
    code (查询码), shown this once; 200 when the same message from the same mobile number
    arrived a moment ago (nothing new stored); 400 with a Chinese message per field (nothing
    stored); 429 when the address sent too many.

    The form should also carry a field ``website`` that people do not see (hidden by the
    frontend) and leave empty: a form that fills it is refused politely (400, nothing stored).
    It is read apart from the documented fields, so that clients generated from this document
    never fill it."""
    mailbox = None
    if public_selectors.storable(site_id, mailbox_id):
        mailbox = mailbox_selectors.open_mailboxes(site_id=site_id).filter(pk=mailbox_id).first()
    if mailbox is None:
        if not public_selectors.site_exists(site_id):
            return not_found_site()
        return error_response(str(NO_MAILBOX), 404, {"mailbox_id": str(NO_MAILBOX)})
    if request.POST.get(HONEYPOT_FIELD, ""):
        # A field only robots fill: refused politely, nothing stored, no hint why.
        return error_response(str(HONEYPOT), 400)
    if not _captcha_passes(request, data.captcha):
        return error_response(str(INVALID), 400, {"captcha": str(CAPTCHA_WRONG)})
    submission = mailbox_services.Submission(
        subject=data.subject,
        content=data.content,
        name=data.name,
        mobile=data.mobile,
        category=data.category,
        id_number=data.id_number,
        may_publish=data.may_publish,
        files=list(files or []),
    )
    try:
        submitted = mailbox_services.message_submit(mailbox=mailbox, submission=submission)
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        return error_response(str(INVALID), 400, fields)
    if submitted.folded:
        return _json({"detail": str(FOLDED)})
    message = submitted.message
    payload = {
        "code": submitted.code,
        "received_at": _time(message.received_at),
        "due_on": message.due_on.isoformat(),
    }
    return _json(payload, status=201)


@router.post(
    "/messages/lookup",
    response={200: MessageStatus, 400: schemas.Error, 404: schemas.Error, 429: schemas.Error},
    throttle=AddressRate("mailbox-lookup", "MAILBOX_LOOKUP_RATE", TOO_MANY),
)
def message_lookup(request, body: LookupIn):
    """A sender reads their message, its state and the approved reply with the query code,
    sent in the body (never in the address, which servers log). A wrong code is a plain 404;
    an address trying many codes is refused (429)."""
    message = mailbox_selectors.message_by_code(code=body.code)
    if message is None:
        return error_response(str(NO_MESSAGE), 404)
    return _json(_status(message))


@router.api_operation(
    READ,
    "/sites/{site_id}/exchanges",
    response={200: ExchangeList, 400: schemas.Error, 404: schemas.Error},
)
def exchange_list(request, site_id: int, query: Query[ExchangeQuery]):
    """Exchanges the senders allowed to publish, answered and approved, newest answer first;
    names, numbers and addresses masked."""
    if not public_selectors.site_exists(site_id):
        return not_found_site()
    exchanges = mailbox_selectors.public_exchanges(site_id=site_id)
    count = exchanges.count()
    offset = (query.page - 1) * query.page_size
    rows = exchanges[offset : offset + query.page_size]
    return _json(
        {
            "count": count,
            "page": query.page,
            "page_size": query.page_size,
            "num_pages": max(1, math.ceil(count / query.page_size)),
            "items": [_exchange(message) for message in rows],
        }
    )


@router.api_operation(
    READ,
    "/sites/{site_id}/exchanges/{exchange_id}",
    response={200: Exchange, 404: schemas.Error},
)
def exchange_detail(request, site_id: int, exchange_id: int):
    """One published exchange."""
    message = None
    if public_selectors.storable(site_id, exchange_id):
        message = mailbox_selectors.public_exchanges(site_id=site_id).filter(pk=exchange_id).first()
    if message is None:
        if not public_selectors.site_exists(site_id):
            return not_found_site()
        return error_response(str(NO_EXCHANGE), 404)
    return _json(_exchange(message))


@router.api_operation(
    READ,
    "/sites/{site_id}/mailbox-statistics",
    response={200: Statistics, 400: schemas.Error, 404: schemas.Error},
)
def mailbox_statistics(request, site_id: int, query: Query[StatisticsQuery]):
    """How the site's messages received in a period were handled (R23, R31): received,
    replied, on time, the same day, average working days to reply; in all and per mailbox."""
    date_from, date_to, mailbox = query.date_from, query.date_to, query.mailbox
    if date_from > date_to:
        return error_response(str(INVALID), 400, {"from": str(DATES_REVERSED)})
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        return error_response(
            str(INVALID), 400, {"to": str(PERIOD_TOO_LONG % {"days": MAX_PERIOD_DAYS})}
        )
    if not public_selectors.site_exists(site_id):
        return not_found_site()
    totals, per_mailbox = mailbox_selectors.mailbox_statistics(
        site_id=site_id, date_from=date_from, date_to=date_to, mailbox_id=mailbox
    )
    if mailbox is not None and not per_mailbox:
        return error_response(str(INVALID), 400, {"mailbox": str(NO_MAILBOX)})
    return _json(
        {
            "first_day": date_from.isoformat(),
            "last_day": date_to.isoformat(),
            "totals": _figures(totals),
            "mailboxes": [
                {"mailbox": _mailbox_ref(box), **_figures(figures)} for box, figures in per_mailbox
            ],
        }
    )
