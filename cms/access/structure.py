"""Who shapes a site's structure: columns (栏目) are created by the website administrator
(网站管理员) and superusers only, wherever Wagtail lets a person add pages.

Information officers, chiefs and heads add items to the columns their units own; a column
itself — its place, its owner, its update interval, what it offers (``ColumnPage.item_types``)
— is the website's structure, which the national check inspects. The admin offers a person only
the types they may create (``templates/wagtailadmin/pages/add_subpage.html``) and refuses the
others (``wagtail_hooks.py``).
"""

from django.utils.translation import gettext_lazy as _

from cms.content.models import ColumnPage
from cms.organisation.models import Role, RoleAssignment

ONLY_ADMINS_ADD_COLUMNS = _(
    "Only the website administrator (网站管理员) creates columns; add items to the columns instead."
)


def may_create(user, model) -> bool:
    """Whether ``user`` may create pages of ``model`` where Wagtail lets them add pages."""
    if not issubclass(model, ColumnPage) or user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, role=Role.SITE_ADMIN).exists()
