"""Builders for the platform's objects, used by every test module.

They go through the same code paths as the admin (treebeard ``add_child``, Wagtail revisions and
publishing), so what they build is what the platform would hold.
"""

import itertools

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from cms.content.models import ColumnPage, NewsPage, ReprintSource, SiteRootPage
from cms.organisation.models import Role, RoleAssignment, Unit, UnitKind
from cms.sites.models import SiteIdentity, SiteKind

_seq = itertools.count(1)
PASSWORD = "Zhengwu#2026"


def unit(name: str | None = None, parent: Unit | None = None, kind=UnitKind.DEPARTMENT) -> Unit:
    name = name or f"测试单位{next(_seq)}"
    if parent is None:
        return Unit.add_root(name=name, kind=kind)
    return parent.add_child(name=name, kind=kind)


def user(
    username: str | None = None, *, unit: Unit | None = None, role: str | None = None, **extra
):
    username = username or f"user{next(_seq)}"
    person = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.gov.cn", **extra
    )
    if unit is not None and role is not None:
        RoleAssignment.objects.create(user=person, unit=unit, role=role)
    return person


def superuser(username: str = "platform_admin"):
    return get_user_model().objects.create_superuser(
        username=username, password=PASSWORD, email=f"{username}@example.gov.cn"
    )


def site(
    name: str = "测试区人民政府",
    hostname: str | None = None,
    *,
    sponsor: Unit | None = None,
    kind=SiteKind.PORTAL,
) -> Site:
    number = next(_seq)
    hostname = hostname or f"site{number}.example.gov.cn"
    root = Page.get_first_root_node().add_child(
        instance=SiteRootPage(title=name, slug=f"site-{number}")
    )
    root.save_revision().publish()
    wagtail_site = Site.objects.create(
        hostname=hostname, port=80, root_page=root, site_name=name, is_default_site=False
    )
    sponsor = sponsor or unit()
    SiteIdentity.objects.create(
        site=wagtail_site,
        kind=kind,
        sponsor_unit=sponsor,
        operator_unit=sponsor,
        site_code=f"{6103020000 + number}",
        icp_number="陕ICP备05004383号-1",
        psb_number="陕公网安备 61030202000123号",
        english_domain=hostname,
    )
    return wagtail_site


def column(
    parent: Page,
    title: str,
    *,
    owner: Unit,
    person=None,
    slug: str | None = None,
    update_category: str = "news",
    publish: bool = True,
) -> ColumnPage:
    person = person or user()
    page = parent.add_child(
        instance=ColumnPage(
            title=title,
            slug=slug or f"col-{next(_seq)}",
            responsible_unit=owner,
            responsible_person=person,
            update_category=update_category,
            live=False,
        )
    )
    if publish:
        publish_reviewed(page.save_revision())
    return page


def news(
    parent: Page, title: str = "测试新闻", *, publish: bool = True, page_class=NewsPage, **fields
) -> NewsPage:
    fields.setdefault("source", "测试区人民政府办公室")
    fields.setdefault("body", "<p>正文内容。</p>")
    # A page starts as a draft, as in the admin; publishing makes it live.
    page = parent.add_child(
        instance=page_class(title=title, slug=f"item-{next(_seq)}", live=False, **fields)
    )
    revision = page.save_revision()
    if publish:
        publish_reviewed(revision)
        page.refresh_from_db()
    return page


def publish_reviewed(revision, **kwargs):
    """Publish ``revision`` as the last approval of 三审三校 does.

    Stands in for the whole review chain in tests of other features: it writes the clearance
    that a completed chain writes (editorial.services.finish_and_publish) and publishes. The
    chain itself is tested in tests/editorial/ through real users and requests.
    """
    from editorial.services import clearance_record

    clearance_record(revision)
    return revision.publish(**kwargs)


def reprint_source(name: str = "新华社", kind: str = "media") -> ReprintSource:
    return ReprintSource.objects.get_or_create(name=name, defaults={"kind": kind})[0]


__all__ = [
    "PASSWORD",
    "Role",
    "column",
    "news",
    "reprint_source",
    "site",
    "superuser",
    "unit",
    "user",
]


# --- Helpers for tests that drive the real admin over HTTP -------------------------------------

from html import escape as _escape  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

ADMIN_HOME = "/admin/"
PERMISSION_DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


