"""The channels a unit distributes to, and one delivery row per item, channel and version."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """Where a unit's items go: an adapter (by key) with its configuration, and the columns
    whose items it takes."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="newmedia_channels",
    )
    name = models.CharField(_("name"), max_length=100)
    adapter = models.CharField(
        _("adapter"),
        max_length=40,
        help_text=_("How deliveries reach the channel (signed webhook, WeChat article export)."),
    )
    config = models.JSONField(
        _("adapter configuration"),
        default=dict,
        blank=True,
        help_text=_(
            'For a webhook: {"url": "https://…", "secret_env": "NAME OF THE ENVIRONMENT '
            'VARIABLE HOLDING THE SECRET", "connect_timeout": 5, "read_timeout": 20}. '
            "The WeChat export needs nothing."
        ),
    )
    columns = models.ManyToManyField(
        "content.ColumnPage",
        verbose_name=_("columns"),
        related_name="+",
        blank=True,
        help_text=_("Items published in these columns (and the columns below them) are sent."),
    )
    # The registered account (备案) this channel delivers to: a channel of an account that is
    # not running (suspended, being closed, closed) takes no new items (``rules``).
    account = models.ForeignKey(
        "newmedia.Account",
        verbose_name=_("registered account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="channels",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("new-media channel")
        verbose_name_plural = _("new-media channels")
        ordering = ["unit_id", "name"]

    def __str__(self):
        return self.name


class Action(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    UPDATE = "update", _("Update")
    WITHDRAW = "withdraw", _("Withdraw")


class State(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Superseded")


# Deliveries the worker still has to finish.
OPEN_STATES = (State.QUEUED, State.SENDING)


class Delivery(models.Model):
    """One item's version sent (or withdrawn) on one channel: the outbox row, written in the
    transaction that published or took down the item."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="deliveries"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("distributed item"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The item's id, kept when the page is deleted (``page`` is then empty).
    item_id = models.IntegerField(_("item id"), db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    # What is sent, built from the live revision when the row was written.
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    # Sent with every attempt, so a receiver can drop a repeat after a crash.
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    manual_retries = models.PositiveIntegerField(_("manual retries"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retried by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            # One delivery per item, channel, version and action: a signal sent twice for the
            # same publication queues nothing twice.
            models.UniqueConstraint(
                fields=["channel", "revision", "action"],
                condition=models.Q(revision__isnull=False),
                name="newmedia_delivery_one_per_version",
            )
        ]

    def __str__(self):
        return f"{self.title} → {self.channel}"
