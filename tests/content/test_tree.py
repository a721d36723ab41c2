"""The page tree has a fixed shape (R3, R6): site home → columns (nested) → content items.
Wagtail's admin refuses any other placement, to superusers too, and so does the model."""

from types import SimpleNamespace

import pytest
from wagtail.models import Page

from cms.content.models import (
    ColumnPage,
    NewsPage,
    NoticePage,
    ResponsePage,
    SiteRootPage,
    TopicPage,
)
from interpretation.models import InterpretationPage, PolicyDocumentPage
from knowledgebase.models import KnowledgeEntryPage, ServiceGuidePage
from knowledgebase.surveys.models import SurveyPage
from tests import factories

ITEM_TYPES = [NewsPage, NoticePage, TopicPage, ResponsePage]


@pytest.fixture
def tree(db):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=owner)
    column = factories.column(site.root_page, "政务公开", owner=owner, slug="zwgk")
    sub_column = factories.column(column, "政策文件", owner=owner, slug="zcwj")
    item = factories.news(sub_column, "区政府召开常务会议")
    return SimpleNamespace(
        wagtail_root=Page.get_first_root_node(),
        site_root=site.root_page,
        column=column,
        sub_column=sub_column,
        item=item,
    )


# (page type, where it is placed, whether that is allowed)
PLACEMENTS = [
    *[(model, "site_root", False) for model in ITEM_TYPES],
    *[(model, "wagtail_root", False) for model in ITEM_TYPES],
    *[(model, "item", False) for model in ITEM_TYPES],
    *[(model, "column", True) for model in ITEM_TYPES],
    *[(model, "sub_column", True) for model in ITEM_TYPES],
    (ColumnPage, "item", False),
    (ColumnPage, "wagtail_root", False),
    (ColumnPage, "site_root", True),
    (ColumnPage, "column", True),
    (SiteRootPage, "column", False),
    (SiteRootPage, "site_root", False),
    (SiteRootPage, "item", False),
    (SiteRootPage, "wagtail_root", True),
]


def _ids(placement):
    model, where, allowed = placement
    return f"{model.__name__}-under-{where}-{'allowed' if allowed else 'refused'}"


@pytest.mark.parametrize("placement", PLACEMENTS, ids=[_ids(p) for p in PLACEMENTS])
def test_page_type_rules(tree, placement):
    model, where, allowed = placement
    parent = getattr(tree, where).specific
    assert model.can_create_at(parent) is allowed
    assert (model in type(parent).creatable_subpage_models()) is allowed


def test_declared_shape():
    assert SiteRootPage.allowed_subpage_models() == [ColumnPage]
    # The domains' item types, each tested in its own package's tests.
    domain_types = [
        PolicyDocumentPage,
        InterpretationPage,
        KnowledgeEntryPage,
        ServiceGuidePage,
        SurveyPage,
    ]
    assert set(ColumnPage.allowed_subpage_models()) == {ColumnPage, *ITEM_TYPES, *domain_types}
    for model in [*ITEM_TYPES, *domain_types]:
        assert model.allowed_parent_page_models() == [ColumnPage]
        assert model.allowed_subpage_models() == []
    assert ColumnPage.allowed_parent_page_models() == [SiteRootPage, ColumnPage]


REFUSED = [p for p in PLACEMENTS if not p[2]]


@pytest.mark.parametrize("placement", REFUSED, ids=[_ids(p) for p in REFUSED])
def test_admin_add_view_refuses_a_misplaced_page(client, tree, placement):
    model, where, _allowed = placement
    parent = getattr(tree, where)
    factories.login(client, factories.superuser())
    url = f"/admin/pages/add/content/{model._meta.model_name}/{parent.pk}/"
    count = Page.objects.count()

    factories.assert_admin_denied(client.get(url))
    data = {
        "title": "错位的页面",
        "slug": "cuowei",
        "source": "区政府办公室",
        "responsible_unit": str(tree.column.responsible_unit_id),
        "responsible_person": str(tree.column.responsible_person_id),
        "attachments-count": "0",
        "action-publish": "action-publish",
    }
    factories.assert_admin_denied(client.post(url, data))

    assert Page.objects.count() == count
    assert not Page.objects.filter(slug="cuowei").exists()


ALLOWED = [p for p in PLACEMENTS if p[2] and p[1] != "wagtail_root"]


@pytest.mark.parametrize("placement", ALLOWED, ids=[_ids(p) for p in ALLOWED])
def test_admin_add_view_offers_an_allowed_placement(client, tree, placement):
    model, where, _allowed = placement
    parent = getattr(tree, where)
    factories.login(client, factories.superuser())
    response = client.get(f"/admin/pages/add/content/{model._meta.model_name}/{parent.pk}/")
    assert response.status_code == 200


def test_site_home_offers_only_columns(client, tree):
    factories.login(client, factories.superuser())
    response = client.get(f"/admin/pages/{tree.site_root.pk}/add_subpage/")
    # With one type allowed, Wagtail goes straight to its form.
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/add/content/columnpage/{tree.site_root.pk}/"


def test_content_item_offers_no_subpage(client, tree):
    factories.login(client, factories.superuser())
    factories.assert_admin_denied(client.get(f"/admin/pages/{tree.item.pk}/add_subpage/"))


@pytest.mark.parametrize(
    ("moved", "destination"),
    [("item", "site_root"), ("column", "item"), ("sub_column", "wagtail_root")],
)
def test_admin_move_refuses_a_misplacement(client, tree, moved, destination):
    page, target = getattr(tree, moved), getattr(tree, destination)
    admin = factories.superuser()
    parent_before = page.get_parent().pk
    assert not page.permissions_for_user(admin).can_move_to(target)
    factories.login(client, admin)

    response = client.post(f"/admin/pages/{page.pk}/move/{target.pk}/confirm/")

    factories.assert_admin_denied(response)
    assert Page.objects.get(pk=page.pk).get_parent().pk == parent_before


def test_admin_move_within_the_rules_is_allowed(client, tree):
    other = factories.column(tree.site_root, "新闻中心", owner=tree.column.responsible_unit)
    admin = factories.superuser()
    factories.login(client, admin)

    response = client.post(f"/admin/pages/{tree.item.pk}/move/{other.pk}/confirm/")

    assert response.status_code == 302
    assert Page.objects.get(pk=tree.item.pk).get_parent().pk == other.pk


def test_model_answers_where_a_page_may_exist(tree):
    """What Wagtail's move and copy actions ask the model before they place a page."""
    orphan = NewsPage(title="错位的新闻", slug="cuowei", source="区政府办公室")
    assert not orphan.can_move_to(tree.site_root)
    assert not orphan.can_exist_under(tree.site_root)
    assert orphan.can_exist_under(tree.column)
