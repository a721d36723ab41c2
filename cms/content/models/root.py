from django.utils.translation import gettext_lazy as _

from .base import BasePage
from .columns import UnitScopedPermissionTester


class SiteRootPage(BasePage):
    """The root of one site of the platform; its children are the site's top columns."""

    public_type = "site_root"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.ColumnPage"]

    class Meta:
        verbose_name = _("site home")
        verbose_name_plural = _("site homes")

    def permissions_for_user(self, user):
        return UnitScopedPermissionTester(user, self)
