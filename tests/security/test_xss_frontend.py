"""The XSS corpus on the reference frontend (frontend/), which renders the public API's rich text
as HTML and its plain text in templates (issue 15, "bad input and attacks").

Every page type full of vectors (tests/security/test_xss_pages.py's ``corpus_site``) is served
by the CMS on pytest-django's live server; the frontend runs as a real gunicorn in front of it
(tests/frontend/platform.py), and its home, column, item, search, ask and mailbox pages are
read over HTTP and checked as the admin's are (tests/security/xss_corpus.py). Queries that a
page echoes back (the search box, the question asked) are vectors too.
"""

import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import requests
from bs4 import BeautifulSoup

from knowledgebase.mailbox.models import Mailbox, MailboxKind
from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401  (a fixture)
from tests.frontend.platform import start_frontend

from . import xss_corpus as corpus
from .test_xss_pages import corpus_site  # noqa: F401  (a fixture)

# The live server answers in the test's own transaction only if the test commits.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def frontend(live_server, tmp_path):
    server, port = start_frontend(f"{live_server.url}/api/v1", tmp_path)
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", cms=live_server.url)
    finally:
        server.stop()


# Debian's Chromium, as the frontend's browser suite uses it (tests/frontend/conftest.py).
CHROMIUM = Path("/usr/bin/chromium")


def in_chromium(urls: list[str], live_server_admin) -> list[str]:
    """The dialogs Chromium opens on ``urls`` and, signed in, on the admin's pages; empty when
    none fires. Skipped without Debian's Chromium (tests/frontend/conftest.py says why)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: the browser check did not run")
    from playwright.sync_api import sync_playwright

    alerts: list[str] = []
    origin, username, admin_paths = live_server_admin
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()

            def on_dialog(dialog):
                alerts.append(f"{page.url}: {dialog.message}")
                dialog.dismiss()

            page.on("dialog", on_dialog)
            for url in urls:
                page.goto(url, wait_until="load")
                page.wait_for_timeout(100)
            page.goto(f"{origin}/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", factories.PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            for path in admin_paths:
                page.goto(f"{origin}{path}", wait_until="load")
                page.wait_for_timeout(300)
        finally:
            browser.close()
    return alerts


def _get(url: str, **params) -> str:
    response = requests.get(url, params=params, timeout=30)
    assert response.status_code in (200, 404), (url, response.status_code, response.text[-500:])
    assert response.headers["Content-Type"].startswith("text/html"), url
    return response.text


def test_the_frontend_shows_the_corpus_as_text(corpus_site, frontend):  # noqa: F811
    staffed, column, items, _news, _refused = corpus_site
    mailbox = Mailbox.objects.create(
        site=staffed.site,
        name="区长信箱",
        kind=MailboxKind.LEADER,
        unit=staffed.office,
        categories="其他",
        description=corpus.fitting(None, 30),
    )
    site = f"{frontend.url}/sites/{staffed.site.pk}"
    root = staffed.site.root_page.url_path
    pages = {
        "home": f"{site}/",
        "column": f"{site}/{column.url_path.removeprefix(root)}",
        "sitemap": f"{site}/sitemap/",
        "archive": f"{site}/archive/",
        "mailboxes": f"{site}/mailbox/",
        "replies": f"{site}/mailbox/replies/",
    }
    for page in items:
        pages[type(page).__name__] = f"{site}/{page.url_path.removeprefix(root)}"
    admin_user = factories.superuser()
    for name, url in pages.items():
        html = _get(url)
        assert name in {"archive", "replies"} or corpus.MARKER.search(html), (name, url)
        corpus.assert_inert_html(html, f"frontend {name} {url}")
    # What a page writes back of its query.
    for vector in corpus.VECTORS:
        for where in ("search", "ask"):
            html = _get(f"{site}/{where}/", q=vector)
            corpus.assert_inert_html(html, f"frontend {where}?q={vector}")
    html = _get(f"{site}/search/", q="XSS")
    assert "<em>" in html or "XSS" in html
    corpus.assert_inert_html(html, "frontend search?q=XSS")

    # A message written in the frontend's form, full of vectors, then looked up with its code:
    # the lookup page shows the citizen's text as the API hands it over (escaped).
    browser = requests.Session()
    form = f"{site}/mailbox/{mailbox.pk}/"
    _get(form)
    sent = browser.get(form, timeout=30)
    assert sent.status_code == 200
    token = browser.cookies["csrftoken"]
    posted = browser.post(
        form,
        {
            "csrfmiddlewaretoken": token,
            "subject": corpus.fitting(100, 0),
            "content": corpus.ALL,
            "name": corpus.fitting(40, 8),
            "mobile": "13991234567",
            "category": "其他",
            "may_publish": "on",
        },
        headers={"Referer": form},
        timeout=30,
    )
    assert posted.status_code in (200, 400), posted.status_code
    corpus.assert_inert_html(posted.text, "frontend mailbox form, sent")
    code = BeautifulSoup(posted.text, "html.parser").select_one(".query-code")
    assert code is not None, posted.text[-2000:]
    lookup = f"{site}/mailbox/lookup/"
    found = browser.post(
        lookup,
        {"csrfmiddlewaretoken": token, "code": code.get_text(strip=True)},
        headers={"Referer": lookup},
        timeout=30,
    )
    assert found.status_code == 200, found.status_code
    assert corpus.MARKER.search(found.text), "the message is shown"
    corpus.assert_inert_html(found.text, "frontend mailbox lookup")
    # The same form refused (no mobile number): the page echoes what was typed, as text.
    refused = browser.post(
        form,
        {"csrfmiddlewaretoken": token, "subject": corpus.fitting(100, 30), "content": corpus.ALL},
        headers={"Referer": form},
        timeout=30,
    )
    assert refused.status_code == 400, refused.status_code
    assert corpus.MARKER.search(refused.text)
    corpus.assert_inert_html(refused.text, "frontend mailbox form, refused")

    # In a real browser: no vector's alert fires on the frontend's pages, nor in the admin's
    # editor, explorer and preview of the same items.
    alerts = in_chromium(
        [*pages.values(), *(f"{site}/search/?q={quote(v)}" for v in corpus.VECTORS[:12])],
        live_server_admin=(
            frontend.cms,
            admin_user.get_username(),
            [f"/admin/pages/{column.pk}/"]
            + [f"/admin/pages/{page.pk}/edit/" for page in items]
            + [f"/admin/pages/{page.pk}/edit/preview/" for page in items[:1]],
        ),
    )
    assert not alerts, alerts
