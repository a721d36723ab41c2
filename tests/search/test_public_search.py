"""The public search through real requests: what the public may read is found, and nothing
else; the index follows every event that changes the read model (publish, a new draft,
unpublish, take-down, privacy, moves, deletion, filing and restoring); queries are understood
as citizens type them; bad queries get a Chinese 400."""

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from archive import filing
from archive.models import ArchiveReason
from cms.content.models import NoticePage
from editorial.takedown import take_down
from publicapi.indexing import index_rebuild
from search.models import IndexedPage, MissedQuery, Synonym
from tests import factories

from .invariant import assert_index_follows_read_model

pytestmark = pytest.mark.django_db


def found(api, q, **params):
    return [item["id"] for item in api.json("/search", {"q": q, **params})["items"]]


def test_a_published_item_is_found_by_a_word_inside_a_longer_one(api, filing_site):
    item = factories.news(filing_site.news, "全区人工智能技术应用推进会召开")
    assert found(api, "智能") == [item.pk]
    assert found(api, "人工智能") == [item.pk]
    answer = api.json(f"/sites/{filing_site.site.pk}/search", {"q": "智能"})
    assert [hit["id"] for hit in answer["items"]] == [item.pk]
    hit = answer["items"][0]
    assert hit["site_id"] == filing_site.site.pk
    assert "<em>智能</em>" in hit["highlight"]["title"]
    assert_index_follows_read_model()


def test_drafts_never_and_unpublished_changes_not_until_published(api, filing_site):
    factories.news(filing_site.news, "尚在起草的区块链试点方案", publish=False)
    item = factories.news(filing_site.news, "已发布的秋收工作简报")
    item.title = "尚未审核的冬储工作简报"
    item.save_revision()
    assert found(api, "区块链") == []
    assert found(api, "冬储") == []
    assert found(api, "秋收") == [item.pk]
    assert_index_follows_read_model()


def test_unpublished_taken_down_and_deleted_items_leave(api, filing_site, refreshes):
    items = filing_site.items
    with refreshes():
        Page.objects.get(pk=items.other.pk).specific.unpublish()
    assert found(api, "常务会议") == []
    with refreshes():
        take_down(items.notice, user=filing_site.people.webmaster, reason="内容有误，先行下线。")
    assert found(api, "春节放假") == []
    with refreshes():
        Page.objects.get(pk=items.old.pk).delete()
    assert found(api, "春耕") == []
    assert not IndexedPage.objects.exists()
    assert_index_follows_read_model()


@pytest.mark.parametrize("on", ["item", "column"])
def test_private_items_are_never_found(api, filing_site, refreshes, on):
    item = filing_site.items.other
    with refreshes():
        PageViewRestriction.objects.create(
            page=item if on == "item" else filing_site.news,
            restriction_type=PageViewRestriction.PASSWORD,
            password="Mima#2026",
        )
    assert found(api, "常务会议") == []
    assert_index_follows_read_model()


def test_a_moved_item_is_found_in_its_new_column(api, filing_site, refreshes):
    item = filing_site.items.other
    with refreshes():
        Page.objects.get(pk=item.pk).move(filing_site.notices, pos="last-child")
    site = filing_site.site.pk
    assert found(api, "常务会议", site=site, column=filing_site.notices.pk) == [item.pk]
    assert found(api, "常务会议", site=site, column=filing_site.news.pk) == []
    assert_index_follows_read_model()


def test_filed_items_are_found_with_their_state_and_restored_ones_too(api, filing_site):
    old = filing_site.items.old
    filing.file_pages([old.pk], reason=ArchiveReason.REDESIGN)
    answer = api.json("/search", {"q": "春耕"})
    assert [hit["id"] for hit in answer["items"]] == [old.pk]
    assert answer["items"][0]["archived"] is True
    assert answer["facets"]["archived"] == [{"value": True, "count": 1}]
    assert found(api, "春耕", archived="exclude") == []
    assert found(api, "春耕", archived="only") == [old.pk]
    assert_index_follows_read_model()
    filing.restore(old, user=filing_site.people.webmaster, reason="误归档，恢复")
    assert found(api, "春耕", archived="only") == []
    assert found(api, "春耕", archived="exclude") == [old.pk]
    assert_index_follows_read_model()


def test_the_platform_search_spans_sites_and_counts_facets(api, filing_site, refreshes):
    with refreshes():
        other_site = factories.site("渭川区教育局", "jyj.weichuan.gov.cn")
    column = factories.column(other_site.root_page, "通知公告", owner=filing_site.office)
    notice = factories.news(column, "关于做好春耕期间学生安全工作的通知", page_class=NoticePage)
    answer = api.json("/search", {"q": "春耕"})
    assert {hit["id"] for hit in answer["items"]} == {filing_site.items.old.pk, notice.pk}
    sites = {entry["value"]: entry for entry in answer["facets"]["site"]}
    assert sites[other_site.pk]["name"] == "渭川区教育局" and sites[other_site.pk]["count"] == 1
    types = {entry["value"]: entry["count"] for entry in answer["facets"]["type"]}
    assert types == {"news": 1, "notice": 1}
    assert found(api, "春耕", site=other_site.pk) == [notice.pk]
    assert found(api, "春耕", type="notice") == [notice.pk]
    by_date = found(api, "春耕", sort="date")
    assert by_date == [notice.pk, filing_site.items.old.pk]


