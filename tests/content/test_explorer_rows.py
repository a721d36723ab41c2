"""The explorer's rows written out (issue 17, part 4): the column's explorer sends the same table
as Wagtail's cell templates would, for rows in every state, for each kind of person.

Both ways through the admin over HTTP: the column's explorer as registered, then the same view
with Wagtail's own columns (``explorable_columns`` of ``ExplorableIndexView``); the tables must
be the same once runs of whitespace are made one (as a browser shows them). These tests fail
when an upgrade of Wagtail changes one of the templates ``cms.content.explorer_rows`` copies.
"""

import re

import pytest
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.widgets.button import Button
from wagtail.models import Page, PageViewRestriction, Site

from archive.filing import file_pages
from cms.content import explorer_rows
from cms.content.explorer import ColumnExplorerView
from cms.organisation.models import Role, UnitKind
from editorial import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    site = factories.site("某区人民政府", sponsor=office)
    people = {
        "author": factories.user("author", unit=office, role=Role.INFO_OFFICER),
        "chief": factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        "webmaster": factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        "officer": factories.user("officer", unit=office, role=Role.INFO_OFFICER),
        "deputy": factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
        "principal": factories.user("principal", unit=office, role=Role.PRINCIPAL_HEAD),
        "admin": factories.superuser(),
    }
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    rows = {
        "live": factories.news(column, "已发布的要闻"),
        "draft": factories.news(column, "从未发布的草稿", publish=False),
        "changed": factories.news(column, "发布后又改动"),
        "in_review": factories.news(column, "审核中的要闻", publish=False),
        "locked_by_chief": factories.news(column, "科长锁定的要闻"),
        "locked_by_other": factories.news(column, "他人锁定的要闻"),
        "private": factories.news(column, "仅内部可见 <b>&“引号”"),
        "filed": factories.news(column, "已归档的要闻"),
    }
    rows["changed"].title = "改动后的标题"
    rows["changed"].save_revision(user=people["author"])
    services.submit(rows["in_review"], people["author"])
    Page.objects.filter(pk=rows["locked_by_chief"].pk).update(
        locked=True, locked_by=people["chief"]
    )
    Page.objects.filter(pk=rows["locked_by_other"].pk).update(
        locked=True, locked_by=people["author"]
    )
    PageViewRestriction.objects.create(
        page=rows["private"], restriction_type=PageViewRestriction.LOGIN
    )
    file_pages([rows["filed"].pk], reason="manual", user=people["webmaster"])
    sub_column = factories.column(column, "子栏目", owner=office)
    factories.news(sub_column, "子栏目里的要闻")
    factories.column(column, "空的子栏目", owner=office)
    return {"column": column, "people": people, "rows": rows}


def _table(html: str) -> str:
    """The listing's table, each run of whitespace made one space."""
    start = html.index("<table", html.index("data-listing-page-title") - 20_000)
    table = html[start : html.index("</table>", start)]
    assert "data-listing-page-title" in table
    return re.sub(r"\s+", " ", table)


def _both_ways(client, url):
    written_out = client.get(url)
    assert written_out.status_code == 200
    assert isinstance(written_out.context["view"], ColumnExplorerView)
    written = {type(c) for c in written_out.context["table"].columns.values()}
    assert written <= set(explorer_rows.WRITTEN_OUT.values())
    columns = ColumnExplorerView.__dict__["explorable_columns"]
    ColumnExplorerView.explorable_columns = ExplorableIndexView.explorable_columns
    try:
        templated = client.get(url)
    finally:
        ColumnExplorerView.explorable_columns = columns
    assert templated.status_code == 200
    cells = [type(c) for c in templated.context["table"].columns.values()]
    assert not set(cells) & set(explorer_rows.WRITTEN_OUT.values())
    ours, wagtails = _table(written_out.content.decode()), _table(templated.content.decode())
    if ours != wagtails:  # where they part, to read in the failure
        at = next(i for i, (a, b) in enumerate(zip(ours, wagtails, strict=False)) if a != b)
        assert ours[at - 200 : at + 200] == wagtails[at - 200 : at + 200]
    return ours, wagtails


