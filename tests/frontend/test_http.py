"""The public frontend over plain HTTP: every page type with its markup hooks, caching headers,
changes made by staff showing within the stated bound, IPv6, a failing API, and bad input.

The servers are real (tests/frontend/platform.py); so are the changes (tests/frontend/staff.py).
"""

import re
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from bs4 import BeautifulSoup

from . import platform as platform_module
from . import staff
from .platform import FRESH_SECONDS, PORTAL_ID

# A taken-down, changed or filed item shows as such within this many seconds of the change.
BOUND_SECONDS = FRESH_SECONDS + 1
CJK = re.compile(r"[\u4e00-\u9fff]")
IDENTITY_LABELS = ("主办单位", "承办单位", "网站标识码", "ICP备案号", "公安机关备案号")
DISCLOSURE_HEADERS = (
    "索引号",
    "发布机构",
    "成文日期",
    "发布日期",
    "发文字号",
    "主题分类",
    "主题词",
    "有效性",
)


def get(url: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 15)
    kwargs.setdefault("allow_redirects", False)
    return requests.get(url, **kwargs)


def page(platform, path: str, **kwargs) -> requests.Response:
    """``path`` of the portal, reached by its hostname."""
    return get(platform.portal_url + path, **kwargs)


def soup(response: requests.Response) -> BeautifulSoup:
    response.encoding = "utf-8"
    return BeautifulSoup(response.text, "html.parser")


def assert_clean_chinese_page(response: requests.Response, *statuses: int) -> BeautifulSoup:
    """An answer of one of ``statuses``: a whole page in Chinese, no traceback, no debug page."""
    assert response.status_code in statuses, (response.status_code, response.text[:2000])
    assert "Traceback" not in response.text
    assert "Exception Value" not in response.text
    document = soup(response)
    html = document.find("html")
    assert html is not None and html.get("lang") == "zh-Hans", response.text[:500]
    main = document.find("main")
    text = (main or document).get_text(" ", strip=True)
    assert CJK.search(text), text[:500]
    return document


def item_links(document: BeautifulSoup) -> list[str]:
    listing = document.select_one("ul.item-list")
    assert listing is not None, "no ul.item-list"
    return [link["href"] for link in listing.select("li a[href]")]


def path_of(href: str) -> str:
    return urlsplit(href).path


# --- Every page type with its hooks -------------------------------------------------------------


def test_home_has_the_landmarks_and_the_identity_block(platform, demo):
    document = assert_clean_chinese_page(page(platform, "/"), 200)
    first_focusable = document.select_one("a[href], button, input, select, textarea")
    assert first_focusable is not None
    assert "skip-link" in first_focusable.get("class", []), first_focusable
    assert first_focusable["href"] == "#main"
    assert document.find("header") is not None
    nav = document.select_one("nav[aria-label]")
    assert nav is not None and nav["aria-label"].strip()
    assert any(path_of(a["href"]).endswith("/xinwen/") for a in nav.select("a[href]"))
    assert document.select_one("main#main") is not None
    identity = document.select_one("footer .site-identity")
    assert identity is not None, "no footer .site-identity"
    text = identity.get_text(" ", strip=True)
    for label in IDENTITY_LABELS:
        assert label in text, label
    footer = api_site(platform)["footer"]
    assert footer["sponsor_unit"] in text
    assert footer["site_code"] in text
    link_texts = [a.get_text(" ", strip=True) for a in identity.select("a[href]")]
    assert any(footer["icp_number"] in link for link in link_texts), link_texts
    assert any(footer["psb_number"] in link for link in link_texts), link_texts


def api_site(platform) -> dict:
    return requests.get(f"{platform.api_url}/sites/{PORTAL_ID}", timeout=10).json()


