"""The public website's pages. Each view asks the API (through :mod:`frontend.pages`) and renders
a template; the site, the errors and the elder mode are handled once, in :func:`site_page`."""

from functools import wraps

from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from frontend import forms, pages, sites
from frontend.api import NotFound, Refused, Unavailable

CARE_COOKIE = "care"
CARE_COOKIE_AGE = 365 * 24 * 3600


def render(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """``template`` with what every page shows: the site, the elder mode, a stale-copy notice."""
    site = context.get("site")
    context = {
        "care": request.COOKIES.get(CARE_COOKIE) == "1",
        "stale": bool(site and site.stale) or context.get("stale", False),
        **context,
    }
    response = HttpResponse(render_to_string(template, context, request), status=status)
    # The elder mode changes the page; caches must keep the two apart.
    response["Vary"] = "Cookie"
    return response


HEADINGS = {
    400: gettext_lazy("The request could not be handled"),
    403: gettext_lazy("The form could not be accepted"),
    404: gettext_lazy("Page not found"),
}


def not_found(request, site=None, message: str = "", status: int = 404) -> HttpResponse:
    """The site's page for a request it cannot answer (404; also 400 and 403, worded so)."""
    context = {
        "site": site,
        "heading": HEADINGS[status],
        "message": message or _("The page you asked for does not exist."),
    }
    return render(request, "frontend/404.html", context, status=status)


def unavailable(request, site=None) -> HttpResponse:
    response = render(request, "frontend/503.html", {"site": site}, status=503)
    response["Retry-After"] = "30"
    return response


def site_page(view):
    """Resolve the site of the request for ``view(request, site, ...)``; the API's 404 becomes
    the site's 404 page and an API that cannot answer (with no copy kept) its 503 page."""

    @wraps(view)
    def wrapper(request, *args, site_id: int | None = None, **kwargs):
        site = None
        try:
            site = sites.for_request(request, site_id)
            if site is None:
                return chooser(request) if request.path == "/" else not_found(request)
            return view(request, site, *args, **kwargs)
        except NotFound:
            return not_found(request, site)
        except Refused as refusal:
            return not_found(request, site, pages.refusal_text(refusal), status=400)
        except Unavailable:
            return unavailable(request, site)

    return wrapper


def chooser(request) -> HttpResponse:
    return render(request, "frontend/chooser.html", {"sites": sites.site_list().data["items"]})


@require_safe
@site_page
def home(request, site):
    return render(request, "frontend/home.html", {"site": site, **pages.home(site)})


@require_safe
@site_page
def page(request, site, path: str):
    number = pages.page_number(request.GET.get("page"))
    if number is None:
        return not_found(request, site, _("There is no such page of this list."))
    found = pages.find(site, path)
    if found.data["type"] in ("site_root", "column"):
        listing = pages.column(site, found.data, number)
        if listing is None:
            return not_found(request, site, _("There is no such page of this list."))
        return render(request, "frontend/column.html", {"site": site, **listing})
    response = render(request, "frontend/item.html", {"site": site, **pages.item(site, found)})
    last_modified = site.last_modified(found.last_modified)
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


@require_http_methods(["POST"])
@site_page
def survey(request, site, page_id: int):
    """A citizen's response to a survey: the survey's page again, thanking or saying what to
    correct."""
    found = pages.survey(site, page_id)
    form = forms.SurveyForm(found.data.get("questions") or [], request.POST)
    context = {"site": site, **pages.item(site, found, survey_form=form)}
    status = 400
    if form.is_valid():
        try:
            context["survey_receipt"] = pages.send_survey_response(
                site, page_id, form, request.META.get("REMOTE_ADDR", "")
            )
            context.pop("survey_form", None)
            status = 200
        except Refused as refusal:
            form.add_api_refusal(refusal)
            status = refusal.status
    response = render(request, "frontend/item.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@site_page
def search(request, site):
    number = pages.page_number(request.GET.get("page"))
    query = request.GET.get("q", "")[: pages.MAX_QUERY]
    context = {"site": site, "q": query}
    if number is None:
        return not_found(request, site, _("There is no such page of this list."))
    if query.strip():
        try:
            context.update(pages.search(site, query, number, request.GET.get("type")))
        except Refused as refusal:
            context["refusal"] = pages.refusal_text(refusal)
    return render(request, "frontend/search.html", context)


@require_safe
@site_page
def ask(request, site):
    question = request.GET.get("q", "")[: pages.MAX_QUERY]
    context = {"site": site, "q": question}
    if question.strip():
        try:
            context.update(pages.ask(site, question))
        except Refused as refusal:
            context["refusal"] = pages.refusal_text(refusal)
    return render(request, "frontend/ask.html", context)


@require_safe
@site_page
def archive(request, site):
    number = pages.page_number(request.GET.get("page"))
    year = pages.whole_number(request.GET.get("year"), 1949, 2100)
    month = pages.whole_number(request.GET.get("month"), 1, 12)
    if number is None or year is False or month is False or (month and not year):
        return not_found(request, site, _("There is no such page of the archive."))
    context = pages.archive(site, year, month, number)
    return render(request, "frontend/archive.html", {"site": site, **context})


@require_safe
@site_page
def sitemap(request, site):
    return render(request, "frontend/sitemap.html", {"site": site})


@require_safe
@site_page
def mailboxes(request, site):
    context = {
        "site": site,
        **pages.mailboxes(site),
        "statistics": pages.mailbox_statistics(site, timezone.localdate()),
    }
    return render(request, "frontend/mailboxes.html", context)


@require_safe
@site_page
def replies(request, site):
    number = pages.page_number(request.GET.get("page"))
    found = pages.exchanges(site, number) if number else None
    if found is None:
        return not_found(request, site, _("There is no such page of this list."))
    return render(request, "frontend/replies.html", {"site": site, **found})


@require_http_methods(["GET", "HEAD", "POST"])
@site_page
def mailbox(request, site, mailbox_id: int):
    box = pages.mailbox(site, mailbox_id)
    form = forms.MessageForm(box, request.POST or None, request.FILES or None)
    context = {"site": site, "mailbox": box, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            sent = pages.send_message(site, box, form, request.META.get("REMOTE_ADDR", ""))
        except Refused as refusal:
            form.add_api_refusal(refusal)
        else:
            response = render(request, "frontend/mailbox_sent.html", {**context, "sent": sent})
            response["Cache-Control"] = "no-store"
            return response
    response = render(request, "frontend/mailbox.html", context, status=_form_status(form))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@site_page
def lookup(request, site):
    form = forms.LookupForm(request.POST or None)
    context = {"site": site, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            context["status"] = pages.look_up(form.cleaned_data["code"], request)
        except NotFound:
            form.add_error("code", _("No message has this query code. Check it and try again."))
        except Refused as refusal:
            form.add_api_refusal(refusal)
    response = render(request, "frontend/lookup.html", context, status=_form_status(form))
    response["Cache-Control"] = "no-store"
    return response


def _form_status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_safe
def care(request, site_id: int | None = None):
    """Switch the elder mode (关怀版: larger type, higher contrast, wider spacing) on or off and
    go back to the page it was switched on; it persists in a cookie."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = f"/sites/{site_id}/" if site_id else "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(CARE_COOKIE) == "1":
        response.delete_cookie(CARE_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            CARE_COOKIE,
            "1",
            max_age=CARE_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    return response


def page_not_found(request, exception=None):
    return not_found(request)


def server_error(request):
    return render(request, "frontend/500.html", {}, status=500)


def csrf_failure(request, reason=""):
    message = _(
        "The form had expired or was sent from elsewhere. Go back, reload the page and send it "
        "again."
    )
    return not_found(request, message=message, status=403)
