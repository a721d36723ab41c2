"""The outbox: deliveries written with the publication, claimed by workers, their outcome
recorded, retried.

* :func:`deliveries_for_publication` and :func:`deliveries_for_takedown` run inside the
  transaction that publishes or takes down the item (the receivers of Wagtail's signals): the
  rows commit with it or not at all, so no delivery is lost.
* :func:`deliveries_for_new_address` follows a move or a renamed column: the channels get the
  item's new public address.
* :func:`claim` hands due deliveries to one worker: rows locked with ``SELECT … FOR UPDATE
  SKIP LOCKED`` where the database has it (PostgreSQL), and on every database a conditional
  update that sets the worker's claim token and its expiry; only one worker's update matches.
  A claim that expired (its worker died) is due again. A delivery waits while an earlier one
  of the same item to the same channel is open: a channel gets an item's changes in order.
* :func:`record` writes an attempt's outcome only if the worker still holds the claim.
  Sending and recording are two steps: a worker killed between them leaves the claim to
  expire, and the next attempt sends the same idempotency key, which the receiver uses to
  drop the repeat. Failed attempts wait ``NEWMEDIA_RETRY_SECONDS``, doubling each time, up to
  ``NEWMEDIA_MAX_ATTEMPTS``; then the delivery fails with its reason.
* :func:`retry_failed` is a person's retry of a failed delivery.
"""

import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision

from cms.content.models import ContentItemPage

from . import rules
from .adapters import DELIVERED, RETRY, Outcome
from .conf import setting
from .models import OPEN_STATES, Action, Channel, Delivery, State
from .payload import item_payload, public_url, withdrawal_payload


def _queue(
    page: Page,
    channel: Channel,
    action: str,
    revision,
    payload,
    *,
    deleted: bool = False,
    again: bool = False,
) -> Delivery | None:
    # ``again``: the same revision once more (its address changed), not a repeat to drop.
    if (
        not again
        and revision is not None
        and Delivery.objects.filter(channel=channel, revision=revision, action=action).exists()
    ):
        return None
    if (
        action == Action.WITHDRAW
        and Delivery.objects.filter(
            channel=channel, item_id=page.pk, action=action, state=State.QUEUED, attempts=0
        ).exists()
    ):
        # Already on its way (Django deletes a page row by row: the page, then its type's).
        return None
    return Delivery.objects.create(
        channel=channel,
        # A page being deleted is not referred to: its row goes with this transaction.
        page=None if deleted else page,
        item_id=page.pk,
        revision=revision,
        title=page.title[:255],
        action=action,
        payload=payload,
        next_attempt_at=timezone.now(),
    )


def deliveries_for_publication(page: ContentItemPage, revision: Revision) -> list[Delivery]:
    """``page`` went live (again) with ``revision``: a publish or an update for each channel
    that takes it (:mod:`.rules`)."""
    channels = list(rules.channels_taking(page))
    if not channels:
        return []
    holding = set(rules.channels_holding(page).values_list("pk", flat=True))
    payload = item_payload(page, revision)
    queued = []
    for channel in channels:
        rules.superseded(page, channel).update(
            state=State.CANCELLED, reason=_("Superseded by a newer version before it was sent.")
        )
        action = rules.publication_action(page, channel, holding)
        delivery = _queue(page, channel, action, revision, payload)
        if delivery is not None:
            queued.append(delivery)
    return queued


def deliveries_for_takedown(page: Page, *, deleted: bool = False) -> list[Delivery]:
    """``page`` went offline (taken down, or ``deleted`` while live): a withdraw for each
    channel that holds it."""
    queued = []
    for channel in Channel.objects.filter(deliveries__page_id=page.pk).distinct():
        rules.superseded(page, channel).update(
            state=State.CANCELLED, reason=_("The item was taken down before it was sent.")
        )
    for channel in rules.channels_holding(page):
        queued.append(
            _queue(page, channel, Action.WITHDRAW, None, withdrawal_payload(page), deleted=deleted)
        )
    return queued


