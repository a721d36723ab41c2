"""Whose security events a person sees and whose lock they may lift: a platform superuser
everyone's; a 网站管理员 (website administrator) those of the accounts holding a role in a unit
their administrator role reaches (:func:`cms.organisation.access.units_in_reach`); nobody else
anything."""

from django.core.cache import cache
from django.db.models import QuerySet

from cms.organisation.access import units_in_reach
from cms.organisation.models import Role, RoleAssignment

from .models import SecurityEvent


def may_see_log(user) -> bool:
    return user.is_superuser or bool(units_in_reach(user, roles=[Role.SITE_ADMIN]))


MENU_SECONDS = 300


def _menu_key(user_id) -> str:
    return f"security:log-menu:{user_id}"


def shows_log_menu(user) -> bool:
    """:func:`may_see_log` for the admin's menu, which every admin page draws: remembered in the
    cache for a few minutes, forgotten when the person's roles change (:func:`forget`). Only the
    menu entry: the view itself asks :func:`may_see_log` every time."""
    if user.is_superuser:
        return True
    key = _menu_key(user.pk)
    # Kept with the account's creation time: an id a deleted account had answers nothing.
    joined, shown = cache.get(key, (None, None))
    if shown is None or joined != user.date_joined:
        shown = may_see_log(user)
        cache.set(key, (user.date_joined, shown), MENU_SECONDS)
    return shown


def forget(user_id) -> None:
    cache.delete(_menu_key(user_id))


def accounts_in_reach(user) -> QuerySet:
    """Ids of the accounts holding a role in the units ``user`` administers."""
    units = units_in_reach(user, roles=[Role.SITE_ADMIN])
    return RoleAssignment.objects.filter(unit_id__in=units).values("user_id")


def events_for(user) -> QuerySet:
    if user.is_superuser:
        return SecurityEvent.objects.all()
    if not may_see_log(user):
        return SecurityEvent.objects.none()
    return SecurityEvent.objects.filter(account_id__in=accounts_in_reach(user))


def may_unlock(user, account) -> bool:
    """Whether ``user`` may lift the lock on ``account`` (a user, or None for a name that is
    nobody's: only a superuser may clear that)."""
    if user.is_superuser:
        return True
    if account is None or not may_see_log(user):
        return False
    return accounts_in_reach(user).filter(user_id=account.pk).exists()


def may_reset_second_factor(user, account) -> bool:
    """Whether ``user`` may reset ``account``'s two-step verification: whoever may lift its
    lock (a lost phone is answered by the same administrator as a locked account)."""
    return account is not None and may_unlock(user, account)