def test_home_lists_the_latest_items_of_its_columns(platform):
    document = assert_clean_chinese_page(page(platform, "/"), 200)
    hrefs = {path_of(a["href"]) for a in document.select("main a[href]")}
    for column in ("/xinwen/", "/zhengwu/"):
        column_id = requests.get(
            f"{platform.api_url}/sites/{PORTAL_ID}/find", params={"path": column}, timeout=10
        ).json()["id"]
        latest = requests.get(
            f"{platform.api_url}/sites/{PORTAL_ID}/pages",
            params={"column": column_id, "page_size": 1},
            timeout=10,
        ).json()["items"][0]
        assert column in hrefs, (column, sorted(hrefs))
        assert latest["url_path"] in hrefs, (latest, sorted(hrefs))


def test_home_pins_the_announcements_the_api_says_are_pinned(platform):
    """R7: the portal's site-opening notice (pinned by the demo) leads the home page, and the
    list of notices beside it does not repeat it."""
    pinned = requests.get(
        f"{platform.api_url}/sites/{PORTAL_ID}/pages", params={"pinned": "true"}, timeout=10
    ).json()["items"]
    assert pinned, "the demo pins a notice on the portal"
    document = assert_clean_chinese_page(page(platform, "/"), 200)
    box = document.select_one("main section.pinned")
    assert box is not None, "no pinned announcements on the home page"
    shown = [path_of(a["href"]) for a in box.select("a[href]")]
    assert shown == [item["url_path"] for item in pinned]
    notices = document.select_one("section[aria-labelledby=notices-title]")
    listed = [path_of(a["href"]) for a in notices.select("a[href]")]
    assert listed and not set(shown) & set(listed), listed


def test_site_chooser_on_an_unknown_host_lists_every_site(platform, demo):
    document = assert_clean_chinese_page(get(platform.frontend_url + "/"), 200)
    hrefs = {path_of(a["href"]) for a in document.select("a[href]")}
    for site in demo.sites:
        assert f"/sites/{site['id']}/" in hrefs, site


def test_each_site_answers_on_its_own_hostname(platform, demo):
    for site in demo.sites:
        response = get(
            platform.frontend_url + "/",
            headers={"Host": f"{site['hostname']}:{platform.frontend_port}"},
        )
        document = assert_clean_chinese_page(response, 200)
        assert site["name"] in document.find("header").get_text(" ", strip=True), site


def test_pages_under_the_site_prefix_link_under_it(platform, demo):
    base = f"{platform.frontend_url}/sites/{PORTAL_ID}"
    document = assert_clean_chinese_page(get(base + demo.column), 200)
    links = item_links(document)
    assert f"/sites/{PORTAL_ID}{demo.item['url_path']}" in [path_of(href) for href in links]
    item = assert_clean_chinese_page(get(base + demo.item["url_path"]), 200)
    assert item.find("h1").get_text(strip=True) == demo.item["title"]


def test_column_lists_its_items(platform, demo):
    document = assert_clean_chinese_page(page(platform, demo.column), 200)
    assert demo.item["url_path"] in [path_of(href) for href in item_links(document)]


def api_count(platform, path: str, **params) -> int:
    response = requests.get(f"{platform.api_url}{path}", params=params, timeout=10)
    return response.json()["count"]


def follow(platform, href: str) -> requests.Response:
    parts = urlsplit(href)
    return page(platform, parts.path + (f"?{parts.query}" if parts.query else ""))


def test_column_paginates(platform):
    """新闻 holds about as many items as a page shows: whichever side of it the column is, the
    pagination must say so."""
    column = "/xinwen/"
    column_id = requests.get(
        f"{platform.api_url}/sites/{PORTAL_ID}/find", params={"path": column}, timeout=10
    ).json()["id"]
    total = api_count(platform, f"/sites/{PORTAL_ID}/pages", column=column_id)
    first = assert_clean_chinese_page(page(platform, column), 200)
    shown = item_links(first)
    assert shown
    next_link = first.select_one("nav.pagination a[rel~=next]")
    if total <= len(shown):
        assert next_link is None
        return
    assert next_link is not None, f"{total} items, {len(shown)} shown, no next page"
    second = assert_clean_chinese_page(follow(platform, next_link["href"]), 200)
    assert second.select_one("nav.pagination a[rel~=prev]") is not None
    assert set(item_links(second)).isdisjoint(shown)