def deliveries_for_new_address(root: Page) -> list[Delivery]:
    """The public address of ``root`` or of items below it changed (a move, a column renamed
    above them): each live item a channel holds, or is about to be sent, under its old address
    gets it anew. A delivery not yet tried is given the new address in place; one sent (or on
    its way) is followed by an *update* with the item's live revision."""
    page_ids = (
        Delivery.objects.filter(page__path__startswith=root.path)
        .values_list("page_id", flat=True)
        .distinct()
    )
    queued = []
    pages = Page.objects.filter(pk__in=list(page_ids), live=True).specific()
    for page in pages:
        if not isinstance(page, ContentItemPage) or page.live_revision is None:
            continue
        url = public_url(page)
        for channel in Channel.objects.filter(deliveries__page_id=page.pk).distinct():
            last = (
                Delivery.objects.filter(page_id=page.pk, channel=channel)
                .exclude(state=State.CANCELLED)
                .order_by("-pk")
                .first()
            )
            if last is None or last.action == Action.WITHDRAW or last.payload.get("url") == url:
                continue
            if last.state == State.QUEUED and last.attempts == 0:
                last.payload = {**last.payload, "url": url}
                last.save(update_fields=["payload"])
                continue
            delivery = _queue(
                page,
                channel,
                Action.UPDATE,
                page.live_revision,
                item_payload(page, page.live_revision),
                again=True,
            )
            if delivery is not None:
                queued.append(delivery)
    return queued


def _due(now):
    return Q(state=State.QUEUED, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_until__lt=now
    )


def claim(*, limit: int = 20, lease: timedelta | None = None) -> list[Delivery]:
    """Up to ``limit`` due deliveries, claimed for this worker (an attempt each)."""
    now = timezone.now()
    lease = lease or timedelta(seconds=setting("NEWMEDIA_CLAIM_SECONDS"))
    token = uuid.uuid4()
    earlier_open = Delivery.objects.filter(
        channel_id=OuterRef("channel_id"),
        page_id=OuterRef("page_id"),
        pk__lt=OuterRef("pk"),
        state__in=OPEN_STATES,
    )
    with transaction.atomic():
        due = (
            Delivery.objects.filter(_due(now), channel__active=True)
            .exclude(Exists(earlier_open))
            .order_by("pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        for pk in list(due.values_list("pk", flat=True)[:limit]):
            # Where rows cannot be locked (SQLite), the condition decides: one worker matches.
            Delivery.objects.filter(_due(now), pk=pk).update(
                state=State.SENDING,
                claim_token=token,
                claimed_until=now + lease,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
            )
    return list(
        Delivery.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("channel")
        .order_by("pk")
    )


def _wait(attempts: int) -> timedelta:
    return timedelta(seconds=setting("NEWMEDIA_RETRY_SECONDS") * 2 ** max(attempts - 1, 0))


def _attempts_allowed(delivery: Delivery) -> int:
    return setting("NEWMEDIA_MAX_ATTEMPTS") * (delivery.manual_retries + 1)


def record(delivery: Delivery, outcome: Outcome) -> bool:
    """Write ``outcome`` of the attempt ``delivery`` (as claimed) made; False when the claim
    was lost (it expired and another worker took the delivery over)."""
    now = timezone.now()
    mine = Delivery.objects.filter(
        pk=delivery.pk, claim_token=delivery.claim_token, state=State.SENDING
    )
    done = {"claim_token": None, "claimed_until": None, "result": outcome.result}
    if outcome.kind == DELIVERED:
        return bool(mine.update(state=State.DELIVERED, delivered_at=now, reason="", **done))
    if outcome.kind == RETRY and delivery.attempts < _attempts_allowed(delivery):
        wait = _wait(delivery.attempts)
        reason = _("%(reason)s Attempt %(n)s failed; the next is due at %(at)s.") % {
            "reason": outcome.reason,
            "n": delivery.attempts,
            "at": timezone.localtime(now + wait).strftime("%Y-%m-%d %H:%M:%S"),
        }
        return bool(
            mine.update(state=State.QUEUED, next_attempt_at=now + wait, reason=reason, **done)
        )
    reason = outcome.reason
    if outcome.kind == RETRY:
        reason = _("%(reason)s Given up after %(n)s attempts.") % {
            "reason": outcome.reason,
            "n": delivery.attempts,
        }
    return bool(mine.update(state=State.FAILED, reason=reason, **done))


NOT_FAILED = gettext_lazy("Only a failed delivery can be retried.")


@transaction.atomic
def retry_failed(delivery: Delivery, *, user) -> Delivery:
    """A person sends a failed delivery again: it is queued now, with as many attempts again."""
    from .scope import may_manage

    delivery = Delivery.objects.select_for_update().select_related("channel").get(pk=delivery.pk)
    if not may_manage(user, delivery.channel):
        raise PermissionDenied
    if delivery.state != State.FAILED:
        raise ValueError(str(NOT_FAILED))
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        state=State.QUEUED,
        next_attempt_at=now,
        manual_retries=F("manual_retries") + 1,
        retried_by=user,
        retried_at=now,
    )
    delivery.refresh_from_db()
    return delivery
