"""Browsing the archive through the public API: by column, type, year and month, with counts,
and words; and the site's search, which keeps filed pages behind a filter (R22)."""

import datetime

from django.utils import timezone

from archive import filing
from archive.models import ArchiveReason
from publicapi.models import PublicPage
from tests import factories


def file(*pages):
    return filing.file_pages([page.pk for page in pages], reason=ArchiveReason.REDESIGN)


def set_published(page, when: datetime.datetime):
    """The read model's publication time of ``page`` (the archive groups by it)."""
    PublicPage.objects.filter(page_id=page.pk).update(published_at=when)


def test_the_archive_counts_per_year_and_month(api, filing_site):
    items = filing_site.items
    file(items.old, items.other, items.notice)
    zone = timezone.get_current_timezone()
    set_published(items.old, datetime.datetime(2020, 3, 31, 23, 30, tzinfo=zone))
    set_published(items.other, datetime.datetime(2020, 3, 1, 8, 0, tzinfo=zone))
    set_published(items.notice, datetime.datetime(2021, 1, 15, 8, 0, tzinfo=zone))
    calendar = api.json(f"/sites/{filing_site.site.pk}/archive/calendar")
    assert calendar == {
        "site": filing_site.site.pk,
        "count": 3,
        "years": [
            {"year": 2021, "count": 1, "months": [{"month": 1, "count": 1}]},
            {"year": 2020, "count": 2, "months": [{"month": 3, "count": 2}]},
        ],
    }
    # 23:30 on 31 March in Beijing is still March, whatever the server's clock says.
    march = api.json(f"/sites/{filing_site.site.pk}/archive", {"year": 2020, "month": 3})
    assert {item["id"] for item in march["items"]} == {items.old.pk, items.other.pk}
    news = api.json(
        f"/sites/{filing_site.site.pk}/archive/calendar", {"column": filing_site.news.pk}
    )
    assert news["count"] == 2
    year = api.json(f"/sites/{filing_site.site.pk}/archive", {"year": 2021, "type": "news"})
    assert [item["id"] for item in year["items"]] == [items.notice.pk]


def test_the_archive_searches_inside_filed_pages_only(api, filing_site):
    file(filing_site.items.old)
    site = filing_site.site.pk
    found = api.json(f"/sites/{site}/archive", {"q": "春耕"})
    assert [item["id"] for item in found["items"]] == [filing_site.items.old.pk]
    assert api.json(f"/sites/{site}/archive", {"q": "常务会议"})["count"] == 0  # not filed
    both = api.json(f"/sites/{site}/archive", {"q": "春耕 动员"})
    assert both["count"] == 1
    assert api.json(f"/sites/{site}/archive", {"q": "春耕 常务"})["count"] == 0


def test_the_sites_search_keeps_filed_pages_behind_a_filter(api, filing_site):
    file(filing_site.items.old)
    site = filing_site.site.pk
    body = factories.news(filing_site.news, "正文检索", body="<p>本次<b>春耕</b>生产</p>")
    everything = api.json(f"/sites/{site}/search", {"q": "春耕"})
    assert {item["id"] for item in everything["items"]} == {filing_site.items.old.pk, body.pk}
    current = api.json(f"/sites/{site}/search", {"q": "春耕", "archived": "exclude"})
    assert [item["id"] for item in current["items"]] == [body.pk]
    filed = api.json(f"/sites/{site}/search", {"q": "春耕", "archived": "only"})
    assert [item["id"] for item in filed["items"]] == [filing_site.items.old.pk]
    assert filed["items"][0]["archive"]["label"] == "已归档"
    # Markup is not text: a tag's name finds nothing.
    assert api.json(f"/sites/{site}/search", {"q": "<b>"})["count"] == 0


