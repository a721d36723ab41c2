"""The explorer of a column (issue 17, part 4): its filters offer the column's own people, types
and site, and what it reads does not grow with the rest of the platform.

Through the admin over HTTP, as a section chief browses their column; the last tests pin what
``cms.content.explorer`` relies on of Wagtail, and fail when an upgrade changes it.
"""

import inspect

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet, base_page_viewset, page_viewset_registry
from wagtail.log_actions import log
from wagtail.models import Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.content.explorer import (
    EXPLORE_ACTIONS,
    SCOPED_FILTERS,
    ColumnExplorerView,
    ColumnPageFilterSet,
    ColumnViewSet,
)
from cms.content.models import ColumnPage
from cms.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _platform():
    """Two units, each with its site and a column of items owned and edited by its people."""
    ours, theirs = factories.unit("民政局"), factories.unit("交通局")
    chief = factories.user("chief", unit=ours, role=Role.SECTION_CHIEF)
    officer = factories.user("officer", unit=ours, role=Role.INFO_OFFICER)
    editor = factories.user("editor", unit=ours, role=Role.INFO_OFFICER)
    outsider = factories.user("outsider", unit=theirs, role=Role.INFO_OFFICER)
    site = factories.site("民政局网站", sponsor=ours)
    other_site = factories.site("交通局网站", sponsor=theirs)
    column = factories.column(site.root_page, "通知公告", owner=ours, person=chief)
    other_column = factories.column(other_site.root_page, "交通动态", owner=theirs)
    for number in range(3):
        item = factories.news(column, f"民政通知{number}", owner=officer)
        log(instance=item, action="wagtail.edit", user=editor)
    foreign = factories.news(other_column, "交通新闻", owner=outsider)
    log(instance=foreign, action="wagtail.edit", user=outsider)
    return {
        "chief": chief,
        "officer": officer,
        "editor": editor,
        "outsider": outsider,
        "column": column,
        "other_column": other_column,
        "site": site,
        "other_site": other_site,
    }


def _explore(client, column, query=""):
    response = client.get(f"/admin/pages/{column.pk}/{query}")
    assert response.status_code == 200
    return response


def _choices(response, name):
    return set(response.context["filters"].form.fields[name].queryset)


def test_the_filters_offer_the_columns_own_people_types_and_site(client):
    world = _platform()
    factories.login(client, world["chief"])
    response = _explore(client, world["column"])

    assert _choices(response, "owner") == {world["officer"]}
    assert _choices(response, "edited_by") == {world["editor"]}
    assert _choices(response, "site") == {world["site"]}
    assert {ct.model_class() for ct in _choices(response, "content_type")} == {
        type(page.specific) for page in Page.objects.child_of(world["column"])
    }
    # A person of another unit is offered nowhere in the page.
    assert world["outsider"].get_username() not in response.content.decode()
    assert "交通局网站" not in response.content.decode()
    assert isinstance(response.context["view"], ColumnExplorerView)


def test_a_chosen_filter_lists_what_wagtail_would(client):
    world = _platform()
    other = factories.news(world["column"], "他人的通知", owner=world["chief"])
    factories.login(client, world["chief"])

    response = _explore(client, world["column"], f"?owner={world['chief'].pk}")

    assert [page.pk for page in response.context["object_list"]] == [other.pk]


def test_the_rows_are_wagtails_rows(client):
    world = _platform()
    factories.login(client, world["chief"])

    ours = _explore(client, world["column"])
    registered = page_viewset_registry.values_by_parent_model[ColumnPage]
    page_viewset_registry.values_by_parent_model[ColumnPage] = base_page_viewset
    try:
        stock = _explore(client, world["column"])
    finally:
        page_viewset_registry.values_by_parent_model[ColumnPage] = registered
    assert not isinstance(stock.context["view"], ColumnExplorerView)
    assert [p.pk for p in ours.context["object_list"]] == [
        p.pk for p in stock.context["object_list"]
    ]
    assert ours.context["items_count"] == stock.context["items_count"] == 3


def test_a_person_outside_the_column_keeps_wagtails_permission_filter(client):
    """The outsider holds no permission on our column: Wagtail sends them to their own root."""
    world = _platform()
    factories.login(client, world["outsider"])
    response = client.get(f"/admin/pages/{world['column'].pk}/")
    assert response.status_code == 302