def test_search_results_paginate(platform):
    total = api_count(platform, f"/sites/{PORTAL_ID}/search", q="渭川")
    first = assert_clean_chinese_page(page(platform, "/search/", params={"q": "渭川"}), 200)
    shown = first.select("ol.results > li")
    assert 0 < len(shown) < total, (len(shown), total)
    next_link = first.select_one("nav.pagination a[rel~=next]")
    assert next_link is not None
    second = assert_clean_chinese_page(follow(platform, next_link["href"]), 200)
    assert second.select("ol.results > li")
    assert second.select_one("nav.pagination a[rel~=prev]") is not None


def test_item_page(platform, demo):
    response = page(platform, demo.item["url_path"])
    document = assert_clean_chinese_page(response, 200)
    assert document.select_one("main h1").get_text(strip=True) == demo.item["title"]
    assert response.headers.get("Last-Modified"), response.headers
    assert response.headers.get("ETag"), response.headers


def test_policy_document_has_the_disclosure_table_and_its_interpretations(platform, demo):
    document = assert_clean_chinese_page(page(platform, demo.policy["url_path"]), 200)
    table = document.select_one("table.disclosure-meta")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.select("th")]
    for header in DISCLOSURE_HEADERS:
        assert header in headers, (header, headers)
    table_text = table.get_text(" ", strip=True)
    assert demo.policy["index_number"] in table_text
    assert demo.policy["document_number"] in table_text
    section = document.select_one("section.interpretations")
    assert section is not None
    assert demo.interpretation["url_path"] in [
        path_of(a["href"]) for a in section.select("a[href]")
    ]


def test_interpretation_links_back_to_its_document(platform, demo):
    document = assert_clean_chinese_page(page(platform, demo.interpretation["url_path"]), 200)
    section = document.select_one("section.documents")
    assert section is not None
    assert demo.policy["url_path"] in [path_of(a["href"]) for a in section.select("a[href]")]


def test_replaced_policy_names_its_replacement(platform, demo):
    """The demo's filed policy was repealed and replaced: 有效性 names the replacing document."""
    replaced_by = demo.filed["validity"]["replaced_by"]
    assert replaced_by, demo.filed
    document = assert_clean_chinese_page(page(platform, demo.filed["url_path"]), 200)
    table = document.select_one("table.disclosure-meta")
    assert table is not None
    assert replaced_by["url_path"] in [path_of(a["href"]) for a in table.select("a[href]")]


def test_archive_by_year_and_month(platform, demo):
    overview = assert_clean_chinese_page(page(platform, "/archive/"), 200)
    month_links = [
        a["href"]
        for a in overview.select("main a[href]")
        if f"year={demo.filed_year}" in a["href"] and f"month={demo.filed_month}" in a["href"]
    ]
    assert month_links, overview.select_one("main")
    month = assert_clean_chinese_page(
        page(platform, f"/archive/?year={demo.filed_year}&month={demo.filed_month}"), 200
    )
    assert demo.filed["url_path"] in [path_of(href) for href in item_links(month)]


def test_filed_page_shows_the_archived_banner(platform, demo):
    document = assert_clean_chinese_page(page(platform, demo.filed["url_path"]), 200)
    banner = document.select_one('div.archived-banner[role="note"]')
    assert banner is not None
    assert "已归档" in banner.get_text()
    stamp = banner.select_one("time[datetime]")
    assert stamp is not None
    assert stamp["datetime"][:10] == demo.filed["archive"]["archived_at"][:10], stamp


def test_unfiled_page_has_no_banner(platform, demo):
    document = assert_clean_chinese_page(page(platform, demo.policy["url_path"]), 200)
    assert document.select_one(".archived-banner") is None


def test_sitemap_links_every_top_column(platform):
    document = assert_clean_chinese_page(page(platform, "/sitemap/"), 200)
    hrefs = {path_of(a["href"]) for a in document.select("main a[href]")}
    for column in ("/xinwen/", "/xinwen/zwyw/", "/zhengwu/", "/zhengwu/zcwj/", "/fuwu/bszn/"):
        assert column in hrefs, (column, sorted(hrefs))