def test_synonyms_kept_in_the_admin_and_question_fillers(api, filing_site):
    item = factories.news(filing_site.news, "城乡居民医疗保障集中缴费开始")
    assert api.json("/search", {"q": "医保怎么缴费"})["query"]["relaxed"] is True
    Synonym.objects.create(terms="医保 医疗保障，医疗保险")
    answer = api.json("/search", {"q": "医保怎么缴费"})
    assert [hit["id"] for hit in answer["items"]] == [item.pk]
    assert answer["query"]["relaxed"] is False
    assert found(api, "醫保繳費") == [item.pk]
    answer = api.json("/search", {"q": "医保在哪里缴费"})
    assert set(answer["query"]["words"]) >= {"医保", "医疗保障", "缴费"}


def test_when_no_item_holds_every_word_items_holding_some_are_shown(api, filing_site):
    answer = api.json("/search", {"q": "春耕 火箭"})
    assert answer["query"]["relaxed"] is True
    assert [hit["id"] for hit in answer["items"]] == [filing_site.items.old.pk]


def test_relaxing_drops_one_word_before_it_drops_more(api, filing_site):
    factories.news(filing_site.news, "全区防汛动员会召开")
    answer = api.json("/search", {"q": "春耕 动员 火箭"})
    assert answer["query"]["relaxed"] is True
    # The item holding two of the three words, not every item holding one.
    assert [hit["id"] for hit in answer["items"]] == [filing_site.items.old.pk]
    # Never below half of a long question's words: one of three is not an answer.
    assert api.json("/search", {"q": "春耕 火箭 卫星"})["count"] == 0


def test_a_relaxed_answer_matching_too_much_is_no_answer(api, filing_site, monkeypatch):
    from search import services

    assert api.json("/search", {"q": "春耕 会议"})["count"] == 2  # one word each
    monkeypatch.setattr(services, "RELAXED_AT_MOST", 1)
    answer = api.json("/search", {"q": "春耕 会议"})
    assert (answer["count"], answer["items"], answer["query"]["relaxed"]) == (0, [], False)
    assert MissedQuery.objects.filter(query="春耕会议").exists()  # as folded


def test_queries_that_find_nothing_are_counted(api, filing_site):
    api.json("/search", {"q": "火箭发射"})
    api.json("/search", {"q": "火箭发射"})
    api.json(f"/sites/{filing_site.site.pk}/search", {"q": "火箭发射"})
    counts = {(miss.site_id, miss.query): miss.count for miss in MissedQuery.objects.all()}
    assert counts == {(None, "火箭发射"): 2, (filing_site.site.pk, "火箭发射"): 1}


def test_a_flood_of_missed_queries_from_one_address_is_not_counted(api, filing_site, settings):
    """Made-up queries from one address stop being counted at ``SEARCH_MISS_RATE``: the search
    still answers, the table of what citizens could not find does not fill up."""
    from django.core.cache import cache

    cache.clear()
    settings.SEARCH_MISS_RATE = "2/3600"
    for n in range(4):
        assert api.json("/search", {"q": f"火箭发射{n}号"})["count"] == 0
    assert MissedQuery.objects.count() == 2
    # Another address is counted on its own.
    api.client.get("/api/v1/search", {"q": "卫星"}, REMOTE_ADDR="10.1.2.3")
    assert MissedQuery.objects.filter(query="卫星").exists()
    cache.clear()


def test_highlights_escape_the_text_and_mark_only_words(api, filing_site):
    item = factories.news(
        filing_site.news, "<script>alert(1)</script>防汛演练", body="<p>防汛&lt;b&gt;演练</p>"
    )
    [hit] = api.json("/search", {"q": "防汛"})["items"]
    assert hit["id"] == item.pk
    assert "<script>" not in hit["highlight"]["title"]
    assert "&lt;script&gt;" in hit["highlight"]["title"]
    assert "<em>防汛</em>" in hit["highlight"]["snippet"]
    assert "<b>" not in hit["highlight"]["snippet"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "，。！？"}, "q"),
        ({"q": "的 了 吗"}, "q"),
        ({"q": "字" * 101}, "q"),
        ({"q": "春耕", "page": 51}, "page"),
        ({"q": "春耕", "column": 1}, "column"),
        ({"q": "春耕", "sort": "random"}, "sort"),
        ({"q": "春耕", "validity": "forever"}, "validity"),
        ({"q": "春耕", "published_from": "2026-02-01", "published_to": "2026-01-01"}, None),
    ],
)
def test_bad_queries_get_a_chinese_400(api, filing_site, params, field):
    answer = api.json("/search", params, status=400)
    assert answer["detail"] == "请求参数无效。"
    if field:
        assert field in answer["fields"]
    for message in answer["fields"].values():
        assert any("\u4e00" <= char <= "\u9fff" for char in message), message


@pytest.mark.parametrize(
    ("q", "status"),
    [
        ("' OR 1=1 --", 200),
        ("AND OR NOT", 200),
        ("a:b", 200),
        ("春耕 -", 200),
        ("春耕 NEAR/2 会", 200),
        ('"', 400),
        ("*:*", 400),
        ("(()", 400),
    ],
)
def test_operators_and_odd_characters_are_only_text(api, filing_site, q, status):
    """Every character is text to search for: an operator is a word or nothing."""
    answer = api.json("/search", {"q": q}, status=status)
    assert "items" in answer if status == 200 else answer["fields"]["q"]


def test_a_rebuild_gives_the_same_index(filing_site):
    before = sorted(IndexedPage.objects.values_list("page_id", "title_words", "body_words"))
    assert index_rebuild() == len(before) == 3
    after = sorted(IndexedPage.objects.values_list("page_id", "title_words", "body_words"))
    assert after == before


@override_settings(ELASTICSEARCH_URL="")
def test_the_command_rebuilds_with_a_count(filing_site, capsys):
    from django.core.management import call_command

    IndexedPage.objects.all().delete()
    call_command("search_rebuild", "--no-progress")
    assert "3" in capsys.readouterr().out
    assert_index_follows_read_model()