@pytest.mark.parametrize("person", ["author", "chief", "webmaster", "admin"])
def test_the_rows_are_the_templates_rows_for_each_person(client, world, person):
    factories.login(client, world["people"][person])
    ours, wagtails = _both_ways(client, f"/admin/pages/{world['column'].pk}/")
    assert ours == wagtails
    # Every state is in the table: the buttons, indicators and statuses of each.
    for row in world["rows"].values():
        assert f'id="page_{row.pk}_title"' in ours
    assert "privacy-indicator" in ours
    assert "indicator--is-dimmed" in ours
    assert 'class="children"' in ours and 'class="no-children"' in ours


def test_the_rows_are_the_templates_rows_when_searching_and_ordering(client, world):
    factories.login(client, world["people"]["chief"])
    column = world["column"]
    for query in ("?q=要闻", "?q=要闻&search_all=1", "?ordering=title", "?ordering=-live"):
        ours, wagtails = _both_ways(client, f"/admin/pages/{column.pk}/{query}")
        assert ours == wagtails, query


def test_a_live_page_with_a_url_links_its_status_as_the_template_does(client, world, settings):
    """Headless, a page has no URL of Wagtail's; with a served route it has one, and the status
    links to it."""
    settings.ROOT_URLCONF = "tests.content.urls_serving"
    cache.clear()
    factories.login(client, world["people"]["admin"])
    ours, wagtails = _both_ways(client, f"/admin/pages/{world['column'].pk}/")
    assert 'target="_blank" rel="noreferrer"' in ours
    assert ours == wagtails


def test_the_site_roots_rows_offer_the_sites_menu(client, world):
    """A column listing never holds a site's home; the title cell's site branch is checked
    through a column whose child is made a site root."""
    sub_column = Page.objects.get(title="子栏目")
    Site.objects.create(hostname="sub.example.gov.cn", root_page=sub_column)
    factories.login(client, world["people"]["admin"])
    ours, wagtails = _both_ways(client, f"/admin/pages/{world['column'].pk}/")
    assert "icon-site" in ours
    assert ours == wagtails


def test_a_button_of_another_kind_is_rendered_by_wagtail(client, world):
    """A hook's button of its own class (here in the "more" dropdown) keeps Wagtail's
    rendering; the rows around it stay written out."""

    class Marked(Button):
        def render_html(self, parent_context=None):
            return mark_safe(f'<a href="{self.url}" data-own-rendering="1">{self.label}</a>')

    def more(page, user, next_url=None):
        yield Marked("标记", url=f"/marked/{page.pk}/", priority=90)

    factories.login(client, world["people"]["chief"])
    with hooks.register_temporarily("register_page_listing_more_buttons", more):
        ours, wagtails = _both_ways(client, f"/admin/pages/{world['column'].pk}/")
    assert ours.count('data-own-rendering="1"') == len(world["rows"]) + 2  # and the two sub-columns
    assert ours == wagtails


def test_a_column_this_module_does_not_know_keeps_its_template():
    class Subclassed(DateColumn):
        pass

    known = DateColumn("latest_revision_created_at", label="已更新")
    unknown = Subclassed("latest_revision_created_at")
    plain = Column("title")
    assert type(explorer_rows.written_out(known)) is explorer_rows.WrittenOutDateColumn
    assert explorer_rows.written_out(known).label == "已更新"
    assert type(known) is DateColumn  # the column given is left as it is
    assert explorer_rows.written_out(unknown) is unknown
    assert explorer_rows.written_out(plain) is plain


def test_the_templates_copied_are_wagtails():
    for name in explorer_rows.TEMPLATES:
        assert get_template(name), name
