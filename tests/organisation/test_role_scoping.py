"""A role reaches its unit's columns and those of the units below it, nothing else (R15), and no
role publishes by pressing a button (审发分离, R17). Proven through the real admin views."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision

from cms.access.permissions import ROLE_PAGE_PERMISSIONS
from cms.content.models import ColumnPage, NewsPage
from cms.organisation.models import Role, RoleAssignment, UnitKind, UnitRoleGroup
from tests import factories


@pytest.fixture
def nested_columns(db):
    """区政府 → 教育局 (A) → 教育局办公室 (A1); 区政府 → 财政局 (B).

    Columns: A's 教育 with A1's 通知 inside it and B's 教育经费 (owned by B) nested in A's column;
    B's own 财政 at the top. Every column holds a published news item.
    """
    government = factories.unit("渭滨区人民政府", kind=UnitKind.GOVERNMENT)
    unit_a = factories.unit("渭滨区教育局", parent=government)
    unit_a1 = factories.unit("渭滨区教育局办公室", parent=unit_a, kind=UnitKind.SECTION)
    unit_b = factories.unit("渭滨区财政局", parent=government)
    site = factories.site("渭滨区人民政府", sponsor=government)
    root = site.root_page
    col_a = factories.column(root, "教育", owner=unit_a, slug="jiaoyu")
    col_a1 = factories.column(col_a, "教育通知", owner=unit_a1, slug="tongzhi")
    col_b_in_a = factories.column(col_a, "教育经费", owner=unit_b, slug="jingfei")
    col_b = factories.column(root, "财政", owner=unit_b, slug="caizheng")
    columns = {"a": col_a, "a1": col_a1, "b_in_a": col_b_in_a, "b": col_b}
    items = {key: factories.news(column, f"{column.title}动态") for key, column in columns.items()}
    return SimpleNamespace(
        government=government,
        unit_a=unit_a,
        unit_a1=unit_a1,
        unit_b=unit_b,
        site=site,
        columns=columns,
        items=items,
        officer_a=factories.user("xinxiyuan_a", unit=unit_a, role=Role.INFO_OFFICER),
        officer_b=factories.user("xinxiyuan_b", unit=unit_b, role=Role.INFO_OFFICER),
    )


def _add_url(parent) -> str:
    return f"/admin/pages/add/content/newspage/{parent.pk}/"


def _edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def _add_news(client, parent, slug, **extra):
    data = factories.page_form(client, _add_url(parent))
    data.update(title="信息员报送的新闻", slug=slug, source="渭滨区教育局", **extra)
    return client.post(_add_url(parent), data)


def _state(page) -> tuple:
    page = Page.objects.get(pk=page.pk)
    return (page.latest_revision_id, page.live_revision_id, page.title, page.draft_title)


# --- Reach ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a", "a1"], ids=["own unit", "sub-unit"])
def test_officer_adds_in_columns_of_own_unit_and_below(client, nested_columns, where):
    factories.login(client, nested_columns.officer_a)
    response = _add_news(client, nested_columns.columns[where], slug="baosong")

    assert response.status_code == 302, response.context and response.context["form"].errors
    created = NewsPage.objects.get(slug="baosong")
    assert created.get_parent().pk == nested_columns.columns[where].pk
    assert created.owner == nested_columns.officer_a
    assert not created.live


@pytest.mark.parametrize("where", ["a", "a1"], ids=["own unit", "sub-unit"])
def test_officer_edits_in_columns_of_own_unit_and_below(client, nested_columns, where):
    item = nested_columns.items[where]
    factories.login(client, nested_columns.officer_a)
    data = factories.page_form(client, _edit_url(item))
    data["title"] = "改过的标题"

    response = client.post(_edit_url(item), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.draft_title == "改过的标题"
    assert stored.latest_revision_id != item.latest_revision_id


@pytest.mark.parametrize(
    "where", ["b", "b_in_a"], ids=["other unit's column", "other unit's column inside own column"]
)
def test_officer_cannot_add_in_another_units_column(client, nested_columns, where):
    column = nested_columns.columns[where]
    factories.login(client, nested_columns.officer_a)
    pages, revisions = Page.objects.count(), Revision.objects.count()

    factories.assert_admin_denied(client.get(_add_url(column)))
    factories.assert_admin_denied(client.get(f"/admin/pages/{column.pk}/add_subpage/"))
    data = {"title": "越权新闻", "slug": "yuequan", "source": "x", "attachments-count": "0"}
    factories.assert_admin_denied(client.post(_add_url(column), data))

    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert not Page.objects.filter(slug="yuequan").exists()


@pytest.mark.parametrize(
    "where", ["b", "b_in_a"], ids=["other unit's column", "other unit's column inside own column"]
)
def test_officer_cannot_edit_in_another_units_column(client, nested_columns, where):
    item = nested_columns.items[where]
    column = nested_columns.columns[where]
    factories.login(client, nested_columns.officer_a)
    before = [_state(item), _state(column)]

    factories.assert_admin_denied(client.get(_edit_url(item)))
    data = {"title": "越权修改", "slug": item.slug, "source": "x", "attachments-count": "0"}
    factories.assert_admin_denied(client.post(_edit_url(item), data))
    factories.assert_admin_denied(client.post(_edit_url(column), {**data, "slug": column.slug}))

    assert [_state(item), _state(column)] == before


def test_the_other_unit_works_in_its_column_nested_in_ours(client, nested_columns):
    """The nested column is B's: B's officer may work there though it sits in A's column."""
    factories.login(client, nested_columns.officer_b)
    assert (
        _add_news(client, nested_columns.columns["b_in_a"], slug="jingfei-xinwen").status_code
        == 302
    )
    factories.assert_admin_denied(client.get(_add_url(nested_columns.columns["a"])))
    factories.assert_admin_denied(client.get(_edit_url(nested_columns.items["a"])))


