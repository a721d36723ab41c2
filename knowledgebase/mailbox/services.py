"""Every change of a message's handling (R23), each one callable that checks the state and who
acts, writes Wagtail's audit log and runs in one transaction: the public API, the admin and
the commands all go through these.

Who may do what: staff holding any role in the responsible unit (or a unit above it) handle a
message (transfer, write and submit a reply, read the sender's contact details, logged); a
科室负责人 reaching that unit approves or returns a reply, and marks a message invalid, which
takes it off the deadlines and the veto list. Superusers get no shortcut, as in review.
"""

import datetime
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.organisation.access import units_in_reach
from cms.organisation.models import Role, Unit
from editorial.prechecks.detectors import is_valid_id_number

from . import attachments as attachment_types
from .deadlines import reply_due_on
from .models import Attachment, Mailbox, Message, MessageState, Reply, SenderContact, Transfer

MAX_SUBJECT = 100
MAX_CONTENT = 5000
MAX_NAME = 40
MAX_REASON = 1000
MAX_REPLY = 10000

MAILBOX_CLOSED = _("This mailbox takes no new messages.")
SUBJECT_REQUIRED = _("Enter a subject.")
SUBJECT_TOO_LONG = _("The subject may have at most %(limit)d characters.")
CONTENT_REQUIRED = _("Enter your message.")
CONTENT_TOO_LONG = _("The message may have at most %(limit)d characters.")
CATEGORY_REQUIRED = _("Choose a category.")
UNKNOWN_CATEGORY = _("Choose one of this mailbox's categories.")
NAME_REQUIRED = _("Enter your name.")
NAME_TOO_LONG = _("The name may have at most %(limit)d characters.")
MOBILE_INVALID = _("Enter an 11-digit mobile number.")
ID_REQUIRED = _("This mailbox needs your ID number.")
ID_INVALID = _("This is not a valid ID number.")
NUL_CHARACTER = _("Must not contain the NUL character (U+0000).")
NO_ATTACHMENTS = _("This mailbox takes no attachments.")
TOO_MANY_FILES = _("At most %(limit)d files may be attached.")
FILE_TOO_BIG = _("“%(name)s” is larger than %(limit)s MB.")
FILE_TYPE_UNKNOWN = _("“%(name)s” is not a PDF, JPG, PNG, GIF, Word (.docx) or Excel (.xlsx) file.")
FILE_TYPE_LIES = _("The content of “%(name)s” is not what its name says (.%(extension)s).")

NOT_IN_REACH = _("This message belongs to a unit you do not serve.")
NOT_SECTION_CHIEF = _("Only a section chief of the responsible unit may do this.")
OWN_REPLY = _("A reply is approved by someone other than the person who wrote it.")
WRONG_STATE = _("This message is not in a state that allows this.")
REASON_REQUIRED = _("Give a reason.")
REPLY_REQUIRED = _("Write the reply first.")
REPLY_TOO_LONG = _("The reply may have at most %(limit)d characters.")
SAME_UNIT = _("The message is already with this unit.")

LOG_SUBMIT = "mailbox.submit"
LOG_TRANSFER = "mailbox.transfer"
LOG_REPLY_WRITE = "mailbox.reply_write"
LOG_REPLY_SUBMIT = "mailbox.reply_submit"
LOG_REPLY_APPROVE = "mailbox.reply_approve"
LOG_REPLY_RETURN = "mailbox.reply_return"
LOG_MARK_INVALID = "mailbox.mark_invalid"
LOG_VIEW_CONTACT = "mailbox.view_contact"
LOG_OPEN_ATTACHMENT = "mailbox.open_attachment"
LOG_PURGE = "mailbox.purge"