def test_search_finds_a_policy_document(platform, demo):
    home = soup(page(platform, "/"))
    form = home.select_one('form[role="search"]')
    assert form is not None and path_of(form["action"]).endswith("/search/")
    assert form.select_one('input[name="q"]') is not None
    document = assert_clean_chinese_page(page(platform, "/search/", params={"q": "就业"}), 200)
    results = document.select_one("ol.results")
    assert results is not None
    assert demo.policy["url_path"] in [path_of(a["href"]) for a in results.select("a[href]")]


def test_search_without_a_query_is_a_clean_page(platform):
    assert_clean_chinese_page(page(platform, "/search/"), 200)
    assert_clean_chinese_page(page(platform, "/search/", params={"q": ""}), 200)


def test_mailboxes_and_their_forms(platform, demo):
    listing = assert_clean_chinese_page(page(platform, "/mailbox/"), 200)
    hrefs = [path_of(a["href"]) for a in listing.select("main a[href]")]
    assert f"/mailbox/{demo.mailbox_id}/" in hrefs, hrefs
    document = assert_clean_chinese_page(page(platform, f"/mailbox/{demo.mailbox_id}/"), 200)
    form = document.select_one('main form[method="post"], main form[method="POST"]')
    assert form is not None
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
    for field in form.select("input:not([type=hidden]), textarea, select"):
        field_id = field.get("id")
        labelled = field.get("aria-label") or (
            field_id and document.select_one(f'label[for="{field_id}"]')
        )
        assert labelled, f"unlabelled field {field}"


def test_mailbox_lookup(platform):
    document = assert_clean_chinese_page(page(platform, "/mailbox/lookup/"), 200)
    assert document.select_one("main form") is not None


def test_elder_mode_toggles_with_a_cookie_and_returns(platform, demo):
    response = page(platform, "/care/", params={"next": demo.column})
    assert response.status_code in (302, 303), response.status_code
    assert path_of(response.headers["Location"]) == demo.column
    assert response.cookies, "the elder mode sets no cookie"
    jar = response.cookies
    document = soup(page(platform, demo.item["url_path"], cookies=jar))
    assert "care" in document.find("html").get("class", [])
    assert document.select_one("a.care-toggle") is not None
    plain = soup(page(platform, demo.item["url_path"]))
    assert "care" not in plain.find("html").get("class", [])


def test_elder_mode_never_redirects_off_the_site(platform):
    response = page(platform, "/care/", params={"next": "https://evil.example.com/"})
    assert response.status_code in (302, 303, 400)
    location = response.headers.get("Location", "")
    assert "evil.example.com" not in location, location


