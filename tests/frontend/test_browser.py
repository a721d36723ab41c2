"""A citizen's journeys through the public site in Debian's Chromium, at a phone's width and a
desktop's, with axe-core on every page type and a screenshot of each for a reviewer.

Skipped with a plain reason where Chromium is missing, failed instead when
``FRONTEND_BROWSER_REQUIRED=1`` (CI): see conftest.py.
"""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WIDTHS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1366, "height": 900},
}
BLOCKING_IMPACTS = ("serious", "critical")
# Each page type of the site, the path of its example in the demo, and the status it answers.
PAGE_TYPES = {
    "home": (lambda demo: "/", 200),
    "column": (lambda demo: demo.column, 200),
    "item": (lambda demo: demo.item["url_path"], 200),
    "policy": (lambda demo: demo.policy["url_path"], 200),
    "interpretation": (lambda demo: demo.interpretation["url_path"], 200),
    "archive": (lambda demo: "/archive/", 200),
    "archive-month": (
        lambda demo: f"/archive/?year={demo.filed_year}&month={demo.filed_month}",
        200,
    ),
    "filed-item": (lambda demo: demo.filed["url_path"], 200),
    "sitemap": (lambda demo: "/sitemap/", 200),
    "search": (lambda demo: "/search/?q=就业", 200),
    "mailboxes": (lambda demo: "/mailbox/", 200),
    "mailbox-form": (lambda demo: f"/mailbox/{demo.mailbox_id}/", 200),
    "lookup": (lambda demo: "/mailbox/lookup/", 200),
    "replies": (lambda demo: "/mailbox/replies/", 200),
    "ask": (lambda demo: "/ask/?q=法律援助怎么申请", 200),
    "survey": (lambda demo: demo.open_survey["url_path"], 200),
    "not-found": (lambda demo: "/no-such-column/", 404),
}
_axe = Axe()


@pytest.fixture(params=list(WIDTHS))
def width(request) -> str:
    return request.param


def new_context(chromium, platform, width: str, **options):
    return chromium.new_context(
        viewport=WIDTHS[width],
        is_mobile=width == "phone",
        has_touch=width == "phone",
        base_url=platform.portal_url,
        locale="zh-CN",
        **options,
    )


@pytest.fixture
def page(chromium, platform, width) -> Page:
    """A fresh browser tab on the portal (by its hostname), nothing remembered between tests."""
    context = new_context(chromium, platform, width)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def path_of(url: str) -> str:
    return urlsplit(url).path


def serious_violations(page: Page) -> list[dict]:
    results = _axe.run(page)
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def images_without_alt_or_broken(page: Page) -> list[str]:
    """Images of the page that have no alt attribute, or that did not load."""
    return page.evaluate(
        """() => [...document.images]
            .filter(img => !img.hasAttribute('alt') || !(img.complete && img.naturalWidth > 0))
            .map(img => img.outerHTML.slice(0, 200))"""
    )


def font_size(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)"
    )


def main_nav(page: Page):
    return page.locator("header nav[aria-label]").first


# --- Every page type: axe, no sideways scrolling, a screenshot ---------------------------------


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_is_accessible(page, demo, width, kind, screenshot_dir):
    """Everything wrong with the page is reported at once: axe's serious and critical
    violations, sideways scrolling, a wrong status or language."""
    path_for, status = PAGE_TYPES[kind]
    response = page.goto(path_for(demo))
    page.screenshot(path=screenshot_dir / f"{kind}-{width}.png", full_page=True)
    problems = []
    if response is None or response.status != status:
        problems.append(f"status {response and response.status}, expected {status}")
    if page.locator("html").get_attribute("lang") != "zh-Hans":
        problems.append("the page's language is not zh-Hans")
    overflow = horizontal_overflow(page)
    if overflow > 1:
        problems.append(f"scrolls sideways by {overflow} px")
    images = images_without_alt_or_broken(page)
    if images:
        problems.append("images without alt text or not loaded:\n" + "\n".join(images))
    violations = serious_violations(page)
    if violations:
        problems.append("axe:\n" + describe(violations))
    assert not problems, f"{kind} at {width}:\n" + "\n".join(problems)


# --- Journeys ------------------------------------------------------------------------------------


def test_home_to_column_to_item(page, demo):
    page.goto("/")
    main_nav(page).get_by_role("link", name="新闻", exact=True).click()
    expect(page).to_have_url(re.compile(r"/xinwen/$"))
    expect(page.locator("main h1")).to_have_text("新闻")
    first = page.locator("ul.item-list li a").first
    title = first.inner_text().strip()
    first.click()
    expect(page.locator("main h1")).to_have_text(title)
    assert page.title().startswith(title)


def test_policy_to_interpretation_and_back(page, demo):
    page.goto(demo.policy["url_path"])
    table = page.locator("table.disclosure-meta")
    expect(table).to_be_visible()
    expect(table).to_contain_text(demo.policy["index_number"])
    page.locator("section.interpretations a", has_text=demo.interpretation["title"]).click()
    expect(page).to_have_url(re.compile(re.escape(demo.interpretation["url_path"]) + "$"))
    expect(page.locator("main h1")).to_have_text(demo.interpretation["title"])
    page.locator("section.documents a", has_text=demo.policy["title"]).click()
    expect(page).to_have_url(re.compile(re.escape(demo.policy["url_path"]) + "$"))
    expect(page.locator("main h1")).to_have_text(demo.policy["title"])


