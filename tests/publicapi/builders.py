"""Small builders for the public API's tests, on top of :mod:`tests.factories`."""

from datetime import datetime

from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import ColumnPage, NewsPage, SiteRootPage
from cms.content.timestamps import historical_import
from tests import factories


def fresh(page: Page) -> Page:
    """``page`` as the database holds it now (module data is shared; tests change it)."""
    return Page.objects.get(pk=page.pk).specific


def draft(parent: Page, title: str, *, page_class=NewsPage, **fields) -> Page:
    """A page saved as a draft and never published, as the admin's "save draft" leaves it.

    (``factories.news(publish=False)`` keeps Wagtail's default ``live=True``; the admin's
    create view saves a new draft with ``live=False``.)
    """
    if page_class is ColumnPage:
        fields.setdefault("responsible_unit", factories.unit())
        fields.setdefault("responsible_person", factories.user())
    else:
        fields.setdefault("source", "测试区人民政府办公室")
        fields.setdefault("body", "<p>草稿正文。</p>")
    fields.setdefault("slug", f"draft-{Page.objects.count()}")
    page = parent.add_child(instance=page_class(title=title, live=False, **fields))
    page.save_revision()
    return page


def published_at(when: datetime, parent: Page, title: str, **fields) -> Page:
    """An item whose first publication was recorded at ``when``: an archive import."""
    with historical_import():
        return factories.news(parent, title, first_published_at=when, **fields)


def site_root_without_site(title: str = "未挂站点的根页面") -> SiteRootPage:
    """A published site home that no Wagtail Site points at."""
    root = Page.get_first_root_node().add_child(
        instance=SiteRootPage(title=title, slug=f"orphan-{Page.objects.count()}")
    )
    factories.publish_reviewed(root.save_revision())
    return root


def restrict(page: Page, kind: str = PageViewRestriction.PASSWORD) -> PageViewRestriction:
    """A view restriction of ``kind`` (password, login or groups) on ``page``."""
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="Mima#2026" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="内部人员")[0])
    return restriction


def relative_path(page: Page, site: Site | Page) -> str:
    """The path of ``page`` below ``site`` (a Site, or a root page that no Site points at)."""
    root = site.root_page if isinstance(site, Site) else site
    return page.url_path[len(root.url_path) - 1 :]


def one_news_site() -> dict:
    """A site with one news column holding one live item: enough for tests of parameters."""
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    return {"site": site, "column": column, "item": factories.news(column, "区政府召开常务会议")}
