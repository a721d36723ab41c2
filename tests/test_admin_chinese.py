"""No English in the Chinese admin (issue 19, item 13).

A small platform — units, people in every role, a column, items at several stages of 三审三校,
one returned with an opinion, one live, an image, a document — and, logged in as each role and as
a platform administrator, every admin page those people open: the dashboard, the explorer, the
editor of a draft, of an item in review and of a live item, an item's history and workflow
history, every page of the menus (reports included), the libraries, the account, the guide, the
search, the review queue and the reports' filters. What a user can read or hear on them — text,
``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes, the strings handed to the
JavaScript as JSON (``wagtailConfig``, the sidebar's props) — holds no English word. The strings
Wagtail's scripts translate for themselves come from its ``djangojs`` catalogue, served at
/admin/jsi18n/: every one of them must be Chinese there too.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import wagtail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.documents.models import Document

from cms.organisation.models import Role, UnitKind
from tests import factories
from tests.editorial.flow import act, fresh, submit

pytestmark = pytest.mark.django_db

# Latin that is no English: abbreviations a Chinese office writes in Latin letters, file types and
# sizes, and the keys of a keyboard.
LATIN = {
    "Alt",
    "API",
    "AVIF",
    "CSV",
    "Ctrl",
    "DOC",
    "DOCX",
    "Esc",
    "GB",
    "GIF",
    "HEIC",
    "HTML",
    "ICP",
    "ID",
    "JavaScript",
    "JPEG",
    "JPG",
    "JSON",
    "KB",
    "MB",
    "OFD",
    "PDF",
    "PNG",
    "Shift",
    "SVG",
    "TXT",
    "URL",
    "WEBP",
    "WPS",
    "XLS",
    "XLSX",
    "ZIP",
}

# What Wagtail writes in English with no msgid to translate, each on a page only a platform
# administrator opens or spoken only by a screen reader.
HARD_CODED = {
    "Search",  # the dashboard search's hidden submit button (wagtailadmin/home.html)
    "None",  # the side panel toggle's counter, hidden until its script fills it in
}
# The columns of Wagtail's sites listing, labelled from the field names (wagtail/sites/views.py).
SITES_COLUMNS = {"Port", "Site name", "Root page"}
# Data Wagtail's migrations create, which only a platform administrator meets, at the page tree's
# root: the tree's root page, Wagtail's welcome page and the default site that points to it.
WAGTAIL_DATA = {"localhost", "Welcome to your new Wagtail site!", "Root"}

# Text attributes a person reads (or hears through a screen reader).
TEXT_ATTRIBUTES = {"title", "placeholder", "aria-label", "aria-description", "alt"}
# Keys of the JSON handed to scripts whose values are shown to people.
TEXT_KEYS = {"label", "title", "text", "footer_text", "help_text", "description", "placeholder"}
NOT_TEXT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?:https?://|/)[^\s\"'<>]*"  # addresses and paths
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.cn|cn|com|org|png|jpg|pdf|docx?|xlsx?|txt|csv)\b"
    r"|%\(\w+\)[sd]"
    r"|\b\w*\d\w*\b"  # numbers, versions, digests
    r"|\b[a-z_]+\.[a-z_]+\b"  # content types (app_label.model)
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ -][A-Za-z][A-Za-z'’]*)*")


class _Reader(HTMLParser):
    """What a person meets on a page: its text, its readable attributes and the readable
    strings of the JSON it hands to scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._json: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style"}:
            if tag == "script" and attrs.get("type") == "application/json":
                self._json = []
            else:
                self._skip += 1
        if tag == "input" and (attrs.get("type") or "") in {"submit", "button"}:
            self.texts.append(attrs.get("value") or "")
        for name, value in attrs.items():
            if name in TEXT_ATTRIBUTES:
                self.texts.append(value or "")
            elif name.startswith("data-") and (value or "").startswith(("{", "[")):
                try:  # options handed to a script (Draftail's, a controller's values)
                    self.texts.extend(_json_texts(json.loads(value)))
                except ValueError:
                    pass

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            if self._json is not None:
                self.texts.extend(_json_texts(json.loads("".join(self._json))))
                self._json = None
            else:
                self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif not self._skip:
            self.texts.append(data)


