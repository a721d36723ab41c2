"""Which channels take an item, and what a publication or a take-down queues for each.

* A channel takes the items published in its columns and the columns below them, while it is
  active and its registered account, if it names one, is running (运行): a suspended account, or
  one being closed, takes nothing new.
* A publication queues a *publish* for a channel that does not hold the item, an *update*
  (a correction) for one that does. A channel holds an item when the last of its deliveries
  of the item that was delivered, or may have reached it (in flight or retried), is a
  publish or an update (a withdrawal on its way ends it at once).
* A take-down queues a *withdraw* for every channel that holds the item — whatever its
  columns are now: what was sent is taken back.
* Publications of the item still waiting for their first attempt are superseded by either:
  the channel gets the newest state, once.
"""

from django.db.models import Q
from wagtail.models import Page

from cms.content.tree import ancestor_paths
from newmedia.models import AccountState

from .models import OPEN_STATES, Action, Channel, Delivery, State


def channels_taking(page: Page):
    """The active channels whose columns hold ``page``."""
    return (
        Channel.objects.filter(active=True, columns__path__in=ancestor_paths(page)[:-1])
        .filter(Q(account__isnull=True) | Q(account__state=AccountState.RUNNING))
        .distinct()
    )


def _may_have_reached():
    # A withdrawal on its way counts at once: the item is being taken back.
    return (
        Q(state=State.DELIVERED)
        | Q(state__in=OPEN_STATES, attempts__gt=0)
        | Q(state__in=OPEN_STATES, action=Action.WITHDRAW)
    )


def channels_holding(page: Page):
    """The channels (active or not) that hold ``page`` (see the module's rule)."""
    last = {}
    for channel_id, action in (
        Delivery.objects.filter(_may_have_reached(), page_id=page.pk)
        .order_by("pk")
        .values_list("channel_id", "action")
    ):
        last[channel_id] = action
    holding = [pk for pk, action in last.items() if action != Action.WITHDRAW]
    return Channel.objects.filter(pk__in=holding)


def superseded(page: Page, channel: Channel):
    """The deliveries of ``page`` to ``channel`` a newer state replaces: never tried yet."""
    return Delivery.objects.filter(page_id=page.pk, channel=channel, state=State.QUEUED, attempts=0)


def publication_action(page: Page, channel: Channel, holding_ids: set[int]) -> str:
    return Action.UPDATE if channel.pk in holding_ids else Action.PUBLISH
