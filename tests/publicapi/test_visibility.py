"""What the public may see: only live pages, below live pages, without view restrictions, inside
a site. Checked through every route that can show a page: the listing, the detail by id, the
lookup by path and the sitemap.

The tree is built once for the module; each test changes it inside its own savepoint and runs
the refreshes the change would trigger after the admin's commit (``refreshes``).
"""

import json

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import ColumnPage, NewsPage, NoticePage
from publicapi.models import PublicPage
from tests import factories

from .builders import draft, fresh, relative_path, restrict, site_root_without_site
from .conftest import module_data
from .contract import sitemap_ids

RESTRICTIONS = [
    PageViewRestriction.PASSWORD,
    PageViewRestriction.LOGIN,
    PageViewRestriction.GROUPS,
]


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    other = factories.site("金台区人民政府")
    t = {"site": site, "other": other, "office": office}

    t["xinwen"] = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    t["dongtai"] = factories.column(t["xinwen"], "动态", owner=office, slug="dongtai")
    t["tzgg"] = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
    t["live"] = factories.news(t["dongtai"], "区政府召开常务会议")
    t["notice"] = factories.news(t["tzgg"], "关于春节放假的通知", page_class=NoticePage)

    t["draft"] = draft(t["dongtai"], "从未发布的草稿")

    changed = factories.news(t["dongtai"], "已发布的标题", body="<p>已发布的正文</p>")
    changed.title = "尚未发布的新标题"
    changed.body = "<p>尚未发布的新正文</p>"
    changed.save_revision()
    t["changed"] = changed

    t["withdrawn"] = factories.news(t["dongtai"], "已撤下的新闻")
    fresh(t["withdrawn"]).unpublish()

    t["dormant"] = factories.column(site.root_page, "停用栏目", owner=office, slug="tingyong")
    t["dormant_sub"] = factories.column(t["dormant"], "停用子栏目", owner=office, slug="zi")
    t["dormant_item"] = factories.news(t["dormant_sub"], "停用栏目下仍在线的新闻")
    fresh(t["dormant"]).unpublish()

    t["unborn"] = draft(site.root_page, "从未发布的栏目", page_class=ColumnPage, slug="weifabu")
    t["unborn_item"] = factories.news(t["unborn"], "未发布栏目下已发布的新闻")

    t["yaowen"] = factories.column(other.root_page, "要闻", owner=office, slug="yaowen")
    t["other_item"] = factories.news(t["yaowen"], "金台区新闻")

    t["orphan_root"] = site_root_without_site()
    t["orphan_column"] = factories.column(t["orphan_root"], "无站点栏目", owner=office)
    t["orphan_item"] = factories.news(t["orphan_column"], "不属于任何站点的新闻")
    return t


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


pytestmark = pytest.mark.django_db


def assert_visible(api, site, page, *, listed=True):
    page = fresh(page)
    path = relative_path(page, site)
    detail = api.detail(site.pk, page.pk)
    assert detail["title"] == page.title
    assert detail["url_path"] == path
    assert detail["site"] == {"id": site.pk, "name": site.site_name}
    assert api.find(site.pk, path)["id"] == page.pk
    if listed:
        assert page.pk in api.listed_ids(site.pk)
    if isinstance(page, ColumnPage):
        assert page.pk in sitemap_ids(api.sitemap(site.pk))


def assert_hidden(api, tree, page):
    """``page`` is on no route of any site: not listed, no detail, not found, not in sitemaps."""
    page = fresh(page)
    assert not PublicPage.objects.filter(page_id=page.pk).exists()
    start = len(api.seen)
    for site in (tree["site"], tree["other"]):
        assert page.pk not in api.listed_ids(site.pk)
        api.detail(site.pk, page.pk, status=404)
        if page.depth > 2:  # the path of a site home is "/", which is the site's own home
            api.find(site.pk, relative_path(page, site), status=404)
        assert page.pk not in sitemap_ids(api.sitemap(site.pk))
    quoted = json.dumps(page.title, ensure_ascii=False)
    for text in api.seen[start:]:
        assert quoted not in text, f"{page.title} is served"


def test_live_pages_are_served_everywhere(api, tree):
    for name in ("xinwen", "dongtai", "tzgg", "live", "notice"):
        assert_visible(api, tree["site"], tree[name], listed=name in ("live", "notice"))
    assert_visible(api, tree["other"], tree["other_item"])
    assert api.listed_ids(tree["site"].pk) == sorted(
        [tree["live"].pk, tree["notice"].pk, tree["changed"].pk], reverse=True
    )


def test_a_draft_never_published_is_hidden(api, tree):
    assert_hidden(api, tree, tree["draft"])


