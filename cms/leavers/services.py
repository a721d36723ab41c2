"""A person leaves (R35): the one action that hands everything they hold to a named successor,
deactivates their account, ends their sessions and credentials and records it — all of it or,
when anything is refused, none of it. The admin's 人员离岗交接 page and ``manage.py handover``
both call :func:`handover_perform`.

Who may hand over whose work (:func:`refusal_to_act`): a platform superuser anyone's but their
own; a 网站管理员 that of a person whose every role is in a unit their administrator role
reaches (:func:`cms.organisation.access.units_in_reach`), never a superuser's. The successor
(:func:`successor_refusal`) must be active, must not be the leaver and, for a 网站管理员, must
hold a role in a unit they administer. A person already inactive can be handed over again:
what they still hold (deactivated before this existed, or given to them since) moves.

What each part of the work means is said by its part (:mod:`cms.leavers.parts`, and each
domain's ``handover.py``); the credentials are the action's own: the password is made unusable
(a reactivated account needs a new one), Wagtail API tokens are revoked, sessions are deleted.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken

from cms.organisation.access import units_in_reach
from cms.organisation.models import Role, RoleAssignment
from cms.security import events, sessions
from cms.security.models import EventKind, Outcome

from . import registry
from .models import Handover

NOT_IN_REACH = _("You may not hand over this person's work.")
OWN_WORK = _("You cannot hand over your own work; another administrator must do it.")
SUCCESSOR_REQUIRED = _("Choose the successor.")
SUCCESSOR_IS_LEAVER = _("The successor cannot be the person who leaves.")
SUCCESSOR_INACTIVE = _(
    "The successor's account is deactivated; choose a person who is still at work."
)
SUCCESSOR_NOT_IN_REACH = _("The successor must hold a role in a unit you administer.")
REASON_REQUIRED = _("Give the reason for the handover, e.g. transferred or retired.")
MAX_REASON = 1000


def _administered(actor) -> frozenset[int]:
    return units_in_reach(actor, roles=[Role.SITE_ADMIN])


def refusal_to_act(actor, person) -> str | None:
    """Why ``actor`` may not hand over ``person``'s work, or None."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return str(NOT_IN_REACH)
    if actor.pk == person.pk:
        return str(OWN_WORK)
    if actor.is_superuser:
        return None
    if person.is_superuser:
        return str(NOT_IN_REACH)
    held = set(RoleAssignment.objects.filter(user=person).values_list("unit_id", flat=True))
    if not held or not held <= _administered(actor):
        return str(NOT_IN_REACH)
    return None


def successor_refusal(actor, leaver, successor) -> str | None:
    """Why ``successor`` may not take over ``leaver``'s work when ``actor`` hands it over."""
    if successor is None:
        return str(SUCCESSOR_REQUIRED)
    if successor.pk == leaver.pk:
        return str(SUCCESSOR_IS_LEAVER)
    if not successor.is_active:
        return str(SUCCESSOR_INACTIVE)
    if actor is not None and not actor.is_superuser:
        units = _administered(actor)
        if not RoleAssignment.objects.filter(user=successor, unit_id__in=units).exists():
            return str(SUCCESSOR_NOT_IN_REACH)
    return None


def people_in_reach(actor) -> QuerySet:
    """The people whose work ``actor`` may hand over (active or not), by username."""
    people = get_user_model().objects.exclude(pk=actor.pk)
    if actor.is_superuser:
        return people.order_by("username")
    units = _administered(actor)
    outside = RoleAssignment.objects.exclude(unit_id__in=units).values("user_id")
    inside = RoleAssignment.objects.filter(unit_id__in=units).values("user_id")
    return (
        people.filter(pk__in=inside, is_superuser=False)
        .exclude(pk__in=outside)
        .order_by("username")
    )


def successors_for(actor, leaver) -> QuerySet:
    """Who ``actor`` may name as ``leaver``'s successor."""
    people = get_user_model().objects.filter(is_active=True).exclude(pk=leaver.pk)
    if actor is not None and not actor.is_superuser:
        units = _administered(actor)
        people = people.filter(
            pk__in=RoleAssignment.objects.filter(unit_id__in=units).values("user_id")
        )
    return people.order_by("username")


def preview(person) -> list[tuple[registry.Part, int]]:
    """What ``person`` holds, part by part, as the handover would move it."""
    return [(part, part.count(person)) for part in registry.parts()]


def holds_work(person) -> bool:
    return any(part.count(person) for part in registry.parts())


def _name(person) -> str:
    full = person.get_full_name()
    return f"{full}（{person.get_username()}）" if full else person.get_username()


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reason": str(REASON_REQUIRED)})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {"reason": str(_("At most %(limit)s characters.") % {"limit": MAX_REASON})}
        )
    return text


def handover_perform(*, leaver, successor, actor, reason: str, request=None) -> Handover:
    """Hand everything ``leaver`` holds to ``successor``, deactivate ``leaver``, end their
    sessions and credentials and record it (a :class:`Handover` and a security log entry), in
    one transaction. ``actor``: who does it (None from the command line, where the operator of
    the server acts). Raises ``ValidationError`` (nothing changed) when refused."""
    if actor is not None:
        refusal = refusal_to_act(actor, leaver)
        if refusal:
            raise ValidationError(refusal, code="not_in_reach")
    refusal = successor_refusal(actor, leaver, successor)
    if refusal:
        raise ValidationError({"successor": refusal})
    reason = _reason(reason)
    with transaction.atomic():
        model = get_user_model()
        leaver = model.objects.select_for_update().get(pk=leaver.pk)
        successor = model.objects.get(pk=successor.pk)
        record = Handover.objects.create(
            leaver=leaver,
            leaver_name=_name(leaver),
            successor=successor,
            successor_name=_name(successor),
            actor=actor,
            actor_name=_name(actor) if actor is not None else "",
            handed_over_at=timezone.now(),
            reason=reason,
        )
        counts = {}
        for part in registry.parts():
            moved = part.hand_over(leaver, successor, record)
            counts[part.key] = {"label": str(part.label), "count": moved}
        leaver.is_active = False
        leaver.set_unusable_password()
        leaver.save(update_fields=["is_active", "password"])
        APIToken.objects.filter(user=leaver, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        for part in registry.parts():
            part.verify(leaver, successor, record)
        record.counts = counts
        record.save(update_fields=["counts"])
        events.record(
            EventKind.HANDED_OVER,
            Outcome.SUCCESS,
            account=leaver,
            actor=actor,
            request=request,
            detail=str(
                _("Left: account deactivated, work handed over to %(successor)s (handover %(id)s)")
                % {"successor": successor.get_username(), "id": record.pk}
            ),
        )
        sessions.end_all(leaver)
    return record
