"""Builders for the platform's objects, used by every test module.

They go through the same code paths as the admin (treebeard ``add_child``, Wagtail revisions and
publishing), so what they build is what the platform would hold.
"""

import itertools

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from cms.content.models import ColumnPage, NewsPage, ReprintSource, SiteRootPage
from cms.organisation.models import Role, RoleAssignment, Unit, UnitKind
from cms.sites.models import SiteIdentity, SiteKind

_seq = itertools.count(1)
PASSWORD = "Zhengwu#2026"


def unit(name: str | None = None, parent: Unit | None = None, kind=UnitKind.DEPARTMENT) -> Unit:
    name = name or f"测试单位{next(_seq)}"
    if parent is None:
        return Unit.add_root(name=name, kind=kind)
    return parent.add_child(name=name, kind=kind)


def user(username: str | None = None, *, unit: Unit | None = None, role: str | None = None, **extra):
    username = username or f"user{next(_seq)}"
    person = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.gov.cn", **extra
    )
    if unit is not None and role is not None:
        RoleAssignment.objects.create(user=person, unit=unit, role=role)
    return person


def superuser(username: str = "platform_admin"):
    return get_user_model().objects.create_superuser(
        username=username, password=PASSWORD, email=f"{username}@example.gov.cn"
    )


def site(
    name: str = "测试区人民政府",
    hostname: str | None = None,
    *,
    sponsor: Unit | None = None,
    kind=SiteKind.PORTAL,
) -> Site:
    number = next(_seq)
    hostname = hostname or f"site{number}.example.gov.cn"
    root = Page.get_first_root_node().add_child(
        instance=SiteRootPage(title=name, slug=f"site-{number}")
    )
    root.save_revision().publish()
    wagtail_site = Site.objects.create(
        hostname=hostname, port=80, root_page=root, site_name=name, is_default_site=False
    )
    sponsor = sponsor or unit()
    SiteIdentity.objects.create(
        site=wagtail_site,
        kind=kind,
        sponsor_unit=sponsor,
        operator_unit=sponsor,
        site_code=f"{6103020000 + number}",
        icp_number="陕ICP备05004383号-1",
        psb_number="陕公网安备 61030202000123号",
        english_domain=hostname,
    )
    return wagtail_site


def column(parent: Page, title: str, *, owner: Unit, person=None, slug: str | None = None,
           update_category: str = "news", publish: bool = True) -> ColumnPage:
    person = person or user()
    page = parent.add_child(
        instance=ColumnPage(
            title=title,
            slug=slug or f"col-{next(_seq)}",
            responsible_unit=owner,
            responsible_person=person,
            update_category=update_category,
        )
    )
    if publish:
        page.save_revision().publish()
    return page


def news(parent: Page, title: str = "测试新闻", *, publish: bool = True, page_class=NewsPage,
         **fields) -> NewsPage:
    fields.setdefault("source", "测试区人民政府办公室")
    fields.setdefault("body", "<p>正文内容。</p>")
    page = parent.add_child(
        instance=page_class(title=title, slug=f"item-{next(_seq)}", **fields)
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def reprint_source(name: str = "新华社", kind: str = "media") -> ReprintSource:
    return ReprintSource.objects.get_or_create(name=name, defaults={"kind": kind})[0]


__all__ = ["PASSWORD", "Role", "column", "news", "reprint_source", "site", "superuser", "unit",
           "user"]