def test_unpublished_changes_are_not_served_until_published(api, tree, refreshes):
    site, changed = tree["site"], tree["changed"]
    detail = api.detail(site.pk, changed.pk)
    assert (detail["title"], detail["body"]) == ("已发布的标题", "<p>已发布的正文</p>")
    listed = api.listing(site.pk)["items"]
    assert [i["title"] for i in listed if i["id"] == changed.pk] == ["已发布的标题"]
    assert api.find(site.pk, relative_path(changed, site))["title"] == "已发布的标题"
    # Refreshing the whole site (as a column's republication does) still serves the live version.
    with refreshes():
        factories.publish_reviewed(fresh(tree["xinwen"]).save_revision())
    for text in api.seen + [api.detail(site.pk, changed.pk)["body"]]:
        assert "尚未发布" not in text

    with refreshes():
        factories.publish_reviewed(fresh(changed).get_latest_revision())
    detail = api.detail(site.pk, changed.pk)
    assert (detail["title"], detail["body"]) == ("尚未发布的新标题", "<p>尚未发布的新正文</p>")


def test_an_unpublished_page_is_hidden_and_comes_back_when_republished(api, tree, refreshes):
    assert_hidden(api, tree, tree["withdrawn"])
    with refreshes():
        fresh(tree["live"]).unpublish()
    assert_hidden(api, tree, tree["live"])
    with refreshes():
        factories.publish_reviewed(fresh(tree["live"]).get_latest_revision())
    assert_visible(api, tree["site"], tree["live"])


def test_pages_under_an_unpublished_column_are_hidden(api, tree, refreshes):
    for name in ("dormant", "dormant_sub", "dormant_item", "unborn", "unborn_item"):
        assert_hidden(api, tree, tree[name])

    with refreshes():
        fresh(tree["xinwen"]).unpublish()
    for name in ("xinwen", "dongtai", "live", "changed"):
        assert_hidden(api, tree, tree[name])
    assert_visible(api, tree["site"], tree["notice"])

    with refreshes():
        factories.publish_reviewed(fresh(tree["xinwen"]).get_latest_revision())
    for name in ("xinwen", "dongtai", "live", "changed"):
        assert_visible(api, tree["site"], tree[name], listed=name in ("live", "changed"))


def test_republishing_a_dormant_column_brings_back_what_is_live_below_it(api, tree, refreshes):
    with refreshes():
        factories.publish_reviewed(fresh(tree["dormant"]).get_latest_revision())
    assert_visible(api, tree["site"], tree["dormant"], listed=False)
    assert_visible(api, tree["site"], tree["dormant_sub"], listed=False)
    assert_visible(api, tree["site"], tree["dormant_item"])


def test_publishing_below_an_unpublished_column_stays_hidden(api, tree, refreshes):
    with refreshes():
        item = factories.news(fresh(tree["dormant_sub"]), "发布到停用栏目下的新闻")
    assert_hidden(api, tree, item)


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_private_column_and_its_descendants_are_hidden(api, tree, refreshes, kind):
    with refreshes():
        restriction = restrict(fresh(tree["xinwen"]), kind)
    for name in ("xinwen", "dongtai", "live", "changed"):
        assert_hidden(api, tree, tree[name])
    assert_visible(api, tree["site"], tree["notice"])
    assert_visible(api, tree["site"], tree["tzgg"], listed=False)

    # Publishing below a private column does not make anything public either.
    with refreshes():
        factories.publish_reviewed(fresh(tree["live"]).save_revision())
        newcomer = factories.news(fresh(tree["dongtai"]), "私密栏目下新发布的新闻")
    assert_hidden(api, tree, tree["live"])
    assert_hidden(api, tree, newcomer)

    with refreshes():
        restriction.delete()
    for name in ("xinwen", "dongtai", "live", "changed", "newcomer"):
        page = newcomer if name == "newcomer" else tree[name]
        assert_visible(api, tree["site"], page, listed=name in ("live", "changed", "newcomer"))


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_private_item_is_hidden_until_its_restriction_is_removed(api, tree, refreshes, kind):
    with refreshes():
        restriction = restrict(fresh(tree["live"]), kind)
    assert_hidden(api, tree, tree["live"])
    assert_visible(api, tree["site"], tree["changed"])
    with refreshes():
        restriction.delete()
    assert_visible(api, tree["site"], tree["live"])