def test_permission_tester_follows_the_owning_unit(nested_columns):
    for key, allowed in {"a": True, "a1": True, "b": False, "b_in_a": False}.items():
        column = ColumnPage.objects.get(pk=nested_columns.columns[key].pk)
        item = NewsPage.objects.get(pk=nested_columns.items[key].pk)
        assert column.permissions_for_user(nested_columns.officer_a).can_add_subpage() is allowed, (
            key
        )
        assert item.permissions_for_user(nested_columns.officer_a).can_edit() is allowed, key


def test_a_higher_unit_reaches_everything_below_it(client, nested_columns):
    chief = factories.user("keshizhang", unit=nested_columns.government, role=Role.SECTION_CHIEF)
    factories.login(client, chief)
    for key in nested_columns.columns:
        assert client.get(_edit_url(nested_columns.items[key])).status_code == 200, key


def test_a_sub_unit_does_not_reach_up(client, nested_columns):
    section_officer = factories.user(
        "xinxiyuan_a1", unit=nested_columns.unit_a1, role=Role.INFO_OFFICER
    )
    factories.login(client, section_officer)
    assert client.get(_edit_url(nested_columns.items["a1"])).status_code == 200
    factories.assert_admin_denied(client.get(_edit_url(nested_columns.items["a"])))
    factories.assert_admin_denied(client.get(_add_url(nested_columns.columns["a"])))


def test_column_created_after_the_role_was_given_is_in_reach(client, nested_columns):
    """A site administrator opens a new column for A in the admin; A's officer, appointed
    before, may report into it at once."""
    site_admin = factories.user("guanliyuan", unit=nested_columns.government, role=Role.SITE_ADMIN)
    factories.login(client, site_admin)
    url = f"/admin/pages/add/content/columnpage/{nested_columns.site.root_page.pk}/"
    data = factories.page_form(client, url)
    data.update(
        title="招生考试",
        slug="zhaosheng",
        responsible_unit=str(nested_columns.unit_a.pk),
        responsible_person=str(nested_columns.officer_a.pk),
    )
    assert client.post(url, data).status_code == 302
    new_column = ColumnPage.objects.get(slug="zhaosheng")
    client.logout()

    factories.login(client, nested_columns.officer_a)
    assert _add_news(client, new_column, slug="zhaosheng-xinwen").status_code == 302
    client.logout()
    factories.login(client, nested_columns.officer_b)
    factories.assert_admin_denied(client.get(_add_url(new_column)))


def test_column_handed_to_another_unit_changes_hands(client, nested_columns):
    column = ColumnPage.objects.get(pk=nested_columns.columns["b"].pk)
    factories.login(client, factories.superuser())
    data = factories.page_form(client, _edit_url(column))
    data.update(
        responsible_unit=str(nested_columns.unit_a.pk), **{"action-publish": "action-publish"}
    )
    assert client.post(_edit_url(column), data).status_code == 302
    assert ColumnPage.objects.get(pk=column.pk).responsible_unit == nested_columns.unit_a
    client.logout()

    factories.login(client, nested_columns.officer_a)
    assert client.get(_add_url(column)).status_code == 200
    client.logout()
    factories.login(client, nested_columns.officer_b)
    factories.assert_admin_denied(client.get(_add_url(column)))


# --- Nobody publishes by pressing a button -------------------------------------------------------


