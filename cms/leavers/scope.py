"""Who is offered the handover pages: the platform's superusers and the 网站管理员 (read from
the roles the request already holds; which people each may hand over is
:func:`cms.leavers.services.refusal_to_act`)."""

from cms.organisation.access import roles_held
from cms.organisation.models import Role


def may_hand_over_anyone(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Role.SITE_ADMIN in roles_held(user)
