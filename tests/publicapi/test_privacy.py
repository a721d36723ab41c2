"""No personal data in the public API: the people behind a column or a page appear nowhere.

The column's responsible person (栏目责任人), the pages' owner and the editors who saved revisions
are real people; their names, user names and e-mail addresses must not reach any response, nor
the read model the responses are served from.
"""

import json

import pytest

from cms.content.models import NoticePage
from publicapi.models import PublicPage, PublicSite
from tests import factories

from .builders import fresh, relative_path
from .conftest import module_data

pytestmark = pytest.mark.django_db


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    person = factories.user(
        "zhangsanfeng",
        unit=office,
        role=factories.Role.INFO_OFFICER,
        first_name="三丰",
        last_name="张",
    )
    editor = factories.user("lisiguang", first_name="思光", last_name="李")
    column = factories.column(site.root_page, "新闻", owner=office, person=person, slug="xinwen")
    sub = factories.column(column, "工作动态", owner=office, person=editor, slug="dongtai")
    items = [
        factories.news(sub, "区政府召开常务会议", owner=person),
        factories.news(column, "关于春节放假的通知", page_class=NoticePage, owner=editor),
    ]
    # An edit saved and published by a named editor.
    page = fresh(items[0])
    page.summary = "会议研究部署近期重点工作。"
    factories.publish_reviewed(page.save_revision(user=editor))
    return {"site": site, "columns": [column, sub], "items": items, "people": [person, editor]}


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def needles(person) -> list[str]:
    return [
        person.username,
        person.email,
        person.first_name,
        person.last_name,
        person.last_name + person.first_name,
        person.get_full_name(),
    ]


def every_response(api, tree) -> list[str]:
    site = tree["site"]
    pages = [site.root_page, *tree["columns"], *tree["items"]]
    paths = ["/sites", f"/sites/{site.pk}", f"/sites/{site.pk}/sitemap"]
    paths += [f"/sites/{site.pk}/pages?page_size=100"]
    paths += [f"/sites/{site.pk}/pages?column={column.pk}" for column in tree["columns"]]
    paths += [f"/sites/{site.pk}/pages/{page.pk}" for page in pages]
    paths += [f"/sites/{site.pk}/find?path={relative_path(fresh(page), site)}" for page in pages]
    return [api.get(path).content.decode() for path in paths]


def test_the_people_exist_where_the_api_could_leak_them(tree):
    person, editor = tree["people"]
    column, sub = (fresh(column) for column in tree["columns"])
    assert (column.responsible_person, sub.responsible_person) == (person, editor)
    assert fresh(tree["items"][0]).owner == person
    assert fresh(tree["items"][0]).live_revision.user == editor


def test_no_response_names_a_person(api, tree):
    texts = every_response(api, tree)
    assert len(texts) == 16
    assert any("渭滨区人民政府办公室" in text for text in texts)  # the unit is public
    for text in texts:
        # Compare on the raw body and on its decoded form, in case of \\u escapes.
        decoded = json.dumps(json.loads(text), ensure_ascii=False)
        for person in tree["people"]:
            for needle in needles(person):
                assert needle not in text and needle not in decoded, (needle, text[:200])


def test_the_read_model_holds_no_person(tree):
    stored = list(PublicPage.objects.values_list("listing_json", "detail_json"))
    stored += list(PublicSite.objects.values_list("listing_json", "detail_json", "sitemap_json"))
    text = json.dumps(stored, ensure_ascii=False)
    for person in tree["people"]:
        for needle in needles(person):
            assert needle not in text, needle


def test_no_field_is_about_a_person(api, tree):
    detail = api.detail(tree["site"].pk, tree["columns"][0].pk)
    assert detail["responsible_unit"] == "渭滨区人民政府办公室"
    forbidden = {"responsible_person", "owner", "user", "author", "email", "username"}
    for text in every_response(api, tree):

        def walk(value):
            if isinstance(value, dict):
                assert not forbidden & set(value), set(value)
                for inner in value.values():
                    walk(inner)
            elif isinstance(value, list):
                for inner in value:
                    walk(inner)

        walk(json.loads(text))
