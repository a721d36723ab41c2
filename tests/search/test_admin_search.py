"""Editors find Chinese words in the admin's own search (issue 13, item 6): Wagtail's page
search, explorer search and page chooser, through Wagtail's backend in words
(search/wagtail_backend.py), over drafts as Wagtail indexes them, scoped as before."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import MATCH_ALL, MATCH_NONE, And, Not, Phrase, PlainText

from cms.content.models import NewsPage
from cms.organisation.models import Role, UnitKind
from search.wagtail_backend import in_words, query_in_words
from tests import factories

SEARCH_URL = "/admin/pages/search/"
CHOOSER_SEARCH_URL = "/admin/choose-page/search/"
DRAFT_TITLE = "人工智能技术发展规划"
DRAFT_BODY = "<p>推进数字政府建设，加快算力基础设施布局。</p>"


@pytest.fixture
def newsroom(db):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    education = factories.unit("某区教育局", parent=government)
    site = factories.site("某区人民政府", sponsor=office)
    author = factories.user("author", unit=office, role=Role.INFO_OFFICER)
    teacher = factories.user("teacher", unit=education, role=Role.INFO_OFFICER)
    news_column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    school_column = factories.column(site.root_page, "教育动态", owner=education, slug="jydt")
    draft = factories.news(news_column, DRAFT_TITLE, body=DRAFT_BODY, publish=False)
    # Another unit's draft with the same words: not the author's to see.
    school_draft = factories.news(school_column, "人工智能教育试点方案", publish=False)
    return news_column, draft, school_draft, author, teacher


def _found(client, url: str, query: str, **params) -> set[int]:
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return {int(pk) for pk in re.findall(r"/admin/pages/(\d+)/edit/", response.content.decode())}


def _chosen(client, query: str) -> set[int]:
    response = client.get(CHOOSER_SEARCH_URL, {"q": query})
    assert response.status_code == 200, response.status_code
    return {int(pk) for pk in re.findall(r'data-id="(\d+)"', response.content.decode())}


@pytest.mark.parametrize(
    "query", ["智能", "人工智能", "人工", "发展规划", "人工智能 规划", "智能技术"]
)
def test_a_draft_is_found_in_the_page_search_by_a_word_of_its_title(client, newsroom, query):
    _column, draft, _school_draft, author, _teacher = newsroom
    assert not draft.live
    factories.login(client, author)
    assert draft.pk in _found(client, SEARCH_URL, query)


@pytest.mark.parametrize("query", ["算力", "基础设施", "数字政府"])
def test_a_draft_is_found_by_a_word_of_its_body(client, newsroom, query):
    _column, draft, _school_draft, author, _teacher = newsroom
    factories.login(client, author)
    assert draft.pk in _found(client, SEARCH_URL, query)


@pytest.mark.parametrize("query", ["区块链", "人工智能 区块链", "能技"])
def test_every_word_asked_is_required_and_only_whole_words_match(client, newsroom, query):
    _column, draft, _school_draft, author, _teacher = newsroom
    factories.login(client, author)
    assert draft.pk not in _found(client, SEARCH_URL, query)


def test_a_page_the_editor_may_not_see_is_not_found_though_it_is_indexed(client, newsroom):
    _column, draft, school_draft, author, teacher = newsroom
    factories.login(client, author)
    assert _found(client, SEARCH_URL, "人工智能") & {draft.pk, school_draft.pk} == {draft.pk}
    page = client.get(SEARCH_URL, {"q": "人工智能"}).content.decode()
    assert DRAFT_TITLE in page and school_draft.title not in page
    factories.login(client, teacher)
    assert _found(client, SEARCH_URL, "人工智能") & {draft.pk, school_draft.pk} == {school_draft.pk}


def test_the_explorer_search_of_a_column_finds_its_draft(client, newsroom):
    column, draft, school_draft, author, _teacher = newsroom
    factories.login(client, author)
    found = _found(client, f"/admin/pages/{column.pk}/", "智能")
    assert draft.pk in found and school_draft.pk not in found


def test_the_page_chooser_finds_the_draft_by_a_word(client, newsroom):
    _column, draft, _school_draft, author, _teacher = newsroom
    factories.login(client, author)
    assert draft.pk in _chosen(client, "智能")
    assert draft.pk in _chosen(client, "人工智能")
    assert draft.pk in _chosen(client, "算力")
    assert draft.pk not in _chosen(client, "区块链")


def test_a_draft_saved_in_the_editor_is_found_by_its_new_words(client, newsroom):
    """A page never published keeps its draft in its row, which Wagtail indexes."""
    _column, draft, _school_draft, author, _teacher = newsroom
    factories.login(client, author)
    url = f"/admin/pages/{draft.pk}/edit/"
    data = factories.page_form(client, url)
    data["title"] = "关于推进乡村振兴的实施意见"
    assert client.post(url, data).status_code == 302
    assert draft.pk in _found(client, SEARCH_URL, "乡村振兴")
    assert draft.pk in _found(client, SEARCH_URL, "振兴")
    assert draft.pk not in _found(client, SEARCH_URL, "人工智能")


def test_a_live_page_is_found_by_its_live_words_and_not_by_a_newer_revision(client, newsroom):
    """Wagtail indexes the page row: a live page's unpublished changes live only in its
    newer revision, so they are not found until published."""
    column, _draft, _school_draft, author, _teacher = newsroom
    live = factories.news(column, "城市更新行动方案")
    live.title = "老旧小区改造计划"
    live.save_revision(user=author)
    factories.login(client, author)
    assert live.pk in _found(client, SEARCH_URL, "更新")
    assert live.pk not in _found(client, SEARCH_URL, "改造")


def test_update_index_indexes_in_words(newsroom):
    _column, draft, _school_draft, _author, _teacher = newsroom
    backend = get_search_backend()
    backend.reset_indexes()
    assert draft.pk not in _pks(backend.autocomplete("智能", NewsPage))
    call_command("update_index", stdout=StringIO())
    assert draft.pk in _pks(backend.autocomplete("智能", NewsPage))
    assert draft.pk in _pks(backend.search("算力", NewsPage))
    assert draft.pk in _pks(backend.search("人工智能", Page))


def _pks(results) -> set[int]:
    return {page.pk for page in results}


def test_a_query_is_asked_in_its_words():
    assert query_in_words("人工智能技术") == "人工智能 技术"
    assert query_in_words(" ，。") == ""
    asked = query_in_words(And([PlainText("人工智能", operator="and"), Phrase("技术发展")]))
    assert [(type(part), part.query_string) for part in asked.subqueries] == [
        (PlainText, "人工智能"),
        (PlainText, "技术 发展"),
    ]
    assert query_in_words(PlainText("，")) is MATCH_NONE
    assert query_in_words(MATCH_ALL) is MATCH_ALL
    assert isinstance(query_in_words(Not(PlainText("智能"))), Not)


def test_a_value_is_indexed_in_its_words():
    assert in_words("人工智能") == "人工 智能 人工智能"
    assert in_words(["人工智能", {"a": "技术"}]) == ["人工 智能 人工智能", {"a": "技术"}]
    assert in_words(None) is None
    assert in_words(2026) == "2026"


def test_every_searchable_field_of_an_item_is_read_by_the_admins_search():
    """The admin asks Wagtail's index by autocomplete, which reads only AutocompleteFields:
    what an item declares searchable, the admin must find too."""
    from django.apps import apps

    from cms.content.models import BasePage

    for model in apps.get_models():
        if issubclass(model, BasePage):
            searchable = {f.field_name for f in model.get_searchable_search_fields()}
            completed = {f.field_name for f in model.get_autocomplete_search_fields()}
            assert searchable <= completed, (model, searchable - completed)