def test_no_role_holds_the_publish_permission(nested_columns):
    for role in Role:
        factories.user(unit=nested_columns.unit_a, role=role)
    assert UnitRoleGroup.objects.count() >= len(Role)
    assert GroupPagePermission.objects.exists()
    assert not GroupPagePermission.objects.filter(
        permission__codename__in=["publish_page", "bulk_delete_page"]
    ).exists()
    assert all("publish_page" not in codenames for codenames in ROLE_PAGE_PERMISSIONS.values())


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_no_role_can_publish(nested_columns, role):
    person = factories.user(unit=nested_columns.government, role=role)
    for key in nested_columns.columns:
        column = ColumnPage.objects.get(pk=nested_columns.columns[key].pk)
        item = NewsPage.objects.get(pk=nested_columns.items[key].pk)
        assert item.permissions_for_user(person).can_edit(), (role, key)
        assert not item.permissions_for_user(person).can_publish(), (role, key)
        assert not item.permissions_for_user(person).can_unpublish(), (role, key)
        assert not column.permissions_for_user(person).can_publish_subpage(), (role, key)
    site_root = nested_columns.site.root_page.specific
    assert not site_root.permissions_for_user(person).can_publish()


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_edit_view_offers_no_publish_button_and_refuses_the_action(client, nested_columns, role):
    person = factories.user(unit=nested_columns.unit_a, role=role)
    item = nested_columns.items["a"]
    factories.login(client, person)
    page = client.get(_edit_url(item))
    assert page.status_code == 200
    assert 'name="action-publish"' not in page.content.decode()
    published_before = Page.objects.get(pk=item.pk).last_published_at

    data = factories.form_data(page.content, containing="title")
    data.update(title="想直接发布", **{"action-publish": "action-publish"})
    data.setdefault("attachments-count", "0")
    response = client.post(_edit_url(item), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.title == item.title  # the live page is untouched
    assert stored.draft_title == "想直接发布"  # the change waits as a draft
    assert stored.has_unpublished_changes
    assert stored.live_revision_id == item.live_revision_id
    assert stored.last_published_at == published_before


def test_new_page_posted_with_publish_stays_a_draft(client, nested_columns):
    factories.login(client, nested_columns.officer_a)
    response = _add_news(
        client,
        nested_columns.columns["a"],
        slug="zhijiefabu",
        **{"action-publish": "action-publish"},
    )
    assert response.status_code == 302
    created = NewsPage.objects.get(slug="zhijiefabu")
    assert not created.live and created.first_published_at is None


def test_only_structural_pages_have_a_publish_button_and_only_for_the_superuser(
    client, nested_columns
):
    """The check above can fail: the button is there where someone may publish — a column, for
    the platform's superuser. An information item has none, not even for the superuser: only
    the last approval of the review publishes it (editorial/gate.py)."""
    factories.login(client, factories.superuser())
    column = client.get(_edit_url(nested_columns.columns["a"]))
    assert 'name="action-publish"' in column.content.decode()
    item = client.get(_edit_url(nested_columns.items["a"]))
    assert item.status_code == 200
    assert 'name="action-publish"' not in item.content.decode()


# --- Groups follow role assignments --------------------------------------------------------------


def _role_group(unit, role) -> Group:
    return UnitRoleGroup.objects.get(unit=unit, role=role).group


def test_assignment_in_the_admin_gives_the_group(client, nested_columns):
    person = factories.user("xinren")
    factories.login(client, factories.superuser())
    url = reverse("wagtailsnippets_organisation_roleassignment:add")
    data = factories.form_data(client.get(url).content, containing="role")
    data.update(user=str(person.pk), unit=str(nested_columns.unit_a.pk), role=Role.INFO_OFFICER)

    assert client.post(url, data).status_code == 302

    assert _role_group(nested_columns.unit_a, Role.INFO_OFFICER) in person.groups.all()
    assert (
        NewsPage.objects.get(pk=nested_columns.items["a"].pk)
        .permissions_for_user(person)
        .can_edit()
    )


def test_removing_the_assignment_in_the_admin_removes_the_group(client, nested_columns):
    officer = nested_columns.officer_a
    group = _role_group(nested_columns.unit_a, Role.INFO_OFFICER)
    assert group in officer.groups.all()
    assignment = RoleAssignment.objects.get(user=officer, unit=nested_columns.unit_a)
    factories.login(client, factories.superuser())
    url = reverse("wagtailsnippets_organisation_roleassignment:delete", args=[assignment.pk])

    assert client.post(url).status_code == 302

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert group not in officer.groups.all()
    client.logout()
    factories.login(client, officer)
    # With no role left, the officer has no admin at all: every admin URL sends them to log in.
    for url in (
        _add_url(nested_columns.columns["a"]),
        _edit_url(nested_columns.items["a"]),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), response["Location"]


def test_removing_one_assignment_keeps_the_others(nested_columns):
    officer = nested_columns.officer_a
    RoleAssignment.objects.create(user=officer, unit=nested_columns.unit_b, role=Role.INFO_OFFICER)
    group_a = _role_group(nested_columns.unit_a, Role.INFO_OFFICER)
    group_b = _role_group(nested_columns.unit_b, Role.INFO_OFFICER)
    unrelated = Group.objects.create(name="通讯录")
    officer.groups.add(unrelated)

    RoleAssignment.objects.get(user=officer, unit=nested_columns.unit_a).delete()

    groups = set(officer.groups.all())
    assert group_a not in groups
    assert {group_b, unrelated} <= groups


def test_wagtail_stock_groups_do_not_exist(db):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupPagePermission.objects.exists()