# --- Caching headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["home", "column", "item"])
def test_conditional_get_answers_304(platform, demo, kind):
    path = {"home": "/", "column": demo.column, "item": demo.item["url_path"]}[kind]
    first = page(platform, path)
    assert first.status_code == 200
    etag = first.headers.get("ETag")
    assert etag, first.headers
    again = page(platform, path, headers={"If-None-Match": etag})
    assert again.status_code == 304, again.status_code
    assert not again.content
    other = page(platform, path, headers={"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200


def test_item_revalidates_by_last_modified(platform, demo):
    first = page(platform, demo.item["url_path"])
    modified = first.headers.get("Last-Modified")
    assert modified
    again = page(platform, demo.item["url_path"], headers={"If-Modified-Since": modified})
    assert again.status_code == 304


def test_the_frontend_revalidates_with_the_api_etags(platform, demo):
    """Past its freshness an answer is asked for again with its ETag, and the API's 304 is
    enough: nothing unchanged that has an ETag is fetched again."""
    path = demo.interpretation["url_path"]
    assert page(platform, path).status_code == 200
    time.sleep(FRESH_SECONDS + 0.3)
    log = platform_module.access_log(platform.work_dir, "cms")
    before = log.stat().st_size
    assert page(platform, path).status_code == 200
    time.sleep(0.3)
    with log.open("rb") as lines:
        lines.seek(before)
        asked = [line for line in lines.read().decode().splitlines() if "/api/v1/" in line]
    assert asked, "the frontend did not ask the API again past its freshness"
    assert any(line.startswith("304 ") for line in asked), asked
    # Fetched whole again: only what the API gives no ETag for.
    refetched = [line.split(" ", 2)[2] for line in asked if not line.startswith("304 ")]
    with_etag = [
        url
        for url in refetched
        if requests.get(f"{platform.cms_url}{url}", timeout=10).headers.get("ETag")
    ]
    assert not with_etag, f"fetched again despite an ETag: {with_etag} (asked: {asked})"


# --- Staff's changes, within the bound ----------------------------------------------------------


def wait_for(predicate, seconds: float) -> float | None:
    """Poll ``predicate`` until it holds; the seconds it took, or None past ``seconds``."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            return None
        time.sleep(0.1)


def title_on(platform, item: staff.Item) -> str | None:
    response = page(platform, item.url_path)
    if response.status_code != 200:
        return None
    heading = soup(response).select_one("main h1")
    return heading.get_text(strip=True) if heading else None


FRESH_PURPOSES = ("shown", "retitled", "taken_down", "filed")


@pytest.fixture(scope="module")
def fresh_items(platform) -> dict[str, staff.Item]:
    """A news item per test below, written and published through review for it alone."""
    tag = uuid.uuid4().hex[:6]
    titles = [f"前台测试新闻{tag}{number}" for number in range(len(FRESH_PURPOSES))]
    return dict(zip(FRESH_PURPOSES, staff.publish_news(platform, titles), strict=True))


def test_a_published_item_shows(platform, demo, fresh_items):
    item = fresh_items["shown"]
    assert wait_for(lambda: title_on(platform, item) == item.title, BOUND_SECONDS) is not None
    took = wait_for(
        lambda: (
            item.url_path
            in [path_of(href) for href in item_links(soup(page(platform, demo.column)))]
        ),
        BOUND_SECONDS,
    )
    assert took is not None, "the new item never appeared in its column"


def test_work_no_review_cleared_never_reaches_the_site(platform, demo):
    """A draft of a live item and an item one stage short of its review stay off the website:
    its item page, its column, its search, the API it reads, even after the freshness bound."""
    item = staff.Item(demo.item["id"], demo.item["url_path"], demo.item["title"])
    marker = uuid.uuid4().hex[:8]
    draft_title, pending_title = f"未审草稿{marker}", f"待审新闻{marker}"
    pending = staff.leave_uncleared(platform, item, draft_title, pending_title)
    time.sleep(BOUND_SECONDS)
    shown = page(platform, item.url_path)
    assert shown.status_code == 200 and item.title in shown.text
    assert draft_title not in shown.text
    assert page(platform, pending["url_path"]).status_code == 404
    for path, params in (
        (demo.column, {}),
        ("/", {}),
        ("/search/", {"q": marker}),
        ("/search/", {"q": "待审新闻"}),
    ):
        text = page(platform, path, params=params).text
        assert draft_title not in text and pending_title not in text, path
    found = requests.get(f"{platform.api_url}/sites/{PORTAL_ID}/pages/{pending['id']}", timeout=10)
    assert found.status_code == 404


def test_a_changed_title_shows_within_the_bound(platform, fresh_items):
    item = fresh_items["retitled"]
    assert title_on(platform, item) == item.title
    changed = staff.retitle(platform, item, item.title + "（更正）")
    took = wait_for(lambda: title_on(platform, changed) == changed.title, BOUND_SECONDS)
    assert took is not None, f"the new title did not show within {BOUND_SECONDS} s"


def test_a_taken_down_item_answers_404_within_the_bound(platform, fresh_items):
    item = fresh_items["taken_down"]
    assert page(platform, item.url_path).status_code == 200
    staff.take_down(platform, item)
    took = wait_for(lambda: page(platform, item.url_path).status_code == 404, BOUND_SECONDS)
    assert took is not None, f"still served {BOUND_SECONDS} s after the take-down"
    assert_clean_chinese_page(page(platform, item.url_path), 404)


def test_a_filed_item_shows_the_banner_within_the_bound(platform, fresh_items):
    item = fresh_items["filed"]
    assert soup(page(platform, item.url_path)).select_one(".archived-banner") is None
    staff.file_item(platform, item)

    def banner() -> bool:
        found = soup(page(platform, item.url_path)).select_one(".archived-banner")
        return found is not None and "已归档" in found.get_text()

    assert wait_for(banner, BOUND_SECONDS) is not None


# --- IPv6 ---------------------------------------------------------------------------------------


def test_the_frontend_answers_on_ipv6(platform, demo):
    chooser = get(platform.frontend_url_v6 + "/")
    assert_clean_chinese_page(chooser, 200)
    portal = get(
        platform.frontend_url_v6 + demo.item["url_path"],
        headers={"Host": f"localhost:{platform.frontend_port}"},
    )
    document = assert_clean_chinese_page(portal, 200)
    assert document.select_one("main h1").get_text(strip=True) == demo.item["title"]


# --- When the API fails --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orphaned(platform):
    """A second frontend reading a second CMS, which the test stops: the API gone away."""
    cms, cms_url = platform_module.start_cms(platform, name="cms-doomed")
    frontend, port = platform_module.start_frontend(
        f"{cms_url}/api/v1", platform.work_dir, name="frontend-orphaned"
    )
    try:
        yield cms, f"http://localhost:{port}"
    finally:
        frontend.stop()
        cms.stop()


def test_when_the_api_fails_a_seen_page_is_the_last_good_copy(orphaned, demo):
    cms, base = orphaned
    seen = [demo.item["url_path"], demo.column, "/"]
    for path in seen:
        assert get(base + path).status_code == 200, path
    cms.stop()
    time.sleep(FRESH_SECONDS + 0.5)
    for path in seen:
        document = assert_clean_chinese_page(get(base + path), 200)
        assert document.select_one(".stale-notice") is not None, path
    item = soup(get(base + demo.item["url_path"]))
    assert item.select_one("main h1").get_text(strip=True) == demo.item["title"]
    never_seen = get(base + demo.policy["url_path"])
    document = assert_clean_chinese_page(never_seen, 503)
    assert document.select_one(".api-error") is not None


# --- Not found and bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/no-such-column/", "/xinwen/no-such-item/", "/xinwen/zwyw/no/such/page/"],
)
def test_unknown_paths_answer_the_chinese_404(platform, path):
    document = assert_clean_chinese_page(page(platform, path), 404)
    assert document.select_one("main#main") is not None
    assert "Not Found" not in document.get_text()


def test_an_unknown_site_answers_404(platform):
    assert_clean_chinese_page(get(platform.frontend_url + "/sites/999/"), 404)
    assert_clean_chinese_page(get(platform.frontend_url + "/sites/999/xinwen/"), 404)


@pytest.mark.parametrize(
    "path, params",
    [
        ("/xinwen/zwyw/", {"page": "abc"}),
        ("/xinwen/zwyw/", {"page": "999999"}),
        ("/xinwen/zwyw/", {"page": "-1"}),
        ("/xinwen/zwyw/", {"page": "0"}),
        ("/xinwen/zwyw/", {"page": "9" * 40}),
        ("/search/", {"q": "政务" * 200}),
        ("/search/", {"q": "就业", "page": "abc"}),
        ("/search/", {"q": "<script>alert(1)</script>"}),
        ("/archive/", {"year": "abc", "month": "13"}),
        ("/archive/", {"year": "99999", "month": "1"}),
        ("/mailbox/999999/", {}),
        ("/care/", {"next": "//evil.example.com/"}),
    ],
)
def test_bad_input_answers_a_clean_page(platform, path, params):
    response = page(platform, path, params=params)
    assert response.status_code < 500, (response.status_code, response.text[:1000])
    if response.status_code in (301, 302, 303):
        assert "evil.example.com" not in response.headers.get("Location", "")
        return
    document = assert_clean_chinese_page(response, 200, 400, 404)
    assert "<script>alert(1)</script>" not in response.text
    assert document.select_one("main#main") is not None