def _json_texts(value, key=None, every=False):
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _json_texts(item, name, every or name == "STRINGS")
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item, key, every)
    elif isinstance(value, str) and (every or key in TEXT_KEYS):
        yield value


def english(html: str, allowed: set[str]) -> set[str]:
    """The runs of English words a person meets on ``html``."""
    reader = _Reader()
    reader.feed(html)
    names = "|".join(map(re.escape, sorted(allowed, key=len, reverse=True)))
    names = re.compile(rf"(?<![A-Za-z0-9_.-])(?:{names})(?![A-Za-z0-9_-])")
    found = set()
    for text in reader.texts:
        text = names.sub(" ", " ".join(text.split()))
        if text in HARD_CODED:
            continue
        for run in WORD.findall(NOT_TEXT.sub(" ", text)):
            words = [w for w in re.split(r"[ -]", run) if w not in LATIN and w not in allowed]
            if any(len(word) > 1 for word in words):
                found.add(run)
    return found


@pytest.fixture
def platform(client):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    site = factories.site("某区人民政府", sponsor=office)
    people = SimpleNamespace(
        author=factories.user("author", unit=office, role=Role.INFO_OFFICER),
        officer=factories.user("officer", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        deputy=factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
        webmaster=factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        admin=factories.superuser(),
    )
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    items = SimpleNamespace(
        draft=factories.news(column, "草稿稿件", publish=False),
        first=factories.news(column, "一审稿件", publish=False),
        second=factories.news(column, "二审稿件", publish=False),
        returned=factories.news(column, "退回稿件", publish=False),
        live=factories.news(column, "已发布稿件"),
    )
    for item in (items.first, items.second, items.returned):
        assert submit(client, people.author, item).status_code == 302
    for item in (items.second, items.returned):
        assert act(client, people.officer, item).status_code in (200, 302)
    assert act(client, people.chief, items.returned, "reject").status_code in (200, 302)
    image = factories.image("会议现场")
    document = Document.objects.create(
        title="工作方案", file=ContentFile(b"%PDF-1.4\n", name="gzfa.pdf")
    )
    client.logout()
    return SimpleNamespace(
        site=site,
        column=column,
        people=people,
        items=items,
        image=image,
        document=document,
        allowed={person.get_username() for person in vars(people).values()}
        | WAGTAIL_DATA
        | SITES_COLUMNS,
    )


def _menu_urls(html: str) -> list[str]:
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return sorted(set(re.findall(r'"url": "(/admin/[^"]*)"', props.group(1))))


def _urls(platform) -> list[str]:
    items = platform.items
    urls = [
        "/admin/",
        f"/admin/pages/{platform.column.pk}/",
        f"/admin/pages/{platform.site.root_page.pk}/",
        f"/admin/pages/add/content/newspage/{platform.column.pk}/",
        "/admin/pages/search/?q=稿件",
        "/admin/guide/",
        "/admin/account/",
        "/admin/images/",
        f"/admin/images/{platform.image.pk}/",
        "/admin/documents/",
        f"/admin/documents/edit/{platform.document.pk}/",
        "/admin/snippets/",
        "/admin/reports/workflow/?task=&status=",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/locked/",
    ]
    for item in vars(items).values():
        urls += [
            f"/admin/pages/{item.pk}/edit/",
            f"/admin/pages/{item.pk}/history/",
            f"/admin/pages/{item.pk}/workflow_history/",
            *(
                f"/admin/pages/{item.pk}/workflow_history/detail/{state.pk}/"
                for state in item.workflow_states.all()
            ),
        ]
    revisions = fresh(items.second).revisions.order_by("pk")
    first, latest = revisions.first(), revisions.last()
    live = items.live.pk
    urls += [
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[items.second.pk, first.pk, latest.pk]
        ),
        f"/admin/pages/{live}/delete/",
        f"/admin/pages/{live}/move/",
        f"/admin/pages/{live}/copy/",
        f"/admin/pages/{live}/unpublish/",
        # Choosers, opened from the editor (their HTML comes inside JSON)
        f"/admin/choose-page/{platform.column.pk}/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        reverse("editorial_queue"),
    ]
    return urls