def test_a_private_site_home_hides_the_whole_site(api, tree, refreshes):
    with refreshes():
        restriction = restrict(fresh(tree["site"].root_page), PageViewRestriction.LOGIN)
    assert api.listing(tree["site"].pk)["count"] == 0
    assert api.sitemap(tree["site"].pk)["columns"] == []
    api.find(tree["site"].pk, "/", status=404)
    assert tree["other_item"].pk in api.listed_ids(tree["other"].pk)
    with refreshes():
        restriction.delete()
    assert api.listing(tree["site"].pk)["count"] == 3
    assert api.find(tree["site"].pk, "/")["type"] == "site_root"


def test_a_deleted_item_is_gone(api, tree, refreshes):
    with refreshes():
        fresh(tree["live"]).delete()
    assert not Page.objects.filter(pk=tree["live"].pk).exists()
    for site in (tree["site"], tree["other"]):
        assert tree["live"].pk not in api.listed_ids(site.pk)
        api.detail(site.pk, tree["live"].pk, status=404)
    api.find(tree["site"].pk, relative_path(tree["live"], tree["site"]), status=404)
    assert "区政府召开常务会议" not in "".join(api.seen)


def test_a_deleted_column_takes_its_items_and_leaves_the_sitemap(api, tree, refreshes):
    doomed = [tree[name] for name in ("xinwen", "dongtai", "live", "changed")]
    with refreshes():
        fresh(tree["xinwen"]).delete()
    site = tree["site"]
    assert api.listed_ids(site.pk) == [tree["notice"].pk]
    for page in doomed:
        api.detail(site.pk, page.pk, status=404)
        api.find(site.pk, relative_path(page, site), status=404)
    assert sitemap_ids(api.sitemap(site.pk)) == {tree["tzgg"].pk}


def test_pages_outside_every_site_are_never_served(api, tree, refreshes):
    for name in ("orphan_root", "orphan_column", "orphan_item"):
        assert_hidden(api, tree, tree[name])
        page = fresh(tree[name])
        for site in (tree["site"], tree["other"]):
            api.find(site.pk, page.url_path, status=404)
            if name != "orphan_root":
                api.find(site.pk, relative_path(page, tree["orphan_root"]), status=404)
    # Publishing there again, or refreshing everything, does not change that.
    with refreshes():
        factories.publish_reviewed(fresh(tree["orphan_item"]).save_revision())
        factories.publish_reviewed(fresh(tree["orphan_column"]).save_revision())
    assert_hidden(api, tree, tree["orphan_item"])


def test_a_tree_given_a_site_becomes_public(api, tree, refreshes):
    with refreshes():
        new_site = Site.objects.create(
            hostname="wuzhandian.example.gov.cn",
            root_page=fresh(tree["orphan_root"]),
            site_name="新开通的站点",
        )
    assert api.listed_ids(new_site.pk) == [tree["orphan_item"].pk]
    detail = api.detail(new_site.pk, tree["orphan_item"].pk)
    assert detail["site"] == {"id": new_site.pk, "name": "新开通的站点"}
    assert detail["url_path"] == relative_path(fresh(tree["orphan_item"]), tree["orphan_root"])
    assert sitemap_ids(api.sitemap(new_site.pk)) == {tree["orphan_column"].pk}
    site_id = new_site.pk
    with refreshes():
        new_site.delete()
    api.detail(site_id, tree["orphan_item"].pk, status=404)
    assert_hidden(api, tree, tree["orphan_item"])


def test_moving_an_item_updates_its_path_breadcrumbs_and_column(api, tree, refreshes):
    site, live = tree["site"], tree["live"]
    old_path = relative_path(fresh(live), site)
    with refreshes():
        fresh(live).move(fresh(tree["tzgg"]), pos="last-child")
    detail = api.detail(site.pk, live.pk)
    assert detail["url_path"] == f"/tzgg/{live.slug}/"
    assert detail["column"] == {"id": tree["tzgg"].pk, "title": "通知公告"}
    assert detail["breadcrumbs"] == [
        {"id": tree["tzgg"].pk, "title": "通知公告", "url_path": "/tzgg/"}
    ]
    assert api.find(site.pk, f"/tzgg/{live.slug}/")["id"] == live.pk
    api.find(site.pk, old_path, status=404)
    assert live.pk in api.listed_ids(site.pk, column=tree["tzgg"].pk)
    assert live.pk not in api.listed_ids(site.pk, column=tree["xinwen"].pk)