def test_bad_archive_requests_get_chinese_messages(api, filing_site):
    site = filing_site.site.pk
    month = api.json(f"/sites/{site}/archive", {"month": 3}, status=400)
    assert month["fields"] == {"month": "指定月份时须同时指定年份。"}
    month = api.json(f"/sites/{site}/archive", {"year": 2020, "month": 13}, status=400)
    assert month["fields"] == {"month": "不能大于 12。"}
    column = api.json(f"/sites/{site}/archive", {"column": 999999}, status=400)
    assert column["fields"] == {"column": "本站点没有该编号的公开栏目。"}
    empty = api.json(f"/sites/{site}/search", {"q": "   "}, status=400)
    assert empty["fields"] == {"q": "请输入至少一个检索词。"}
    missing = api.json(f"/sites/{site}/search", status=400)
    assert "q" in missing["fields"]
    long = api.json(f"/sites/{site}/search", {"q": "长" * 101}, status=400)
    assert long["fields"] == {"q": "不能超过 100 个字符。"}
    flag = api.json(f"/sites/{site}/search", {"q": "春耕", "archived": "yes"}, status=400)
    assert "archived" in flag["fields"]
    assert api.json("/sites/999999/archive", status=404)["detail"]
    assert api.json("/sites/999999/archive/calendar", status=404)["detail"]
    assert api.json("/sites/999999/search", {"q": "春耕"}, status=404)["detail"]


def test_the_archive_leaks_no_draft_and_no_private_page(api, filing_site):
    from wagtail.models import PageViewRestriction

    draft = factories.news(filing_site.news, "未发布的春耕草稿", publish=False)
    private = factories.news(filing_site.notices, "内部春耕通知")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    file(draft, private, filing_site.items.old)
    site = filing_site.site.pk
    found = api.json(f"/sites/{site}/archive", {"q": "春耕"})
    assert [item["id"] for item in found["items"]] == [filing_site.items.old.pk]
    assert api.json(f"/sites/{site}/search", {"q": "春耕"})["count"] == 1


def test_a_filed_document_shows_as_filed_where_its_interpretation_links_to_it(api, filing_site):
    import datetime as dt

    from cms.organisation.validators import credit_code_check_character
    from interpretation.models import InterpretationPage, InterpretedDocument, PolicyDocumentPage

    body = "11610303MB1234567"
    filing_site.office.credit_code = body + credit_code_check_character(body)
    filing_site.office.save()
    documents = factories.column(filing_site.site.root_page, "政策文件", owner=filing_site.office)
    document = factories.news(
        documents,
        "渭川区促进就业若干措施",
        page_class=PolicyDocumentPage,
        issuing_office="渭川区人民政府",
        document_number="渭政发〔2024〕3号",
        written_on=dt.date(2024, 3, 2),
    )
    reading = factories.news(
        documents,
        "一图读懂促进就业若干措施",
        page_class=InterpretationPage,
        form="graphic",
        interpreter="渭川区人力资源和社会保障局",
        interpreter_kind="drafting_unit",
        interpreted_documents=[InterpretedDocument(document=document)],
    )
    linked = api.detail(filing_site.site.pk, reading.pk)["documents"]
    assert [entry["archived"] for entry in linked] == [False]
    file(document)
    linked = api.detail(filing_site.site.pk, reading.pk)["documents"]
    assert linked[0]["id"] == document.pk and linked[0]["archived"] is True
    assert linked[0]["archive"]["label"] == "已归档"


def test_the_archive_walks_by_cursor_as_by_page_numbers(api, filing_site):
    items = filing_site.items
    file(items.old, items.other, items.notice)
    site = filing_site.site.pk
    by_number = [api.json(f"/sites/{site}/archive", {"page_size": 1, "page": n}) for n in (1, 2, 3)]
    pages = [api.json(f"/sites/{site}/archive", {"page_size": 1})]
    while pages[-1]["next_cursor"] is not None:
        cursor = pages[-1]["next_cursor"]
        pages.append(api.json(f"/sites/{site}/archive", {"page_size": 1, "cursor": cursor}))
    assert [page["items"] for page in pages] == [page["items"] for page in by_number]
    assert [page["page"] for page in pages] == [1, 2, 3]
    # A cursor of the archive is not one of another archive listing, nor of the site's listing.
    cursor = pages[0]["next_cursor"]
    refused = api.json(
        f"/sites/{site}/archive", {"page_size": 1, "cursor": cursor, "type": "news"}, status=400
    )
    assert refused["fields"]["cursor"].startswith("此游标")
    assert api.json(f"/sites/{site}/pages", {"page_size": 1, "cursor": cursor}, status=400)
