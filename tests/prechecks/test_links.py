"""Links: trusted domains, other domains (warning) and commercial links (blocking)."""

import pytest

from editorial.prechecks import detectors
from editorial.prechecks.choices import FindingKind, Severity
from editorial.prechecks.scan import link_policy, scan_rich_text, scan_text
from editorial.prechecks.text import html_to_text

from .helpers import english


def link_findings(href, text="点击这里"):
    html = f'<p>详见<a href="{href}">{text}</a>。</p>'
    return [(f.kind, f.severity) for f in scan_rich_text(html, matcher=None)]


@pytest.mark.parametrize(
    "href",
    [
        "https://www.gov.cn/zhengce/content/2026-01/01/content_1.htm",
        "http://www.shaanxi.gov.cn/",
        "https://gov.cn",
        "https://paper.people.com.cn/rmrb/",
        "https://www.news.cn/politics/",
        "http://www.xinhuanet.com/",
        "https://tv.cctv.com/live/",
        "HTTPS://WWW.GOV.CN/",
        "/zwgk/tzgg/",
        "#section-2",
        "mailto:xxgk@baoji.gov.cn",
        "tel:12345",
    ],
)
def test_trusted_and_internal_links_are_fine(href):
    assert link_findings(href) == []


@pytest.mark.parametrize(
    "href",
    [
        "https://www.example.com/report.html",
        "https://gov.cn.example.com/",  # looks like gov.cn, is not
        "https://www.gov.cn@evil.example/",  # user name trick: the host is evil.example
        "https://notgov.cn/",
        "www.zhihu.com/question/1",  # typed without its scheme
        "//cdn.example.net/file.pdf",
    ],
)
def test_a_link_to_another_domain_is_a_warning(href):
    assert link_findings(href) == [(FindingKind.FOREIGN_LINK, Severity.WARNING)]


@pytest.mark.parametrize(
    "href",
    [
        "https://item.taobao.com/item.htm?id=1",
        "https://detail.tmall.com/item.htm?id=2",
        "https://item.jd.com/100.html",
        "https://mobile.yangkeduo.com/goods.html",
        "https://shop123.taobao-mall.example/",  # taobao in the host name
        "https://www.gov.cn/xinwen/?utm_source=wechat&utm_campaign=spring",
        "https://ad.example.com/landing",
        "https://ads.example.cn/x",
        "https://www.example.com/ads/banner.html",
    ],
)
def test_a_commercial_or_advertising_link_is_blocking(href):
    assert link_findings(href) == [(FindingKind.COMMERCIAL_LINK, Severity.BLOCKING)]


def test_words_merely_containing_ad_are_not_commercial():
    for href in ("https://road.example.com/", "https://www.example.com/adopt/", "https://ad.com/"):
        assert link_findings(href) == [(FindingKind.FOREIGN_LINK, Severity.WARNING)], href


def test_the_finding_points_at_the_text_of_the_link():
    html = '<p>请访问<a href="https://item.taobao.com/x">官方旗舰店</a>购买。</p>'
    text = html_to_text(html).text
    (finding,) = scan_rich_text(html, matcher=None)
    assert text[finding.start : finding.end] == "官方旗舰店"
    assert "https://item.taobao.com/x" in english(finding.message)


def test_internal_links_of_wagtail_are_not_checked():
    html = '<p><a linktype="page" id="3">政策解读</a><a linktype="document" id="4">附件</a></p>'
    assert scan_rich_text(html, matcher=None) == []


def test_personal_data_in_a_link_address_is_found():
    html = '<p>联系<a href="tel:13800138000">王先生</a></p>'
    findings = scan_rich_text(html, matcher=None)
    text = html_to_text(html).text
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        (FindingKind.MOBILE_NUMBER, "王先生")
    ]


def test_personal_data_in_the_query_of_a_link_is_found_but_not_numbers_in_its_path():
    html = (
        '<p><a href="https://www.gov.cn/content/4111111111111111.htm">公告</a>'
        '<a href="https://www.gov.cn/q?phone=13800138000">查询</a></p>'
    )
    assert [f.kind for f in scan_rich_text(html, matcher=None)] == [FindingKind.MOBILE_NUMBER]


def test_long_numbers_in_a_web_address_written_as_text_are_no_bank_cards():
    text = "原文见https://www.gov.cn/content/4111111111111111.htm，卡号4111111111111111。"
    findings = scan_text(text, matcher=None)
    assert [(f.kind, f.start) for f in findings] == [
        (FindingKind.BANK_CARD, text.index("卡号") + 2)
    ]


def test_a_web_address_written_as_text_is_checked_too():
    text = "详情请登录www.taobao.com或https://www.gov.cn/查询，也可访问http://example.org/a。"
    findings = scan_text(text, matcher=None)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        (FindingKind.COMMERCIAL_LINK, "www.taobao.com"),
        (FindingKind.FOREIGN_LINK, "http://example.org/a"),
    ]


def test_a_web_address_as_the_text_of_its_link_is_reported_once():
    html = '<p><a href="https://example.org/">https://example.org/</a></p>'
    assert [f.kind for f in scan_rich_text(html, matcher=None)] == [FindingKind.FOREIGN_LINK]


def test_an_e_mail_address_is_no_web_address():
    assert scan_text("来信请寄 office@www.example.com 。", matcher=None) == []


def test_the_lists_come_from_the_settings(settings):
    settings.PRECHECK_LINK_ALLOWLIST = ["example.org"]
    settings.PRECHECK_COMMERCIAL_DOMAINS = ["shop.example"]
    settings.PRECHECK_COMMERCIAL_URL_PATTERNS = [r"[?&]promo="]
    assert link_findings("https://docs.example.org/") == []
    assert link_findings("https://www.gov.cn/") == [(FindingKind.FOREIGN_LINK, Severity.WARNING)]
    assert link_findings("https://a.shop.example/") == [
        (FindingKind.COMMERCIAL_LINK, Severity.BLOCKING)
    ]
    assert link_findings("https://docs.example.org/?promo=1") == [
        (FindingKind.COMMERCIAL_LINK, Severity.BLOCKING)
    ]


def test_extra_hosts_are_trusted():
    policy = link_policy(extra_hosts=["www.weibin.example"])
    assert policy.classify("https://www.weibin.example/zwgk/") is None
    assert policy.classify("https://other.example/") == ("foreign", "other.example")


def test_url_host():
    assert detectors.url_host("https://User@WWW.Gov.CN.:443/x") == "www.gov.cn"
    assert detectors.url_host("/relative") is None
    assert detectors.url_host("javascript:alert(1)") is None
