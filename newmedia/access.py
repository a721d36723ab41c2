"""Who may do what with new-media accounts — the one place that decides it.

- A unit's 网站管理员 manages (files, edits, requests changes of) the accounts of their unit and
  of the units below it; platform superusers manage every account.
- A request is approved by the 主要负责人 of the account's unit (or of a unit above it), as
  002 第十六条 and 003 第十四条 ask (主要领导同意).
- It is filed (备案) by the platform office: a 网站管理员 of a unit above the account's unit, or a
  platform superuser. A unit's own administrator never files their own unit's request.
"""

from cms.organisation.access import roles_held, units_in_reach
from cms.organisation.models import Role, RoleAssignment


def managed_unit_ids(user) -> frozenset[int] | None:
    """The units whose accounts ``user`` manages; None for every unit (a superuser)."""
    if not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return units_in_reach(user, [Role.SITE_ADMIN])


def manages_any(user) -> bool:
    """Asked by the admin's menu on every page: a 网站管理员 role anywhere reaches its own unit,
    so the roles read once per request (``roles_held``) decide it."""
    if not user.is_active:
        return False
    return user.is_superuser or Role.SITE_ADMIN in roles_held(user)


def may_manage(user, account) -> bool:
    managed = managed_unit_ids(user)
    return managed is None or account.sponsor_unit_id in managed


def managed_accounts(user, queryset):
    managed = managed_unit_ids(user)
    if managed is None:
        return queryset
    return queryset.filter(sponsor_unit_id__in=managed)


def may_approve(user, request) -> bool:
    """The principal head of the account's unit or a unit above it."""
    return user.is_active and request.account.sponsor_unit_id in units_in_reach(
        user, [Role.PRINCIPAL_HEAD]
    )


def may_file(user, request) -> bool:
    """The platform office: a superuser, or a website administrator of a unit above."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    unit = request.account.sponsor_unit
    above = [unit.path[:end] for end in range(unit.steplen, len(unit.path), unit.steplen)]
    return RoleAssignment.objects.filter(
        user=user, role=Role.SITE_ADMIN, unit__path__in=above
    ).exists()


def may_see_requests(user) -> bool:
    """Whether the requests page (and its menu entry, drawn on every admin page) is for
    ``user``: the roles are read once per request (``roles_held``)."""
    return user.is_active and (
        user.is_superuser or bool(roles_held(user) & {Role.SITE_ADMIN, Role.PRINCIPAL_HEAD})
    )


def requests_in_view(user, queryset):
    """The requests ``user`` sees: of the accounts they manage, approve or file."""
    if user.is_superuser:
        return queryset
    units = units_in_reach(user, [Role.SITE_ADMIN, Role.PRINCIPAL_HEAD])
    return queryset.filter(account__sponsor_unit_id__in=units)