def test_archive_by_month_to_a_filed_page(page, demo):
    page.goto("/")
    page.locator('footer a[href$="/archive/"]').first.click()
    expect(page).to_have_url(re.compile(r"/archive/$"))
    month = page.locator(
        f'main a[href*="year={demo.filed_year}"][href*="month={demo.filed_month}"]'
    ).first
    month.click()
    expect(page).to_have_url(re.compile(rf"month={demo.filed_month}"))
    page.locator("ul.item-list a", has_text=demo.filed["title"]).click()
    banner = page.locator('.archived-banner[role="note"]')
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("已归档")
    expect(banner.locator("time[datetime]")).to_have_count(1)


def test_search(page, demo):
    page.goto("/")
    form = page.locator('form[role="search"]').first
    form.locator('input[name="q"]').fill("就业")
    form.locator('input[name="q"]').press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?.*q="))
    results = page.locator("ol.results")
    expect(results).to_be_visible()
    results.locator("a", has_text=demo.policy["title"]).first.click()
    expect(page.locator("main h1")).to_have_text(demo.policy["title"])


def test_elder_mode_is_larger_and_persists(page, demo, width, screenshot_dir):
    page.goto(demo.item["url_path"])
    plain_body = font_size(page, "main")
    plain_heading = font_size(page, "main h1")
    page.locator("a.care-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
    assert path_of(page.url) == demo.item["url_path"], "the toggle did not come back"
    assert font_size(page, "main") > plain_body
    assert font_size(page, "main h1") > plain_heading
    page.screenshot(path=screenshot_dir / f"item-care-{width}.png", full_page=True)
    care_overflow = horizontal_overflow(page)
    # It persists: another page, reached by its link, is in the elder mode too.
    main_nav(page).get_by_role("link", name="政务", exact=True).click()
    expect(page).to_have_url(re.compile(r"/zhengwu/$"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bcare\b"))
    assert font_size(page, "main") > plain_body
    # And it can be turned off again.
    page.locator("a.care-toggle").click()
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bcare\b"))
    assert font_size(page, "main") == pytest.approx(plain_body)
    # Larger type must still fit a phone: no sideways scrolling in the elder mode either.
    assert care_overflow <= 1, f"the elder mode scrolls sideways by {care_overflow} px at {width}"


def test_write_to_a_mailbox_and_look_up_the_message(page, demo, width):
    """A citizen writes, is given a query code, and reads the message's state with it."""
    page.goto("/mailbox/")
    page.locator(f'main a[href$="/mailbox/{demo.mailbox_id}/"]').first.click()
    form = page.locator("main form").first
    category = form.get_by_label("类别")
    if category.count():
        category.select_option(index=1)
    subject = f"建议在滨河公园增设夜间照明（{width}）"
    form.get_by_label("标题").fill(subject)
    form.get_by_label("留言内容").fill(
        f"滨河公园北段夜间照明不足，市民散步不便，建议增设路灯。{width}"
    )
    form.get_by_label("姓名").fill("王小明")
    form.get_by_label("手机号码").fill("13800138000")
    form.locator('button[type="submit"]').click()
    code = page.locator(".query-code")
    expect(code).to_be_visible()
    query_code = code.inner_text().strip()
    assert query_code
    page.locator('main a[href$="/mailbox/lookup/"]').click()
    page.get_by_label("查询码").fill(query_code)
    page.locator('main form button[type="submit"]').click()
    status = page.locator("section.message-status")
    expect(status).to_be_visible()
    expect(status).to_contain_text(subject)


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                classes: [...el.classList],
                href: el.getAttribute('href'),
                inMain: !!el.closest('#main'),
                inMainNav: !!el.closest('header nav[aria-label]'),
                inItemList: !!el.closest('ul.item-list'),
            };
        }"""
    )


def tab_until(page: Page, condition, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if condition(now):
            return now
    raise AssertionError(f"not reached in {limit} presses of Tab; focus is on {focused(page)}")


def test_keyboard_only(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["classes"], first
    assert page.locator("a.skip-link").first.is_visible(), "the focused skip link is not shown"
    page.keyboard.press("Enter")
    now = focused(page)
    assert now["id"] == "main" or now["inMain"], now
    # From the top again: through the main navigation to 新闻, by keyboard alone.
    page.goto("/")
    reached = tab_until(
        page, lambda element: element["inMainNav"] and path_of(element["href"] or "") == "/xinwen/"
    )
    assert reached["inMainNav"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/xinwen/$"))
    # On the column: Tab to the first item and open it.
    item = tab_until(page, lambda element: element["inItemList"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(path_of(item["href"])) + "$"))
    expect(page.locator("main h1")).to_be_visible()


def test_focus_is_visible(page):
    """Whatever has the keyboard's focus is outlined, so a keyboard user sees where they are."""
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                return [style.outlineStyle, parseFloat(style.outlineWidth), style.boxShadow];
            }"""
        )
        style, outline_width, shadow = outline
        assert (style != "none" and outline_width > 0) or shadow != "none", (focused(page), outline)


@pytest.mark.parametrize("kind", ["home", "column", "item", "policy", "filed-item"])
def test_readable_without_javascript(chromium, platform, demo, width, kind):
    context = new_context(chromium, platform, width, java_script_enabled=False)
    try:
        page = context.new_page()
        path_for, status = PAGE_TYPES[kind]
        response = page.goto(path_for(demo))
        assert response.status == status
        expect(page.locator("main h1")).to_be_visible()
        expect(main_nav(page).get_by_role("link", name="新闻", exact=True)).to_be_visible()
        expect(page.locator("footer .site-identity")).to_be_visible()
        if kind == "column":
            expect(page.locator("ul.item-list li a").first).to_be_visible()
        if kind == "policy":
            expect(page.locator("table.disclosure-meta")).to_be_visible()
        if kind == "filed-item":
            expect(page.locator(".archived-banner")).to_be_visible()
    finally:
        context.close()