def test_moving_a_column_to_another_site_moves_its_subtree(api, tree, refreshes):
    site, other, dongtai, live = tree["site"], tree["other"], tree["dongtai"], tree["live"]
    with refreshes():
        fresh(dongtai).move(fresh(other.root_page), pos="last-child")
    for page in (dongtai, live):
        api.detail(site.pk, page.pk, status=404)
    assert live.pk not in api.listed_ids(site.pk)
    assert dongtai.pk not in sitemap_ids(api.sitemap(site.pk))

    detail = api.detail(other.pk, live.pk)
    assert detail["site"] == {"id": other.pk, "name": "金台区人民政府"}
    assert detail["url_path"] == f"/dongtai/{live.slug}/"
    assert detail["column"] == {"id": dongtai.pk, "title": "动态"}
    assert [b["title"] for b in detail["breadcrumbs"]] == ["动态"]
    assert live.pk in api.listed_ids(other.pk, column=dongtai.pk)
    assert dongtai.pk in sitemap_ids(api.sitemap(other.pk))
    assert api.find(other.pk, "/dongtai/")["id"] == dongtai.pk


def test_moving_into_hidden_places_hides_and_moving_back_shows(api, tree, refreshes):
    live = tree["live"]
    with refreshes():
        fresh(live).move(fresh(tree["dormant_sub"]), pos="last-child")
    assert_hidden(api, tree, live)
    with refreshes():
        fresh(live).move(fresh(tree["orphan_column"]), pos="last-child")
    assert_hidden(api, tree, live)
    with refreshes():
        fresh(live).move(fresh(tree["dongtai"]), pos="last-child")
    assert_visible(api, tree["site"], live)


def test_renaming_and_republishing_a_column_updates_its_items(api, tree, refreshes):
    site, live = tree["site"], tree["live"]
    with refreshes():
        column = fresh(tree["xinwen"])
        column.title = "要闻动态"
        column.slug = "yaowen"
        factories.publish_reviewed(column.save_revision())
    detail = api.detail(site.pk, live.pk)
    assert detail["breadcrumbs"] == [
        {"id": tree["xinwen"].pk, "title": "要闻动态", "url_path": "/yaowen/"},
        {"id": tree["dongtai"].pk, "title": "动态", "url_path": "/yaowen/dongtai/"},
    ]
    assert detail["url_path"] == f"/yaowen/dongtai/{live.slug}/"
    assert api.find(site.pk, f"/yaowen/dongtai/{live.slug}/")["id"] == live.pk
    api.find(site.pk, f"/xinwen/dongtai/{live.slug}/", status=404)
    assert api.detail(site.pk, tree["xinwen"].pk)["title"] == "要闻动态"
    titles = {node["id"]: node["title"] for node in api.sitemap(site.pk)["columns"]}
    assert titles[tree["xinwen"].pk] == "要闻动态"
    # The direct column of an item is renamed in listings too.
    with refreshes():
        column = fresh(tree["dongtai"])
        column.title = "工作动态"
        factories.publish_reviewed(column.save_revision())
    item = next(i for i in api.listing(site.pk)["items"] if i["id"] == live.pk)
    assert item["column"] == {"id": tree["dongtai"].pk, "title": "工作动态"}


def test_a_new_site_home_leaves_the_old_tree_outside_the_site(api, tree, refreshes):
    site = Site.objects.get(pk=tree["site"].pk)
    new_root = site_root_without_site("新的站点首页")
    with refreshes():
        column = factories.column(new_root, "新栏目", owner=tree["office"], slug="xinlanmu")
        item = factories.news(column, "新首页下的新闻")
        site.root_page = new_root
        site.save()
    assert api.listed_ids(site.pk) == [item.pk]
    assert sitemap_ids(api.sitemap(site.pk)) == {column.pk}
    for name in ("xinwen", "live", "notice"):
        api.detail(site.pk, tree[name].pk, status=404)
    api.find(site.pk, relative_path(tree["live"], tree["site"]), status=404)


def test_a_signed_in_editor_sees_only_what_the_public_sees(api, tree, refreshes, client):
    with refreshes():
        restrict(fresh(tree["tzgg"]), PageViewRestriction.LOGIN)
    client.force_login(factories.superuser())
    assert set(api.listed_ids(tree["site"].pk)) == {tree["live"].pk, tree["changed"].pk}
    api.detail(tree["site"].pk, tree["notice"].pk, status=404)
    api.detail(tree["site"].pk, tree["draft"].pk, status=404)
    assert api.detail(tree["site"].pk, tree["changed"].pk)["title"] == "已发布的标题"


def test_the_read_model_holds_exactly_the_public_pages(tree):
    public = {
        tree[name].pk
        for name in ("xinwen", "dongtai", "tzgg", "live", "notice", "changed", "yaowen")
    } | {tree["site"].root_page_id, tree["other"].root_page_id, tree["other_item"].pk}
    assert set(PublicPage.objects.values_list("page_id", flat=True)) == public
    assert NewsPage.objects.filter(pk=tree["draft"].pk, live=False).exists()