# The query code: no 0/O, 1/I/L, so that a code read aloud or copied by hand stays right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
_CODE_NOISE = re.compile(r"[\s\-]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
HANDLING_STATES = (MessageState.RECEIVED, MessageState.TRANSFERRED)


@dataclass
class Submission:
    """What a sender sends, as typed; :func:`message_submit` checks it all."""

    subject: str
    content: str
    name: str
    mobile: str
    category: str = ""
    id_number: str = ""
    may_publish: bool = False
    files: list = field(default_factory=list)


@dataclass(frozen=True)
class Submitted:
    message: Message
    code: str | None = field(repr=False)
    folded: bool = False


def code_hash(code: str) -> str:
    """The stored form of a query code; codes are read without case, spaces or hyphens."""
    normal = _CODE_NOISE.sub("", code).upper()
    return hashlib.sha256(normal.encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _fingerprint(mobile: str, content: str) -> str:
    text = " ".join(content.split())
    return hashlib.sha256(f"{mobile}\n{text}".encode()).hexdigest()


def _clean_text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _checked(mailbox: Mailbox, submission: Submission) -> dict[str, str]:
    """Field → message for everything wrong with ``submission``; empty when it is good."""
    errors: dict[str, str] = {}
    texts = {
        "subject": submission.subject,
        "content": submission.content,
        "name": submission.name,
        "mobile": submission.mobile,
        "category": submission.category,
        "id_number": submission.id_number,
    }
    for name, value in texts.items():
        if "\x00" in (value or ""):
            errors[name] = str(NUL_CHARACTER)
    subject, content = submission.subject, submission.content
    if "subject" not in errors:
        if not subject:
            errors["subject"] = str(SUBJECT_REQUIRED)
        elif len(subject) > MAX_SUBJECT:
            errors["subject"] = str(SUBJECT_TOO_LONG % {"limit": MAX_SUBJECT})
    if "content" not in errors:
        if not content:
            errors["content"] = str(CONTENT_REQUIRED)
        elif len(content) > MAX_CONTENT:
            errors["content"] = str(CONTENT_TOO_LONG % {"limit": MAX_CONTENT})
    categories = mailbox.category_list
    if "category" not in errors:
        if categories and not submission.category:
            errors["category"] = str(CATEGORY_REQUIRED)
        elif submission.category and submission.category not in categories:
            errors["category"] = str(UNKNOWN_CATEGORY)
    if "name" not in errors:
        if not submission.name:
            errors["name"] = str(NAME_REQUIRED)
        elif len(submission.name) > MAX_NAME:
            errors["name"] = str(NAME_TOO_LONG % {"limit": MAX_NAME})
    if "mobile" not in errors and not _MOBILE.fullmatch(submission.mobile):
        errors["mobile"] = str(MOBILE_INVALID)
    if mailbox.requires_id_number and "id_number" not in errors:
        if not submission.id_number:
            errors["id_number"] = str(ID_REQUIRED)
        elif not is_valid_id_number(submission.id_number.upper()):
            errors["id_number"] = str(ID_INVALID)
    files_error = _files_error(mailbox, submission.files)
    if files_error:
        errors["files"] = files_error
    return errors


def _files_error(mailbox: Mailbox, files: list) -> str | None:
    if not files:
        return None
    if not mailbox.accepts_attachments:
        return str(NO_ATTACHMENTS)
    if len(files) > settings.MAILBOX_MAX_FILES:
        return str(TOO_MANY_FILES % {"limit": settings.MAILBOX_MAX_FILES})
    limit = settings.MAILBOX_MAX_FILE_BYTES
    for upload in files:
        name = upload.name or ""
        if upload.size > limit:
            return str(FILE_TOO_BIG % {"name": name, "limit": f"{limit / 1024 / 1024:g}"})
        kind = attachment_types.sniff(upload)
        if kind is None:
            return str(FILE_TYPE_UNKNOWN % {"name": name})
        extension = attachment_types.extension_of(name)
        if not attachment_types.may_be_named(kind, extension):
            return str(FILE_TYPE_LIES % {"name": name, "extension": extension})
    return None


@transaction.atomic
def message_submit(
    *, mailbox: Mailbox, submission: Submission, now: datetime.datetime | None = None
) -> Submitted:
    """Take a citizen's message: checked whole first (a bad field stores nothing), routed to
    the mailbox's unit, due on the 5th working day, answered with a query code shown once.

    The same mobile with the same text within ``MAILBOX_DUPLICATE_MINUTES`` is the same
    message sent twice (a double click, a reload): nothing new is stored."""
    now = now or timezone.now()
    submission.subject = _clean_text(submission.subject)
    submission.content = _clean_text(submission.content)
    submission.name = _clean_text(submission.name)
    submission.mobile = _clean_text(submission.mobile)
    submission.category = _clean_text(submission.category)
    submission.id_number = _clean_text(submission.id_number).upper()
    if not mailbox.is_open:
        raise ValidationError({"mailbox": str(MAILBOX_CLOSED)})
    errors = _checked(mailbox, submission)
    if errors:
        raise ValidationError(errors)
    fingerprint = _fingerprint(submission.mobile, submission.content)
    since = now - datetime.timedelta(minutes=settings.MAILBOX_DUPLICATE_MINUTES)
    earlier = (
        Message.objects.select_for_update()
        .filter(fingerprint=fingerprint, received_at__gte=since)
        .order_by("received_at")
        .first()
    )
    if earlier is not None:
        return Submitted(message=earlier, code=None, folded=True)
    code = _new_code()
    message = Message.objects.create(
        mailbox=mailbox,
        subject=submission.subject,
        content=submission.content,
        category=submission.category,
        may_publish=submission.may_publish,
        received_at=now,
        due_on=reply_due_on(timezone.localdate(now)),
        unit=mailbox.unit,
        code_hash=code_hash(code),
        fingerprint=fingerprint,
    )
    SenderContact.objects.create(
        message=message,
        name=submission.name,
        mobile=submission.mobile,
        # Collected only where the mailbox needs it (R26): otherwise never stored.
        id_number=submission.id_number if mailbox.requires_id_number else "",
    )
    for upload in submission.files:
        kind = attachment_types.sniff(upload)
        attachment = Attachment(
            message=message, name=upload.name[:200], kind=kind, size=upload.size
        )
        # A random name: the sender's file name may itself be personal data.
        attachment.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
        attachment.save()
    log(instance=message, action=LOG_SUBMIT, user=None, data={"mailbox": mailbox.pk})
    return Submitted(message=message, code=code)


# --- Handling ------------------------------------------------------------------------------


def may_handle(user, message: Message) -> bool:
    return _active(user) and message.unit_id in units_in_reach(user)


def may_approve(user, message: Message) -> bool:
    return _active(user) and message.unit_id in units_in_reach(user, [Role.SECTION_CHIEF])


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_state(message: Message, *states) -> None:
    if message.state not in states:
        raise ValidationError(WRONG_STATE, code="wrong_state")


def _reason(text: str, message=REASON_REQUIRED) -> str:
    text = _clean_text(text)
    if not text:
        raise ValidationError(message, code="required")
    if len(text) > MAX_REASON:
        raise ValidationError(
            _("At most %(limit)s characters.") % {"limit": MAX_REASON}, code="too_long"
        )
    return text


def _locked(message: Message) -> Message:
    """``message`` read again under a row lock: two staff acting at once act one after the
    other, each on the state the other left."""
    return Message.objects.select_for_update().get(pk=message.pk)


@transaction.atomic
def message_transfer(*, message: Message, user, to_unit: Unit, reason: str) -> Transfer:
    """Hand the message to another unit (转办). The due date stays: the sender waits no longer
    because the first unit was the wrong one. A draft reply of the first unit is dropped."""
    message = _locked(message)
    _require(may_handle(user, message), NOT_IN_REACH)
    _require_state(message, *HANDLING_STATES)
    reason = _reason(reason)
    if to_unit.pk == message.unit_id:
        raise ValidationError(SAME_UNIT, code="same_unit")
    transfer = Transfer.objects.create(
        message=message,
        from_unit_id=message.unit_id,
        to_unit=to_unit,
        reason=reason,
        by=user,
        at=timezone.now(),
    )
    Reply.objects.filter(message=message).delete()
    message.unit = to_unit
    message.state = MessageState.TRANSFERRED
    message.save(update_fields=["unit", "state"])
    log(
        instance=message,
        action=LOG_TRANSFER,
        user=user,
        data={"from": transfer.from_unit_id, "to": to_unit.pk, "reason": reason},
    )
    return transfer


@transaction.atomic
def reply_write(*, message: Message, user, text: str) -> Reply:
    """Write (or rewrite) the unit's reply; nobody outside the unit sees it yet."""
    message = _locked(message)
    _require(may_handle(user, message), NOT_IN_REACH)
    _require_state(message, *HANDLING_STATES)
    text = _clean_text(text)
    if not text:
        raise ValidationError(REPLY_REQUIRED, code="required")
    if len(text) > MAX_REPLY:
        raise ValidationError(REPLY_TOO_LONG % {"limit": MAX_REPLY}, code="too_long")
    reply, _created = Reply.objects.update_or_create(
        message=message,
        defaults={"text": text, "written_by": user, "written_at": timezone.now()},
    )
    log(instance=message, action=LOG_REPLY_WRITE, user=user)
    return reply


@transaction.atomic
def reply_submit(*, message: Message, user) -> Reply:
    """Send the reply to the section chief for approval."""
    message = _locked(message)
    _require(may_handle(user, message), NOT_IN_REACH)
    _require_state(message, *HANDLING_STATES)
    reply = Reply.objects.filter(message=message).first()
    if reply is None:
        raise ValidationError(REPLY_REQUIRED, code="required")
    reply.submitted_at = timezone.now()
    reply.save(update_fields=["submitted_at"])
    message.state = MessageState.REPLY_SUBMITTED
    message.save(update_fields=["state"])
    log(instance=message, action=LOG_REPLY_SUBMIT, user=user)
    return reply


@transaction.atomic
def reply_approve(*, message: Message, user) -> Reply:
    """The one approval (R23): by a 科室负责人 reaching the responsible unit, not the writer.
    From now on the sender reads the reply with the code, and the public with the sender's
    consent."""
    message = _locked(message)
    _require(may_approve(user, message), NOT_SECTION_CHIEF)
    _require_state(message, MessageState.REPLY_SUBMITTED)
    reply = message.reply
    _require(reply.written_by_id != user.pk, OWN_REPLY)
    now = timezone.now()
    reply.approved_by = user
    reply.approved_at = now
    reply.save(update_fields=["approved_by", "approved_at"])
    message.state = MessageState.ANSWERED
    message.answered_at = now
    message.save(update_fields=["state", "answered_at"])
    log(instance=message, action=LOG_REPLY_APPROVE, user=user, data={"reply": reply.pk})
    return reply


@transaction.atomic
def reply_return(*, message: Message, user, note: str) -> Reply:
    """Send the reply back to the unit's staff with the chief's note."""
    message = _locked(message)
    _require(may_approve(user, message), NOT_SECTION_CHIEF)
    _require_state(message, MessageState.REPLY_SUBMITTED)
    note = _reason(note)
    reply = message.reply
    reply.submitted_at = None
    reply.returned_note = note
    reply.save(update_fields=["submitted_at", "returned_note"])
    message.state = (
        MessageState.TRANSFERRED if message.transfers.exists() else MessageState.RECEIVED
    )
    message.save(update_fields=["state"])
    log(instance=message, action=LOG_REPLY_RETURN, user=user, data={"note": note})
    return reply


@transaction.atomic
def message_mark_invalid(*, message: Message, user, reason: str) -> Message:
    """Take a message out of handling (spam, abuse, nothing to answer), with the reason. A
    section chief decides it, as it takes the message off the deadlines and the veto list."""
    message = _locked(message)
    _require(may_approve(user, message), NOT_SECTION_CHIEF)
    _require_state(message, *HANDLING_STATES, MessageState.REPLY_SUBMITTED)
    reason = _reason(reason)
    message.state = MessageState.INVALID
    message.invalid_reason = reason
    message.save(update_fields=["state", "invalid_reason"])
    log(instance=message, action=LOG_MARK_INVALID, user=user, data={"reason": reason})
    return message


@transaction.atomic
def attachment_open(*, attachment: Attachment, user):
    """A sender's file, opened for staff of the units handling its message; like the contact
    details, every read is in the audit log with who read it and which file (R26: a file may
    hold an identity card or a medical record)."""
    message = attachment.message
    _require(may_handle(user, message), NOT_IN_REACH)
    log(
        instance=message,
        action=LOG_OPEN_ATTACHMENT,
        user=user,
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    return attachment.file.open("rb")


@transaction.atomic
def contact_reveal(*, message: Message, user) -> SenderContact | None:
    """The sender's contact details, for staff of the units handling it; every read is in the
    audit log (R26), with who read them."""
    _require(may_handle(user, message), NOT_IN_REACH)
    log(instance=message, action=LOG_VIEW_CONTACT, user=user)
    return SenderContact.objects.filter(message=message).first()


@transaction.atomic
def messages_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove the text, contact and files of messages never published, answered (or marked
    invalid) more than ``MAILBOX_RETENTION_DAYS`` ago; the row stays for the statistics.
    Idempotent: a purged message is not purged again."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.MAILBOX_RETENTION_DAYS)
    answered_long_ago = Message.objects.filter(purged_at__isnull=True, answered_at__lt=before)
    invalid_long_ago = Message.objects.filter(
        purged_at__isnull=True, state=MessageState.INVALID, received_at__lt=before
    )
    purged = 0
    for message in (answered_long_ago | invalid_long_ago).exclude(
        may_publish=True, state=MessageState.ANSWERED
    ):
        for attachment in message.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        SenderContact.objects.filter(message=message).delete()
        Reply.objects.filter(message=message).update(text="")
        message.subject = ""
        message.content = ""
        message.invalid_reason = ""
        message.purged_at = now
        message.save(update_fields=["subject", "content", "invalid_reason", "purged_at"])
        log(instance=message, action=LOG_PURGE, user=None)
        purged += 1
    return purged
