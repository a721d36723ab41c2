from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


class MessageState(models.TextChoices):
    """Where a message is in its handling. Case handling, not content moderation: the state
    moves only through the services of :mod:`knowledgebase.mailbox.services`."""

    RECEIVED = "received", _("Received")
    TRANSFERRED = "transferred", _("Transferred")
    REPLY_SUBMITTED = "reply_submitted", _("Reply awaiting approval")
    ANSWERED = "answered", _("Answered")
    INVALID = "invalid", _("Invalid")


# A message is in handling (due, overdue, on the veto list when old) in these states.
OPEN_STATES = (MessageState.RECEIVED, MessageState.TRANSFERRED, MessageState.REPLY_SUBMITTED)


class Message(models.Model):
    """A citizen's message to a mailbox. The text is plain text, never HTML; the sender's
    contact details are a :class:`SenderContact` apart; the query code is kept only as its
    SHA-256, so that nobody who reads the database can read a sender's reply with it."""

    mailbox = models.ForeignKey(
        "mailbox.Mailbox",
        verbose_name=_("mailbox"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    subject = models.CharField(_("subject"), max_length=100)
    content = models.TextField(_("content"), help_text=_("Plain text, as the sender wrote it."))
    category = models.CharField(_("category"), max_length=60, blank=True)
    may_publish = models.BooleanField(
        _("may be published"),
        default=False,
        help_text=_("The sender's consent to publish the exchange, with personal data masked."),
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_on = models.DateField(
        _("reply due on"),
        help_text=_("The 5th working day after the day of receipt (official calendar)."),
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="mailbox_messages",
        help_text=_("The mailbox's unit at first; changed by a transfer."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=MessageState.choices,
        default=MessageState.RECEIVED,
        db_index=True,
    )
    invalid_reason = models.TextField(_("why invalid"), blank=True)
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, help_text=_("When the reply was approved.")
    )
    code_hash = models.CharField(
        _("query code (SHA-256)"), max_length=64, unique=True, editable=False
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        db_index=True,
        editable=False,
        help_text=_("Of the sender's mobile and the text: folds a message sent twice."),
    )
    purged_at = models.DateTimeField(
        _("purged at"),
        null=True,
        blank=True,
        help_text=_("When the retention period removed its text, contact and files."),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "state", "due_on"], name="mailbox_msg_unit_due"),
            models.Index(fields=["mailbox", "received_at"], name="mailbox_msg_box_received"),
        ]

    def __str__(self) -> str:
        return self.subject


class Reply(models.Model):
    """The unit's answer to a message. Written and submitted by the unit's staff, approved once
    by a 科室负责人 reaching the unit; only an approved reply reaches the sender or the public."""

    message = models.OneToOneField(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="reply"
    )
    text = models.TextField(_("reply"), help_text=_("Plain text."))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_note = models.TextField(
        _("why returned"), blank=True, help_text=_("The section chief's note on a return.")
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return str(self.message)


class Transfer(models.Model):
    """A message handed to another unit (转办), with the reason. The due date stays."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


class Attachment(models.Model):
    """A file the sender added, kept in the private storage under a random name; its type was
    read from its bytes, not from the name it came with."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="%Y/%m/")
    name = models.CharField(_("file name"), max_length=200, help_text=_("As uploaded."))
    kind = models.CharField(_("type"), max_length=10, help_text=_("Read from the content."))
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
