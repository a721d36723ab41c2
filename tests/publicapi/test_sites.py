"""Sites: the list, each site's footer identity (R2), and its column tree (sitemap)."""

import pytest
from django.utils.translation import gettext
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import ColumnPage, SiteRootPage
from cms.organisation.models import Unit
from cms.sites.models import SiteIdentity, SiteKind
from publicapi.models import PublicSite
from tests import factories

from .builders import draft, fresh, restrict
from .conftest import module_data

pytestmark = pytest.mark.django_db


def build() -> dict:
    government = factories.unit("渭滨区人民政府")
    office = factories.unit("渭滨区人民政府办公室")
    bureau = factories.unit("渭滨区教育局")
    portal = factories.site("渭滨区人民政府", "www.weibin.gov.cn", sponsor=government)
    identity = SiteIdentity.objects.get(site=portal)
    identity.operator_unit = office
    identity.site_code = "6103020001"
    identity.conac_url = "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D"
    identity.chinese_domain = "渭滨区人民政府.政务"
    identity.contact_phone = "0917-3212345"
    identity.contact_email = "zfb@weibin.gov.cn"
    identity.address = "陕西省宝鸡市渭滨区经二路"
    identity.full_clean()
    identity.save()
    department = factories.site(
        "渭滨区教育局", "jyj.weibin.gov.cn", sponsor=bureau, kind=SiteKind.DEPARTMENT
    )
    t = {"portal": portal, "department": department, "government": government, "office": office}

    def column(parent, title, slug, **kwargs):
        return factories.column(parent, title, owner=office, slug=slug, **kwargs)

    root = portal.root_page
    t["xxgk"] = column(root, "信息公开", "xxgk", update_category="policy")
    t["zcwj"] = column(t["xxgk"], "政策文件", "zcwj", update_category="policy")
    t["ghjh"] = column(t["xxgk"], "规划计划", "ghjh", update_category="annual")
    t["guihua"] = column(t["ghjh"], "发展规划", "guihua", update_category="irregular")
    t["xinwen"] = column(root, "新闻", "xinwen")
    t["neibu"] = column(root, "内部通知", "neibu")
    t["neibu_sub"] = column(t["neibu"], "内部子栏目", "neibuzi")
    t["tingyong"] = column(t["xinwen"], "停用栏目", "tingyong")
    t["tingyong_sub"] = column(t["tingyong"], "停用子栏目", "tingyongzi")
    t["caogao"] = draft(root, "草稿栏目", page_class=ColumnPage, slug="caogao")
    restrict(t["neibu"], PageViewRestriction.PASSWORD)
    fresh(t["tingyong"]).unpublish()
    column(department.root_page, "教育动态", "jydt")
    return t


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def summary(site: Site, kind: str | None) -> dict:
    return {
        "id": site.pk,
        "name": site.site_name,
        "hostname": site.hostname,
        "root_url": site.root_url,
        "kind": kind,
    }


def test_the_site_list(api, tree):
    portal, department = tree["portal"], tree["department"]
    items = api.json("/sites")["items"]
    assert items == [summary(portal, "portal"), summary(department, "department")]
    assert items[0]["root_url"] == "http://www.weibin.gov.cn"
    assert [i["id"] for i in items] == sorted(PublicSite.objects.values_list("site_id", flat=True))


def test_a_site_and_its_footer(api, tree):
    portal = tree["portal"]
    detail = api.json(f"/sites/{portal.pk}")
    assert detail == {
        **summary(portal, "portal"),
        "footer": {
            "sponsor_unit": "渭滨区人民政府",
            "operator_unit": "渭滨区人民政府办公室",
            "site_code": "6103020001",
            "icp_number": "陕ICP备05004383号-1",
            "psb_number": "陕公网安备 61030202000123号",
            "conac_url": "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D",
            "english_domain": "www.weibin.gov.cn",
            "chinese_domain": "渭滨区人民政府.政务",
            "contact_phone": "0917-3212345",
            "contact_email": "zfb@weibin.gov.cn",
            "address": "陕西省宝鸡市渭滨区经二路",
        },
    }


def test_empty_optional_footer_fields_are_null(api, tree):
    footer = api.json(f"/sites/{tree['department'].pk}")["footer"]
    assert footer["sponsor_unit"] == footer["operator_unit"] == "渭滨区教育局"
    for name in ("conac_url", "chinese_domain", "contact_phone", "contact_email", "address"):
        assert footer[name] is None, name


def test_editing_the_identity_updates_the_footer(api, tree, refreshes):
    portal = tree["portal"]
    before = api.get(f"/sites/{portal.pk}")["ETag"]
    with refreshes():
        identity = SiteIdentity.objects.get(site=portal)
        identity.kind = SiteKind.DEPARTMENT
        identity.operator_unit = factories.unit("渭滨区大数据中心")
        identity.site_code = "6103020099"
        identity.icp_number = "陕ICP备05004383号-9"
        identity.psb_number = "陕公网安备 61030202000999号"
        identity.conac_url = ""
        identity.chinese_domain = "渭滨.政务"
        identity.full_clean()
        identity.save()
    response = api.get(f"/sites/{portal.pk}", If_None_Match=before)
    assert response["ETag"] != before
    detail = response.json()
    assert detail["kind"] == "department"
    assert {key: detail["footer"][key] for key in ("operator_unit", "site_code", "icp_number")} == {
        "operator_unit": "渭滨区大数据中心",
        "site_code": "6103020099",
        "icp_number": "陕ICP备05004383号-9",
    }
    assert detail["footer"]["psb_number"] == "陕公网安备 61030202000999号"
    assert detail["footer"]["conac_url"] is None
    assert detail["footer"]["chinese_domain"] == "渭滨.政务"
    assert api.json("/sites")["items"][0]["kind"] == "department"


