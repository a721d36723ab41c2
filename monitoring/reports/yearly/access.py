"""Who reads and who fills in which site's yearly report.

A site's 网站管理员 fills it in: a person holding the site-administrator role in a unit that
runs the site (sponsors or operates it) or in a unit above one. Anyone else holding a role
that reaches such a unit reads it without changing anything; the platform's superusers read
every site's. Everyone else is refused, and a site they cannot read is not named to them.
"""

from django.db.models import QuerySet
from wagtail.models import Site

from cms.organisation.access import units_in_reach
from cms.organisation.models import Role
from cms.sites.models import SiteIdentity, run_by

EDIT_ROLES = frozenset({Role.SITE_ADMIN})


def _sites_run_by(units) -> QuerySet[Site]:
    identities = SiteIdentity.objects.filter(run_by(units)).values("site_id")
    return Site.objects.filter(pk__in=identities)


def sites_readable(user) -> QuerySet[Site]:
    if not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.order_by("site_name", "pk")
    return _sites_run_by(units_in_reach(user)).order_by("site_name", "pk")


def sites_editable(user) -> QuerySet[Site]:
    if not user.is_active:
        return Site.objects.none()
    return _sites_run_by(units_in_reach(user, EDIT_ROLES)).order_by("site_name", "pk")


def may_read(user, site: Site) -> bool:
    return sites_readable(user).filter(pk=site.pk).exists()


def may_edit(user, site: Site) -> bool:
    return sites_editable(user).filter(pk=site.pk).exists()
