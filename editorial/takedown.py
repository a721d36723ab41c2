"""Take content down at once (先行处置, R37): the one action that skips the review chain.

The website administrator and the deputy head in charge of the owning unit may take a live item,
or a whole column with everything live below it, offline without review; the reason is required
and kept in Wagtail's audit log. Putting anything back online goes through review again.

The platform itself takes content down the same way, without a person
(:func:`take_down_by_platform`): when what the public is shown was changed behind its back (R36,
``publicapi.tamper``).

Each take-down is one transaction: the pages unpublished, its audit entry and what follows
from Wagtail's ``page_unpublished`` inside it (the withdrawals ``newmedia.distribution`` queues
for the channels that received an item) commit together or not at all; a failure midway
leaves every page live and nothing queued.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from cms.content.models.columns import owning_unit_id
from cms.organisation.access import units_in_reach
from cms.organisation.models import Role
from cms.reasons import ReasonForm, checked_reason

TAKEDOWN_ROLES = frozenset({Role.SITE_ADMIN, Role.DEPUTY_HEAD})
TAKEDOWN_LOG_ACTION = "editorial.takedown"
NOT_ALLOWED = _(
    "Only the website administrator or the deputy head in charge of this content's unit can "
    "take it down."
)
REASON_REQUIRED = _("Give the reason for taking this down.")
NOTHING_LIVE = _("Nothing here is live.")


class TakedownForm(ReasonForm):
    required_message = REASON_REQUIRED


def may_take_down(user, page: Page) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return owning_unit_id(page) in units_in_reach(user, TAKEDOWN_ROLES)


@transaction.atomic
def take_down(page: Page, *, user, reason: str) -> list[int]:
    """Unpublish ``page`` and everything live below it; return the ids taken down."""
    reason = checked_reason(reason, REASON_REQUIRED)
    if not may_take_down(user, page):
        raise PermissionDenied(NOT_ALLOWED)
    return _unpublish_below(page, user=user, reason=reason)


@transaction.atomic
def take_down_by_platform(page: Page, *, reason: str) -> list[int]:
    """Unpublish ``page`` and everything live below it, as the platform (no person acts); the
    reason is kept in the audit log as a person's is. Returns the ids taken down, none if
    nothing was live."""
    if not Page.objects.filter(path__startswith=page.path, live=True).exists():
        return []
    return _unpublish_below(page, user=None, reason=checked_reason(reason, REASON_REQUIRED))


def _unpublish_below(page: Page, *, user, reason: str) -> list[int]:
    live = list(Page.objects.filter(path__startswith=page.path, live=True).order_by("-depth"))
    if not live:
        raise ValidationError(NOTHING_LIVE, code="nothing_live")
    for target in live:
        UnpublishPageAction(target.specific, user=user, log_action=False).execute(
            skip_permission_checks=True
        )
    log(
        instance=page.specific,
        action=TAKEDOWN_LOG_ACTION,
        user=user,
        data={"reason": reason, "pages": [target.pk for target in live]},
    )
    return [target.pk for target in live]