def _answers(client, platform):
    """What people are answered when they act: an edit saved with an error (the editor again,
    with Wagtail's message) and a reviewer's action dialog (HTML inside JSON)."""
    items = platform.items
    factories.login(client, platform.people.author)
    url = f"/admin/pages/{items.draft.pk}/edit/"
    response = client.post(url, {**factories.page_form(client, url), "title": ""})
    factories.assert_shows(response, _("The page could not be saved due to validation errors."))
    yield url + " (saved with an error)", response.content.decode()
    factories.login(client, platform.people.officer)
    state = fresh(items.first).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[items.first.pk, "approve", state.pk])
    yield url, client.get(url).json()["html"]
    client.logout()


def test_the_admin_users_open_speaks_chinese(client, platform):
    found: dict[str, set[str]] = {}
    opened: set[str] = set()
    people = platform.people
    # Each role once (the officer is an information officer like the author), and a superuser.
    for person in (people.author, people.chief, people.deputy, people.webmaster, people.admin):
        factories.login(client, person)
        dashboard = client.get("/admin/").content.decode()
        for url in dict.fromkeys(_urls(platform) + _menu_urls(dashboard)):
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened.add(url)
            if response["Content-Type"].startswith("application/json"):
                html = response.json().get("html") or ""
            else:
                html = response.content.decode()
            for run in english(html, platform.allowed):
                found.setdefault(run, set()).add(url)
        client.logout()
    for url, html in _answers(client, platform):
        for run in english(html, platform.allowed):
            found.setdefault(run, set()).add(url)
    items = platform.items
    assert {
        "/admin/",
        f"/admin/pages/{items.first.pk}/edit/",
        f"/admin/pages/{items.returned.pk}/workflow_history/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow_tasks/",
        reverse("editorial_queue"),
        "/admin/guide/",
    } <= opened, "pages the test means to read did not open"
    report = "\n".join(f"{run!r}: {sorted(urls)[:3]}" for run, urls in sorted(found.items()))
    assert not found, f"English in the admin:\n{report}"


def test_the_page_search_counts_pages(client, db):
    """Wagtail's page search gives its count no name ("第 1-1 条，共 1 条None"): ours names
    pages (templates/wagtailadmin/pages/listing/_page_title_column_header.html)."""
    office = factories.unit("某区政府办公室", kind=UnitKind.OFFICE)
    site = factories.site("某区人民政府", sponsor=office)
    factories.column(site.root_page, "政务要闻", owner=office)
    factories.login(client, factories.superuser())
    html = client.get("/admin/pages/search/", {"q": "政务"}).content.decode()
    assert "共 1 条页面" in html and "条None" not in html


def test_wagtails_scripts_speak_chinese(client, db):
    """Every string Wagtail's scripts translate for themselves (its djangojs catalogue, served at
    /admin/jsi18n/) is Chinese there."""
    factories.login(client, factories.user("author"))
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    source = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    untranslated = sorted(
        msgid
        for msgid in _msgids(source.read_text(encoding="utf-8"))
        if not re.search(r"[\u4e00-\u9fff]", _shown(catalog.get(msgid)))
        and WORD.search(NOT_TEXT.sub(" ", msgid))
    )
    assert not untranslated, untranslated


def _shown(entry) -> str:
    if entry is None:
        return ""
    return entry if isinstance(entry, str) else " ".join(entry)


def _msgids(text: str) -> list[str]:
    ids = []
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            msgid = msgid.encode("latin-1", "backslashreplace").decode("unicode_escape")
            if msgid:
                ids.append(msgid)
    return ids
