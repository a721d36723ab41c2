"""A person's Wagtail permissions for one request (cms/access/middleware.py): read in a
fixed number of queries however many units the person serves, answering every question Wagtail
asks exactly as its own reading does, and let go with the response."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.collections import CollectionPermissionLookupMixin
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import page_permission_policy

from cms.access.middleware import collection_permissions_of, page_permissions_of
from cms.organisation.models import Role, RoleAssignment, UnitKind
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_CACHE = PagePermissionPolicy.permission_cache_name
COLLECTION_CACHE = CollectionPermissionLookupMixin.permission_cache_name


@pytest.fixture
def platform(db):
    """Two sites; units that own columns, one nested in another's column; a deputy head serving
    four units, whose groups grant the same library permissions four times."""
    government = factories.unit("渭滨区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("渭滨区政府办公室", parent=government, kind=UnitKind.OFFICE)
    units = [factories.unit(name, parent=government) for name in ("教育局", "财政局", "卫健局")]
    portal = factories.site("渭滨区人民政府", sponsor=office)
    department = factories.site("渭滨区教育局", sponsor=units[0])
    columns = [
        factories.column(portal.root_page, "政务要闻", owner=office),
        factories.column(portal.root_page, "教育动态", owner=units[0]),
        factories.column(department.root_page, "通知公告", owner=units[0]),
        factories.column(department.root_page, "财政信息", owner=units[1]),
    ]
    columns.append(factories.column(columns[1], "卫生信息", owner=units[2]))
    for column in columns:
        factories.news(column, f"{column.title}稿件")
    deputy = factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD)
    for unit in units:
        RoleAssignment.objects.create(user=deputy, unit=unit, role=Role.DEPUTY_HEAD)
    RoleAssignment.objects.create(user=deputy, unit=units[1], role=Role.SITE_ADMIN)
    return SimpleNamespace(
        deputy=deputy,
        officer=factories.user("officer", unit=units[2], role=Role.INFO_OFFICER),
        nobody=factories.user("nobody"),
        superuser=factories.superuser(),
        columns=columns,
    )


def _fresh(user):
    """The person as a new request loads them: nothing cached."""
    return get_user_model().objects.get(pk=user.pk)


def test_the_rows_grant_what_wagtails_own_reading_grants(platform):
    for person in (platform.deputy, platform.officer, platform.nobody):
        own = GroupPagePermission.objects.filter(group__user=person)
        rows = page_permissions_of(person)
        assert {(row.page_id, row.permission.codename) for row in rows} == {
            (row.page_id, row.permission.codename) for row in own
        }
        for row in rows:
            page, permission = Page.objects.get(pk=row.page_id), row.permission
            assert (row.page.pk, row.page.path, row.page.depth, row.page.title) == (
                page.pk,
                page.path,
                page.depth,
                page.title,
            )
            assert (permission.codename, permission.content_type_id) == (
                type(permission).objects.get(pk=row.permission_id).codename,
                type(permission).objects.get(pk=row.permission_id).content_type_id,
            )
        own = GroupCollectionPermission.objects.filter(group__user=person)
        rows = collection_permissions_of(person)
        assert {(row.collection_id, row.permission.codename) for row in rows} == {
            (row.collection_id, row.permission.codename) for row in own
        }
    # One row per page and permission, each page and permission read once.
    rows = page_permissions_of(platform.deputy)
    assert len(rows) == len({(row.page_id, row.permission_id) for row in rows})
    assert len({id(row.page) for row in rows}) == len({row.page_id for row in rows})
    assert len({id(row.permission) for row in rows}) == len({row.permission_id for row in rows})
    # Built as Django builds a row it loaded: saved instances, the fields not read deferred and
    # read from the database when asked for.
    met = set()
    for row in page_permissions_of(platform.deputy):
        page = Page.objects.get(pk=row.page_id)
        for instance in (row, row.page, row.permission):
            assert (instance._state.adding, instance._state.db) == (False, "default")
        if row.page_id not in met:
            met.add(row.page_id)
            assert {"owner_id", "first_published_at"} <= row.page.get_deferred_fields()
        assert (row.page.owner_id, row.page.first_published_at) == (
            page.owner_id,
            page.first_published_at,
        )
        assert row.page.specific == page.specific
        assert row.page == page and row.group.user_set.filter(pk=platform.deputy.pk).exists()
    library = collection_permissions_of(platform.deputy)
    assert GroupCollectionPermission.objects.filter(group__user=platform.deputy).count() > len(
        library
    )
    # Each collection (the root for choosing, each unit's for editing) read once, as stored.
    assert len({id(row.collection) for row in library}) == len(
        {row.collection_id for row in library}
    )
    for row in library:
        stored = Collection.objects.get(pk=row.collection_id)
        assert (row.collection.path, row.collection.depth, row.collection.name) == (
            stored.path,
            stored.depth,
            stored.name,
        )


def test_every_page_answers_as_with_wagtails_own_reading(platform):
    """Each page's permission tester, and the policy's questions, give the same answers."""
    pages = list(Page.objects.filter(depth__gt=1).order_by("path"))
    for person in (platform.deputy, platform.officer, platform.nobody):
        primed, stock = _fresh(person), _fresh(person)
        setattr(primed, PAGE_CACHE, page_permissions_of(primed))
        setattr(primed, COLLECTION_CACHE, collection_permissions_of(primed))
        for page in pages:
            assert (
                page.permissions_for_user(primed).permissions
                == page.permissions_for_user(stock).permissions
            ), (person, page)
        for actions in ({"add"}, {"change"}, {"lock", "unlock"}, {"publish"}):
            assert page_permission_policy.user_has_any_permission(
                primed, actions
            ) == page_permission_policy.user_has_any_permission(stock, actions)
            assert set(
                page_permission_policy.instances_user_has_any_permission_for(primed, actions)
            ) == set(page_permission_policy.instances_user_has_any_permission_for(stock, actions))
        assert page_permission_policy.explorable_root_instance(
            primed
        ) == page_permission_policy.explorable_root_instance(stock)


def _admin_queries(client, person, url="/admin/") -> int:
    factories.login(client, person)
    client.get(url)  # the first request fills process-wide caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_an_admin_page_reads_the_same_queries_for_one_unit_or_many(client, platform):
    office = platform.deputy.role_assignments.get(role=Role.DEPUTY_HEAD, unit__kind=UnitKind.OFFICE)
    admin = platform.deputy.role_assignments.get(role=Role.SITE_ADMIN)
    few = factories.user("deputy_of_one_unit", unit=office.unit, role=Role.DEPUTY_HEAD)
    RoleAssignment.objects.create(user=few, unit=admin.unit, role=Role.SITE_ADMIN)
    assert _admin_queries(client, platform.deputy) == _admin_queries(client, few)


def test_the_caches_go_with_the_response_and_the_admin_works_as_before(client, platform):
    factories.login(client, platform.deputy)
    response = client.get(f"/admin/pages/{platform.columns[2].pk}/")  # the explorer
    assert response.status_code == 200
    assert platform.columns[2].title in response.content.decode()
    user = response.wsgi_request.user._wrapped
    assert user.pk == platform.deputy.pk
    assert not {PAGE_CACHE, COLLECTION_CACHE, "_perm_cache", "_units_in_reach"} & set(vars(user))
    # The explorer shows nothing outside the person's reach.
    factories.login(client, platform.officer)
    assert client.get(f"/admin/pages/{platform.columns[2].pk}/").status_code in (302, 403)


def test_superusers_and_anonymous_requests_are_left_to_wagtail(client, platform):
    factories.login(client, platform.superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert not getattr(response.wsgi_request.user, PAGE_CACHE, None)
    client.logout()
    assert client.get("/api/v1/sites").status_code == 200


def test_rows_are_built_by_django_where_anything_listens_to_their_creation(platform):
    built = []

    def seen(sender, instance, **kwargs):
        built.append(instance.codename)

    post_init.connect(seen, sender=Permission)
    try:
        rows = page_permissions_of(platform.deputy)
    finally:
        post_init.disconnect(seen, sender=Permission)
    assert sorted(built) == sorted({row.permission.codename for row in rows})