class _FormParser(HTMLParser):
    """Collect every ``<form>`` of a page with the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option: tuple[str | None, bool] = (None, False)
        self._option_text: list[str] | None = None
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value") or "on"))
                return
            self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value"), "selected" in attrs)
            self._option_text = []
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text.append(data)
        if self._option_text is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None and self._option_text is not None:
            value, selected = self._option
            if value is None:
                value = "".join(self._option_text).strip()
            self._select[3].append(value)
            if selected:
                self._select[2].append(value)
            self._option_text = None
        elif tag == "select" and self._select is not None:
            name, multiple, selected, options = self._select
            if multiple:
                self._form["fields"].extend((name, value) for value in selected)
            elif selected:
                self._form["fields"].append((name, selected[-1]))
            elif options:
                self._form["fields"].append((name, options[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            self._form["fields"].append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def form_data(html: str | bytes, *, containing: str) -> dict[str, str | list[str]]:
    """The data a browser would post from the form of ``html`` that has a field ``containing``.

    Values repeated under one name (multiple selects, checkbox lists) become lists, which the
    test client posts as repeated fields.
    """
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        names = [name for name, _value in form["fields"]]
        if containing in names:
            data: dict[str, str | list[str]] = {}
            for name, value in form["fields"]:
                if name in data:
                    previous = data[name]
                    data[name] = (
                        [*previous, value] if isinstance(previous, list) else [previous, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"No form with a field {containing!r} in the page")


def login(client, person, password: str = PASSWORD) -> None:
    """Log ``person`` in with their password, as the admin login does."""
    assert client.login(username=person.get_username(), password=password), person


def shown(message) -> str:
    """``message`` as an HTML page shows it: rendered in the active language, then escaped."""
    return _escape(str(message))


def assert_shows(response, message) -> None:
    content = response.content.decode()
    assert shown(message) in content, f"{str(message)!r} not in the response"


def assert_admin_denied(response) -> None:
    """Wagtail answers a refused admin action with a redirect home and an error message
    (or a plain 403 for XHR requests)."""
    from django.contrib.messages import get_messages
    from django.utils.translation import gettext

    if response.status_code == 403:
        return
    assert response.status_code == 302, (response.status_code, response.content[:500])
    assert response["Location"] == ADMIN_HOME, response["Location"]
    texts = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert gettext(PERMISSION_DENIED_MESSAGE) in texts, texts


def page_form(client, url: str) -> dict[str, str | list[str]]:
    """GET a page create/edit view and return what the browser would post from its form.

    The only fields not in the HTML are those Wagtail's JavaScript writes for a StreamField
    (its block count); an empty attachment list is what a browser posts when none are added.
    """
    response = client.get(url)
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    data = form_data(response.content, containing="title")
    data.setdefault("attachments-count", "0")
    return data


def image(title: str = "测试图片", **fields):
    """A small PNG in the platform's image library."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage

    from cms.content.models import PlatformImage

    buffer = BytesIO()
    PILImage.new("RGB", (640, 480), "white").save(buffer, "PNG")
    return PlatformImage.objects.create(
        title=title, file=ImageFile(buffer, name=f"image-{next(_seq)}.png"), **fields
    )


from django import forms as _forms  # noqa: E402


class HtmlRichTextArea(_forms.Textarea):
    """A rich-text editor that posts HTML as typed — as other editors, pasted documents and
    hand-made requests do. Configure it with ``WAGTAILADMIN_RICH_TEXT_EDITORS`` to prove the
    platform cleans rich text itself instead of trusting Draftail to."""

    accepts_features = True

    def __init__(self, attrs=None, options=None, features=None):
        super().__init__(attrs)
        self.options = options
        self.features = features


def post_and_publish_reviewed(client, url: str, data: dict):
    """Save a page in the admin editor, then publish what was saved as a completed review
    would (nobody has a publish button: editorial/gate.py)."""
    data = {key: value for key, value in data.items() if key != "action-publish"}
    response = client.post(url, data)
    if response.status_code == 302:
        if "/add/" in url:
            parent_id = int(url.rstrip("/").split("/")[-1])
            page = Page.objects.get(
                slug=data["slug"], path__startswith=Page.objects.get(pk=parent_id).path
            )
        else:
            page = Page.objects.get(pk=int(url.split("/")[3]))
        publish_reviewed(page.get_latest_revision())
    return response