def test_what_the_explorer_reads_does_not_grow_with_the_platform(client):
    world = _platform()
    factories.login(client, world["chief"])
    _explore(client, world["column"])  # caches warmed, as for any later request
    with CaptureQueriesContext(connection) as before:
        _explore(client, world["column"])

    # The platform grows elsewhere: another unit's site, with pages, owners and editors.
    elsewhere = factories.unit("住建局")
    site = factories.site("住建局网站", sponsor=elsewhere)
    for number in range(4):
        column = factories.column(site.root_page, f"住建栏目{number}", owner=elsewhere)
        for item in range(3):
            person = factories.user(unit=elsewhere, role=Role.INFO_OFFICER)
            page = factories.news(column, f"住建新闻{number}-{item}", owner=person)
            log(instance=page, action="wagtail.edit", user=person)

    with CaptureQueriesContext(connection) as after:
        response = _explore(client, world["column"])
    assert len(after) == len(before)
    assert _choices(response, "owner") == {world["officer"]}
    # The people offered are read from the column's own pages (Wagtail's reads every page and
    # every edit of the platform).
    people = [
        query["sql"]
        for query in after.captured_queries
        if "DISTINCT" in query["sql"]
        and ('"owner_id"' in query["sql"] or "wagtailcore_pagelogentry" in query["sql"])
    ]
    assert len(people) == 2, people
    for sql in people:
        assert f"{world['column'].path}%" in sql, sql


def test_a_listing_reads_the_site_root_paths_once(client, monkeypatch):
    """Wagtail's "View live" button asks each row for ``page.url``; the rows share one read (a
    page's ``_get_site_root_paths``: if an upgrade stops asking it, the reads grow again)."""
    world = _platform()
    factories.login(client, world["chief"])
    _explore(client, world["column"])
    reads = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", lambda: reads.append(1) or read())
    response = _explore(client, world["column"])
    assert len(response.context["object_list"]) == 3
    # One for the rows, one for the column's own URL in the page's header.
    assert len(reads) == 2
    # Each row is given the root paths above it, as Wagtail finds them.
    for page in response.context["object_list"]:
        assert page._get_relevant_site_root_paths() == Page._get_relevant_site_root_paths(page)


def test_the_explorer_of_a_site_home_stays_wagtails(client):
    world = _platform()
    admin = factories.superuser()
    factories.login(client, admin)
    response = _explore(client, world["site"].root_page)
    assert not isinstance(response.context["view"], ColumnExplorerView)


# --- What cms.content.explorer relies on of Wagtail ----------------------------------------------


def test_wagtail_routes_a_columns_listing_to_the_columns_viewset():
    viewset = page_viewset_registry.get_by_parent_model(ColumnPage)
    assert isinstance(viewset, ColumnViewSet)
    assert issubclass(ColumnViewSet, PageViewSet)
    assert viewset.index_view.view_class is ColumnExplorerView
    assert viewset.index_view.view_initkwargs["model"] is Page
    assert viewset.index_view.view_initkwargs["filterset_class"] is ColumnPageFilterSet


def test_wagtails_explorer_has_what_the_column_explorer_overrides():
    assert set(SCOPED_FILTERS) <= set(GenericPageFilterSet.base_filters)
    for name in ("get_base_queryset", "get_filterset_kwargs", "annotate_queryset"):
        assert callable(getattr(ExplorableIndexView, name)), name
    for name in ("is_searching_whole_tree", "is_searching", "is_filtering", "permission_policy"):
        assert hasattr(ExplorableIndexView, name), name
    # Wagtail limits its rows to these permissions' pages (explorable_instances): the column
    # explorer leaves the filter out only for a person holding one of them on the column.
    # A row's URL goes through the site root paths of the page (one_read_of_site_root_paths).
    assert "self._get_relevant_site_root_paths(" in inspect.getsource(Page.get_url_parts)
    assert "self._get_site_root_paths(" in inspect.getsource(Page._get_relevant_site_root_paths)
    source = inspect.getsource(PagePermissionPolicy.explorable_instances)
    for action in EXPLORE_ACTIONS:
        assert f'"{action}"' in source, action
