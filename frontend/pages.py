"""What each page of the site reads from the API, and the little arithmetic of pages around it
(page numbers, pagination, the archive's months). Views render what these return."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from frontend import forms
from frontend.api import Answer, NotFound, Refused, client
from frontend.sites import Site

PAGE_SIZE = 20
HOME_ITEMS = 6
MAX_QUERY = 200
MAX_PAGE = 10_000
# The templates that show what one type of item has beyond title, body and attachments.
TYPE_TEMPLATES = {
    "notice": "frontend/items/notice.html",
    "topic": "frontend/items/topic.html",
    "response": "frontend/items/response.html",
    "policy": "frontend/items/policy.html",
    "interpretation": "frontend/items/interpretation.html",
    "survey": "frontend/items/survey.html",
    "knowledge": "frontend/items/knowledge.html",
    "guide": "frontend/items/guide.html",
}


def page_number(raw: str | None) -> int | None:
    """The page of a list a visitor asked for: 1 when none, None when it is no page number."""
    if raw is None or raw == "":
        return 1
    number = whole_number(raw, 1, MAX_PAGE)
    return number or None


def whole_number(raw: str | None, low: int, high: int) -> int | None | bool:
    """``raw`` as a whole number from ``low`` to ``high``; None when absent, False when it is
    not one."""
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        return False
    return int(raw)


@dataclass(frozen=True)
class Pagination:
    number: int
    num_pages: int
    links: list[tuple[int | None, str]]  # (page number or None for a gap, address)
    previous: str | None
    next: str | None


def pagination(base: str, number: int, num_pages: int, params: dict[str, Any] = ()) -> Pagination:
    """Links to the first, last and nearby pages of a list at ``base``, keeping ``params``."""
    kept = {key: value for key, value in dict(params).items() if value}

    def address(n: int) -> str:
        query = urlencode({"page": n, **kept} if n > 1 else kept)
        return f"{base}?{query}" if query else base

    shown = sorted({1, num_pages, *range(max(1, number - 2), min(num_pages, number + 2) + 1)})
    links: list[tuple[int | None, str]] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        if n - previous > 1:
            links.append((None, ""))
        links.append((n, address(n)))
    return Pagination(
        number=number,
        num_pages=num_pages,
        links=links,
        previous=address(number - 1) if number > 1 else None,
        next=address(number + 1) if number < num_pages else None,
    )


def _pages(site: Site, **params) -> dict[str, Any]:
    return client().get(f"/sites/{site.id}/pages", params).data


def home(site: Site) -> dict[str, Any]:
    """The home page: pinned announcements, the latest notices, and each top column's latest."""
    sections = [
        {"column": top, "items": _pages(site, column=top["id"], page_size=HOME_ITEMS)["items"]}
        for top in site.columns
    ]
    notices = _pages(site, type="notice", pinned="false", page_size=HOME_ITEMS)["items"]
    return {"pinned": pinned(site), "notices": notices, "sections": sections}


def pinned(site: Site) -> list[dict[str, Any]]:
    """The site's pinned announcements (R7), most recent first; none from an API that does not
    know the filter yet."""
    try:
        return _pages(site, pinned="true", page_size=HOME_ITEMS)["items"]
    except Refused:
        return []


def find(site: Site, path: str) -> Answer:
    return client().get(f"/sites/{site.id}/find", {"path": "/" + path.strip("/")})


def column(site: Site, page: dict[str, Any], number: int) -> dict[str, Any] | None:
    """A column's items, page ``number``; None when the column has no such page."""
    listing = _pages(site, column=page["id"], page=number, page_size=PAGE_SIZE)
    if number > listing["num_pages"]:
        return None
    node = site.column(page["id"])
    return {
        "page": page,
        "listing": listing,
        "children": node["children"] if node else [],
        "pagination": pagination(site.url(page["url_path"]), number, listing["num_pages"]),
    }


def item(site: Site, found: Answer, survey_form=None) -> dict[str, Any]:
    page = found.data
    template = TYPE_TEMPLATES.get(page["type"])
    context = {"page": page, "type_template": template, "stale": found.stale}
    if page["type"] == "survey" and survey_open(page, timezone.now()):
        context["survey_form"] = survey_form or forms.SurveyForm(page.get("questions") or [])
    return context


