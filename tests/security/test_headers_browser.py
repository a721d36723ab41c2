"""The admin works under its Content-Security-Policy, in Debian's Chromium (Playwright).

Each page is loaded from a live server with the platform's real headers, and the browser's
console is read for a CSP violation: the sign-in page under the strict policy (no inline
script), the dashboard, the page explorer and the page editor (with a chooser opened) under the
signed-in admin's. A script slipped into the sign-in page is shown to be blocked, so the
listener is known to hear violations.

Skipped where Chromium is missing, failed instead when ``FRONTEND_BROWSER_REQUIRED=1`` (CI).
"""

import os
from pathlib import Path

import pytest

from cms.content.models import NewsPage
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("FRONTEND_BROWSER_REQUIRED", "").strip() == "1"

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.is_file() and not REQUIRED,
        reason=f"Chromium not found at {CHROMIUM}: the admin's CSP was not tried in a browser",
    ),
]


def csp_violations(messages: list[str]) -> list[str]:
    return [text for text in messages if "Content Security Policy" in text]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's synchronous API runs an event loop in this thread; the ORM is not used
    # while it runs, but Django cannot know.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield chromium
        finally:
            chromium.close()


def open_tab(browser, live_server, cookies=()):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    if cookies:
        context.add_cookies([{**cookie, "url": live_server.url} for cookie in cookies])
    tab = context.new_page()
    heard: list[str] = []
    tab.on("console", lambda message: heard.append(message.text))
    return tab, heard


def test_the_sign_in_page_runs_under_the_strict_policy(browser, live_server):
    tab, heard = open_tab(browser, live_server)
    tab.goto("/admin/login/")
    tab.wait_for_load_state("networkidle")
    assert tab.locator("#id_username").is_visible()
    assert csp_violations(heard) == []
    # An inline script slipped into the page does not run, and the browser says so.
    tab.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => window.injected") is None
    assert csp_violations(heard)


def test_the_dashboard_explorer_and_editor_run_under_the_admins_policy(
    browser, live_server, client
):
    site = factories.site()
    owner = factories.unit("办公室")
    column = factories.column(site.root_page, "动态要闻", owner=owner)
    item = factories.news(column, "安全测试新闻")
    assert isinstance(item, NewsPage)
    person = factories.superuser()
    client.force_login(person)
    cookies = [{"name": name, "value": morsel.value} for name, morsel in client.cookies.items()]

    tab, heard = open_tab(browser, live_server, cookies)
    for path in ("/admin/", f"/admin/pages/{site.root_page_id}/", f"/admin/pages/{item.pk}/edit/"):
        response = tab.goto(path)
        tab.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "'unsafe-eval'" not in response.headers["content-security-policy"]
        assert tab.url.endswith(path), tab.url
    # The editor's scripts ran: a chooser (the cover image's) opens its modal, whose content
    # comes from the server and runs too.
    tab.locator("[data-chooser-action-choose]").first.dispatch_event("click")
    tab.locator(".modal-dialog").wait_for()
    tab.wait_for_load_state("networkidle")
    assert csp_violations(heard) == []