def test_renaming_a_unit_renames_it_in_footers_columns_and_items(api, tree, refreshes):
    portal = tree["portal"]
    with refreshes():
        item = factories.news(fresh(tree["xinwen"]), "联合发文", co_issuing_units=[tree["office"]])
    assert api.detail(portal.pk, item.pk)["co_issuing_units"] == ["渭滨区人民政府办公室"]
    etag = api.get(f"/sites/{portal.pk}")["ETag"]
    with refreshes():
        office = Unit.objects.get(pk=tree["office"].pk)
        office.name = "渭滨区人民政府办公室（区政务公开办）"
        office.save()
    renamed = "渭滨区人民政府办公室（区政务公开办）"
    response = api.get(f"/sites/{portal.pk}", If_None_Match=etag)
    assert response.json()["footer"]["operator_unit"] == renamed
    assert api.detail(portal.pk, tree["xinwen"].pk)["responsible_unit"] == renamed
    assert api.detail(portal.pk, tree["zcwj"].pk)["responsible_unit"] == renamed
    assert api.detail(portal.pk, item.pk)["co_issuing_units"] == [renamed]


def test_renaming_a_site_renames_it_in_its_pages(api, tree, refreshes):
    portal = Site.objects.get(pk=tree["portal"].pk)
    with refreshes():
        portal.site_name = "宝鸡市渭滨区人民政府"
        portal.hostname = "weibin.baoji.gov.cn"
        portal.save()
    assert api.json(f"/sites/{portal.pk}")["name"] == "宝鸡市渭滨区人民政府"
    assert api.json("/sites")["items"][0]["hostname"] == "weibin.baoji.gov.cn"
    column = api.detail(portal.pk, tree["xinwen"].pk)
    assert column["site"] == {"id": portal.pk, "name": "宝鸡市渭滨区人民政府"}


def test_a_site_without_identity_has_no_footer(api, tree, refreshes):
    with refreshes():
        root = Page.get_first_root_node().add_child(
            instance=SiteRootPage(title="临时站点", slug="linshi")
        )
        factories.publish_reviewed(root.save_revision())
        bare = Site.objects.create(
            hostname="linshi.weibin.gov.cn", root_page=root, site_name="临时站点"
        )
    detail = api.json(f"/sites/{bare.pk}")
    assert (detail["kind"], detail["footer"]) == (None, None)
    assert bare.pk in [item["id"] for item in api.json("/sites")["items"]]


def test_a_deleted_site_is_gone(api, tree, refreshes):
    department = tree["department"]
    with refreshes():
        Site.objects.get(pk=department.pk).delete()
    assert [item["id"] for item in api.json("/sites")["items"]] == [tree["portal"].pk]
    body = api.json(f"/sites/{department.pk}", status=404)
    assert body["detail"] == gettext("No such site.")
    api.json(f"/sites/{department.pk}/sitemap", status=404)
    api.listing(department.pk, status=404)
    api.find(department.pk, "/jydt/", status=404)


def node(tree, name, children=(), category="news"):
    page = fresh(tree[name])
    return {
        "id": page.pk,
        "title": page.title,
        "url_path": page.url_path[len(tree["portal"].root_page.url_path) - 1 :],
        "update_category": category,
        "children": list(children),
    }


def test_the_sitemap_is_the_tree_of_public_columns(api, tree):
    sitemap = api.sitemap(tree["portal"].pk)
    assert sitemap == {
        "site": tree["portal"].pk,
        "columns": [
            node(
                tree,
                "xxgk",
                [
                    node(tree, "zcwj", category="policy"),
                    node(tree, "ghjh", [node(tree, "guihua", category="irregular")], "annual"),
                ],
                "policy",
            ),
            node(tree, "xinwen"),
        ],
        "archive": {"count": 0, "columns": []},
    }
    assert sitemap["columns"][0]["children"][1]["children"][0]["url_path"] == "/xxgk/ghjh/guihua/"


def test_the_sitemap_follows_publication_and_restrictions(api, tree, refreshes):
    portal = tree["portal"]
    with refreshes():
        PageViewRestriction.objects.filter(page=tree["neibu"]).delete()
        factories.publish_reviewed(fresh(tree["tingyong"]).get_latest_revision())
        fresh(tree["ghjh"]).unpublish()
    top = {n["id"]: n for n in api.sitemap(portal.pk)["columns"]}
    assert list(top) == [tree["xxgk"].pk, tree["xinwen"].pk, tree["neibu"].pk]
    assert [c["id"] for c in top[tree["xxgk"].pk]["children"]] == [tree["zcwj"].pk]
    assert [c["id"] for c in top[tree["xinwen"].pk]["children"]] == [tree["tingyong"].pk]
    assert top[tree["xinwen"].pk]["children"][0]["children"][0]["id"] == tree["tingyong_sub"].pk
    assert top[tree["neibu"].pk]["children"][0]["title"] == "内部子栏目"


def test_the_sitemap_of_another_site(api, tree):
    sitemap = api.sitemap(tree["department"].pk)
    assert [(n["title"], n["url_path"]) for n in sitemap["columns"]] == [("教育动态", "/jydt/")]