def survey_open(page: dict[str, Any], now: datetime) -> bool:
    """Whether a survey takes responses now, as its dates say (the API decides again)."""
    opens, closes = page.get("opens_at"), page.get("closed_early_at") or page.get("closes_at")
    if opens and now < datetime.fromisoformat(opens):
        return False
    return not (closes and now >= datetime.fromisoformat(closes))


def survey(site: Site, page_id: int) -> Answer:
    found = client().get(f"/sites/{site.id}/pages/{page_id}")
    if found.data["type"] != "survey":
        raise NotFound("not a survey")
    return found


def send_survey_response(site: Site, page_id: int, form, address: str) -> dict[str, Any]:
    body = {"answers": form.answers(), "website": form.cleaned_data.get("website") or ""}
    path = f"/sites/{site.id}/surveys/{page_id}/responses"
    return client().post(path, json_body=body, client_address=address)


def search(site: Site, query: str, number: int, item_type: str | None) -> dict[str, Any]:
    params = {"q": query, "page": number, "page_size": PAGE_SIZE, "type": item_type}
    results = client().get(f"/sites/{site.id}/search", params).data
    return {
        "results": results,
        "type": item_type,
        "pagination": pagination(
            site.url("/search/"),
            number,
            min(results["num_pages"], MAX_PAGE),
            {"q": query, "type": item_type},
        ),
    }


def ask(site: Site, question: str) -> dict[str, Any]:
    """The knowledge base's answers to a citizen's question (智能问答), or the mailboxes."""
    return {"asked": client().get(f"/sites/{site.id}/ask", {"q": question}).data}


def refusal_text(refusal: Refused) -> str:
    """What the API said was wrong with a request, in its own (Chinese) words."""
    return " ".join(refusal.fields.values()) or refusal.detail


def archive(site: Site, year: int | None, month: int | None, number: int) -> dict[str, Any]:
    """The archive's calendar, and the filed pages of a month (or of a year, or all)."""
    calendar = client().get(f"/sites/{site.id}/archive/calendar").data
    params = {"year": year, "month": month, "page": number, "page_size": PAGE_SIZE}
    listing = client().get(f"/sites/{site.id}/archive", params).data
    if number > listing["num_pages"]:
        raise NotFound("no such page of the archive")
    return {
        "calendar": calendar,
        "year": year,
        "month": month,
        "listing": listing,
        "pagination": pagination(
            site.url("/archive/"), number, listing["num_pages"], {"year": year, "month": month}
        ),
    }


def mailboxes(site: Site) -> dict[str, Any]:
    return {"mailboxes": client().get(f"/sites/{site.id}/mailboxes").data["items"]}


def exchanges(site: Site, number: int) -> dict[str, Any] | None:
    """The exchanges the senders allowed to publish (留言选登), page ``number``; None when there
    is no such page."""
    listing = client().get(f"/sites/{site.id}/exchanges", {"page": number, "page_size": 10}).data
    if number > listing["num_pages"]:
        return None
    base = site.url("/mailbox/replies/")
    return {"exchanges": listing, "pagination": pagination(base, number, listing["num_pages"])}


def mailbox_statistics(site: Site, today: date) -> dict[str, Any]:
    """How this year's messages were handled so far, for the public (R23)."""
    params = {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}
    return client().get(f"/sites/{site.id}/mailbox-statistics", params).data


def mailbox(site: Site, mailbox_id: int) -> dict[str, Any]:
    for box in mailboxes(site)["mailboxes"]:
        if box["id"] == mailbox_id:
            return box
    raise NotFound("no such mailbox")


def send_message(site: Site, box: dict[str, Any], form, address: str) -> dict[str, Any]:
    """Send the citizen's message through the API: its query code and due day, or a note that
    the same message had just arrived."""
    data = form.cleaned_data
    fields = {
        "subject": data["subject"],
        "content": data["content"],
        "name": data["name"],
        "mobile": data["mobile"],
        "category": data.get("category") or "",
        "id_number": data.get("id_number") or "",
        "may_publish": "true" if data.get("may_publish") else "false",
        "website": data.get("website") or "",
    }
    files = [
        ("files", upload.name, upload.read(), upload.content_type or "application/octet-stream")
        for upload in data.get("files") or []
    ]
    path = f"/sites/{site.id}/mailboxes/{box['id']}/messages"
    return client().post(path, fields=fields, files=files, client_address=address)


def look_up(code: str, request) -> dict[str, Any]:
    address = request.META.get("REMOTE_ADDR", "")
    return client().post("/messages/lookup", json_body={"code": code}, client_address=address)
