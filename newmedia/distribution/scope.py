"""Who manages which channels and sees which deliveries: the website administrator (网站管理员)
of the channel's unit or of a unit above it; platform superusers everywhere."""

from cms.organisation.access import roles_held, units_in_reach
from cms.organisation.models import Role, Unit

from .models import Channel, Delivery

MANAGING_ROLES = frozenset({Role.SITE_ADMIN})


def units_managed(user):
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=units_in_reach(user, MANAGING_ROLES))


def shows_menu(user) -> bool:
    """For the menu, drawn on every admin page: a managing role anywhere reaches at least its
    own unit, so the roles read once per request decide it."""
    return user.is_superuser or bool(roles_held(user) & set(MANAGING_ROLES))


def channels_for(user):
    if user.is_superuser:
        return Channel.objects.all()
    return Channel.objects.filter(unit_id__in=units_in_reach(user, MANAGING_ROLES))


def deliveries_for(user):
    return Delivery.objects.filter(channel__in=channels_for(user))


def may_manage(user, channel: Channel) -> bool:
    return channels_for(user).filter(pk=channel.pk).exists()
