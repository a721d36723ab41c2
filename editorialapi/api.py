"""The editorial API: what a reviewer does in the admin, for headless editorial clients.

Bearer tokens are Wagtail's own (``APIToken``, ``manage.py api_tokens``), read by Wagtail's
ninja auth class; there is no session or cookie authentication here, so no CSRF exposure. Every
decision goes through :func:`editorial.services.stage_act` and every submission through
Wagtail's ``Workflow.start``: the rules are those of the admin, decided in the same place.

An item is visible only to people holding a role on it (in the unit owning its column or one
above it, or as a co-issuing unit's head); for anyone else it does not exist (404).
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from ninja import Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.admin.utils import get_user_display_name
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken, Page, Site, TaskState, WorkflowState

from cms.accounts.middleware import PASSWORD_EXPIRED_MESSAGE
from cms.accounts.passwords import password_expired
from cms.content.models import ColumnPage, ContentItemPage
from cms.content.models.columns import owning_unit_id
from cms.content.models.mixins import Importance
from cms.content.tree import ancestor_paths
from cms.organisation.access import units_in_reach
from editorial import findings, rules, services
from editorial.checklist import OPINION_MIN_LENGTH, PROOF_CONFIRMATIONS, REVIEW_QUESTIONS
from editorial.models import ReviewTaskState
from editorial.prechecks.scan import page_texts
from editorial.prechecks.text import html_to_text
from editorial.selectors import review_queue
from editorial.stages import Stage, co_issuing_unit_ids
from publicapi.api import JsonErrorsAPI
from publicapi.errors import field_messages
from publicapi.representation import iso_time, page_representation
from publicapi.schemas import Error
from publicapi.services import place_in_site, site_for

from . import schemas
from .disclosure import router as disclosure_router

READ = ["GET", "HEAD"]

# Wagtail's tokens do not expire by themselves; ours do, like passwords (R35).
TOKEN_MAX_AGE_DAYS = getattr(settings, "EDITORIAL_API_TOKEN_MAX_AGE_DAYS", 90)

TOKEN_REQUIRED = gettext_lazy(
    "Authentication required: send an API token as “Authorization: Bearer <token>”."
)
TOKEN_INVALID = gettext_lazy("This API token is not valid.")
TOKEN_REVOKED = gettext_lazy("This API token has been revoked.")
TOKEN_EXPIRED = gettext_lazy("This API token has expired; ask for a new one.")
ACCOUNT_INACTIVE = gettext_lazy("This account has been deactivated.")
NO_SUCH_ITEM = gettext_lazy("No such item, or you hold no role on it.")
NOT_IN_REVIEW = gettext_lazy("This item is not waiting for a review decision.")
OTHER_STAGE = gettext_lazy("This item is at another stage now: %(stage)s.")
OTHER_REVISION = gettext_lazy("The item changed since you read it; read it again.")
DECISION_INCOMPLETE = gettext_lazy("The decision is incomplete.")
UNKNOWN_QUESTION = gettext_lazy("Not a question of this stage's checklist.")
UNKNOWN_FIELD = gettext_lazy("Unknown field.")
INVALID_JSON = gettext_lazy("The request body is not valid JSON.")
NOT_A_BOOLEAN_ANSWER = gettext_lazy(
    "The answer to “%(question)s” must be the JSON boolean true or false."
)


def _error(message, status: int, fields: dict[str, str] | None = None) -> HttpResponse:
    payload = {"detail": str(message)}
    if fields:
        payload["fields"] = fields
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


# --- Authentication ------------------------------------------------------------------------------


def token_expired(api_token: APIToken) -> bool:
    return timezone.now() - api_token.created > timedelta(days=TOKEN_MAX_AGE_DAYS)


class EditorialTokenAuth(BearerTokenAuth):
    """Wagtail's bearer-token auth, which also refuses expired tokens and expired passwords,
    and says in Chinese why a request is refused."""

    def __call__(self, request):
        request.user = AnonymousUser()  # a session cookie never authenticates here
        scheme, _space, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError(message=str(TOKEN_REQUIRED))
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str):
        if not APIToken.validate_token_format(token):
            raise AuthenticationError(message=str(TOKEN_INVALID))
        api_token = super().authenticate(request, token)
        refusal = self._refusal(token, api_token)
        if refusal is not None:
            request.user = AnonymousUser()
            raise AuthenticationError(message=str(refusal))
        return api_token

    @staticmethod
    def _refusal(token: str, api_token: APIToken | None):
        if api_token is None:
            # Refused by Wagtail: say why (the holder of a token may know what became of it).
            found = (
                APIToken.objects.filter(key_hash__in=APIToken.candidate_key_hashes(token))
                .select_related("user")
                .first()
            )
            if found is None:
                return TOKEN_INVALID
            if found.revoked_at is not None:
                return TOKEN_REVOKED
            return ACCOUNT_INACTIVE
        if token_expired(api_token):
            return TOKEN_EXPIRED
        if password_expired(api_token.user):
            return PASSWORD_EXPIRED_MESSAGE
        return None


# A method an address does not accept is answered 405 in the Error shape (cms.urls wraps the
# API's views in json_errors); that 405 and the 400 of an invalid parameter are documented on
# every operation, the mounted routers' too.
api = JsonErrorsAPI(
    title="政府网站集约化平台 · 编审接口",
    version="1.0.0",
    description=(
        "三审三校的无界面客户端接口：送审、我的待审、按审核清单通过、退回、审核记录。"
        "使用 Wagtail API 令牌认证（Authorization: Bearer <令牌>，由 manage.py api_tokens 签发）；"
        "规则与后台相同。"
    ),
    urls_namespace="editorialapi",
    operation_ids={
        "editorialapi.api": "editorial_api",
        "editorialapi.disclosure": "interpretation_api",
    },
    auth=EditorialTokenAuth(),
    docs_url="/docs" if getattr(settings, "EDITORIAL_API_DOCS_ENABLED", True) else None,
    docs_decorator=require_safe,
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(str(exc), 401)
    response["WWW-Authenticate"] = 'Bearer realm="editorial"'
    return response


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
        return _error(INVALID_JSON, 400)
    return _error(exc.message, exc.status_code)


_QUESTION_LABELS = dict(REVIEW_QUESTIONS + PROOF_CONFIRMATIONS)


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    fields: dict[str, str] = {}
    for error in exc.errors:
        kind = error.get("type", "")
        name = str(error.get("loc", ["", "?"])[-1])
        if kind == "extra_forbidden":
            fields.setdefault(name, str(UNKNOWN_FIELD))
        elif kind == "enum":
            choices = ", ".join(Stage.values)
            fields.setdefault(name, _("Must be one of: %(choices)s.") % {"choices": choices})
        elif kind == "bool_type" and "checklist" in error.get("loc", ()):
            question = _QUESTION_LABELS.get(name, name)
            fields.setdefault(name, str(NOT_A_BOOLEAN_ANSWER) % {"question": question})
    for name, message in field_messages(exc.errors).items():
        fields.setdefault(name, message)
    return _error(_("Invalid request parameters."), 400, fields)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(NO_SUCH_ITEM, 404)


# --- Reads ---------------------------------------------------------------------------------------


def _person(user) -> dict | None:
    return {"id": user.pk, "name": get_user_display_name(user)} if user is not None else None


def _has_role_on(user, page) -> bool:
    """A role in the unit owning the item's column (or above), or a co-issuing unit's head —
    of the saved item or of its latest revision: a draft of a live item may name co-issuers
    the saved page row does not have yet."""
    if owning_unit_id(page) in units_in_reach(user):
        return True
    co_issuers = set(co_issuing_unit_ids(page))
    latest = page.get_latest_revision()
    if latest is not None:
        co_issuers.update(co_issuing_unit_ids(latest.as_object()))
    return bool(rules.countersigning_units(user, co_issuers))


def _item(user, page_id: int) -> ContentItemPage:
    """The information item ``page_id`` if ``user`` holds a role on it; 404 otherwise, so that
    nobody learns that a draft exists outside their reach."""
    page = Page.objects.filter(pk=page_id).first()
    page = page.specific if page is not None else None
    if not isinstance(page, ContentItemPage) or not _has_role_on(user, page):
        raise Http404
    return page


def _under_review(page) -> ReviewTaskState | None:
    state = page.current_workflow_task_state
    if isinstance(state, ReviewTaskState) and state.status == TaskState.STATUS_IN_PROGRESS:
        return state
    return None


def _status(page) -> str:
    """Where the item is (``schemas.ItemStatus``): its review first, then whether it is live,
    has saved changes, an approved schedule, expired, or was published and taken down."""
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        review = (
            "returned"
            if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
            else "in_review"
        )
        return f"live_with_changes_{review}" if page.live else review
    scheduled = page.approved_schedule
    if page.live:
        if scheduled:
            return "live_with_changes_scheduled"
        return "live_with_draft" if page.has_unpublished_changes else "live"
    if scheduled:
        return "scheduled"
    if page.expired:
        return "expired"
    if page.first_published_at is not None or page.last_published_at is not None:
        return "taken_down"
    return "draft"


def _site_root(page, roots):
    """The site whose root is nearest above ``page`` (``roots``: ``Site.get_site_root_paths()``)."""
    matching = [root for root in roots if page.url_path.startswith(root.root_path)]
    return max(matching, key=lambda root: len(root.root_path), default=None)


def _places(pages: list[Page]) -> dict[int, tuple[dict | None, dict | None]]:
    """``page id -> (site, column)`` for ``pages``, in two queries."""
    roots = Site.get_site_root_paths()
    names = dict(Site.objects.values_list("pk", "site_name"))
    paths = {path for page in pages for path in ancestor_paths(page)[:-1]}
    columns = {
        path: {"id": pk, "title": title}
        for pk, title, path in ColumnPage.objects.filter(path__in=paths).values_list(
            "pk", "title", "path"
        )
    }
    places = {}
    for page in pages:
        root = _site_root(page, roots)
        site = {"id": root.site_id, "name": names.get(root.site_id, "")} if root else None
        column = next(
            (columns[p] for p in reversed(ancestor_paths(page)[:-1]) if p in columns), None
        )
        places[page.pk] = (site, column)
    return places


def _importance(value: str | None) -> dict:
    value = value or Importance.ORDINARY
    labels = dict(Importance.choices)
    return {"importance": value, "importance_label": str(labels.get(value, value))}


def _queue_entry(state: ReviewTaskState, page: Page, places) -> dict:
    content = state.revision.content if state.revision_id else {}
    site, column = places.get(page.pk, (None, None))
    return {
        "task_state_id": state.pk,
        "page_id": page.pk,
        "revision_id": state.revision_id,
        "title": content.get("title") or page.title,
        "site": site,
        "column": column,
        "stage": state.stage,
        "stage_label": str(Stage(state.stage).label),
        **_importance(content.get("importance")),
        "submitted_by": _person(state.workflow_state.requested_by),
        "waiting_since": iso_time(state.started_at),
        "findings_count": len(state.findings or []),
    }


def _checklist(stage: str) -> dict:
    form = services.form_for(stage, "approve")
    return {
        "kind": rules.stage_kind(stage),
        "questions": [{"name": name, "label": str(label)} for name, label in form.questions],
        "opinion_min_length": OPINION_MIN_LENGTH,
    }


def _review(state: ReviewTaskState, user) -> dict:
    refusal = rules.refusal(user, state)
    blocking = findings.blocking(state.findings or [])
    return {
        "task_state_id": state.pk,
        "stage": state.stage,
        "stage_label": str(Stage(state.stage).label),
        "revision_id": state.revision_id,
        "started_at": iso_time(state.started_at),
        "checklist": _checklist(state.stage),
        "may_decide": refusal is None,
        "refusal": refusal,
        "blocking_findings": len(blocking),
        "may_pass_blocking": findings.may_override(user, state),
    }


def _content(page, revision, site: Site | None) -> dict:
    """The revision as the public API will show it (``publicapi.representation``)."""
    shown = revision.as_object()
    ancestors, column = place_in_site(page, site) if site is not None else ([], None)
    if site is None:
        site = Site(pk=0, site_name="", root_page=Page(url_path="/"))
    _summary, detail = page_representation(shown, site, ancestors, column)
    return detail, shown


def _texts(shown, found: list[dict]) -> dict[str, str]:
    wanted = {finding.get("field") for finding in found}
    return {
        field: html_to_text(value).text if is_rich else value
        for field, value, is_rich in page_texts(shown)
        if field in wanted
    }


def _history(page) -> list[dict]:
    workflow_states = list(
        WorkflowState.objects.filter(
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
        )
        .select_related("requested_by")
        .order_by("created_at", "pk")
    )
    stages = (
        ReviewTaskState.objects.filter(workflow_state__in=workflow_states)
        .select_related("finished_by")
        .prefetch_related("countersignatures__user", "countersignatures__unit")
        .order_by("started_at", "pk")
    )
    by_round: dict[int, list[dict]] = {state.pk: [] for state in workflow_states}
    statuses = dict(TaskState.STATUS_CHOICES)
    for state in stages:
        by_round[state.workflow_state_id].append(
            {
                "task_state_id": state.pk,
                "stage": state.stage,
                "stage_label": str(Stage(state.stage).label),
                "status": state.status,
                "status_label": str(statuses.get(state.status, state.status)),
                "revision_id": state.revision_id,
                "content_hash": state.content_hash,
                "started_at": iso_time(state.started_at),
                "finished_at": iso_time(state.finished_at),
                "finished_by": _person(state.finished_by),
                "opinion": state.opinion,
                "checklist": state.checklist or {},
                "skip_reason": state.skip_reason,
                "override_reason": state.override_reason,
                "findings_count": len(state.findings or []),
                "countersignatures": [
                    {
                        "unit": {"id": sign.unit.pk, "name": sign.unit.name},
                        "signed_by": _person(sign.user),
                        "opinion": sign.opinion,
                        "checklist": sign.checklist or {},
                        "signed_at": iso_time(sign.signed_at),
                    }
                    for sign in state.countersignatures.all()
                ],
            }
        )
    round_statuses = dict(WorkflowState.STATUS_CHOICES)
    return [
        {
            "workflow_state_id": state.pk,
            "status": state.status,
            "status_label": str(round_statuses.get(state.status, state.status)),
            "requested_by": _person(state.requested_by),
            "requested_at": iso_time(state.created_at),
            "stages": by_round[state.pk],
        }
        for state in workflow_states
    ]


@api.api_operation(
    READ,
    "/queue",
    response={200: schemas.QueuePage, 400: Error, 401: Error},
    tags=["queue"],
    summary="My review queue",
)
def queue(request, query: Query[schemas.QueueQuery]):
    """The stages waiting for the caller's decision across every site they serve, oldest first."""
    states = review_queue(request.user)
    count = states.count()
    offset = (query.page - 1) * query.page_size
    rows = list(
        states.select_related("workflow_state__requested_by", "revision")[
            offset : offset + query.page_size
        ]
    )
    pages = Page.objects.in_bulk([int(state.workflow_state.object_id) for state in rows])
    places = _places(list(pages.values()))
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "num_pages": max(1, math.ceil(count / query.page_size)),
        "items": [
            _queue_entry(state, pages[int(state.workflow_state.object_id)], places)
            for state in rows
            if int(state.workflow_state.object_id) in pages
        ],
    }


def _item_detail(page, user) -> dict:
    state = _under_review(page)
    revision = state.revision if state is not None else page.get_latest_revision()
    site = site_for(page)
    content, shown = _content(page, revision, site)
    # Under review: what the stage's reviewer is shown; a draft is scanned as it is now.
    found = list(state.findings or []) if state is not None else findings.scan_object(shown)
    return {
        "page_id": page.pk,
        "title": shown.title,
        "status": _status(page),
        "live": page.live,
        **_importance(getattr(shown, "importance", None)),
        "revision_id": revision.pk,
        "review": _review(state, user) if state is not None else None,
        "content": content,
        "findings": found,
        "texts": _texts(shown, found),
        "history": _history(page),
    }


@api.api_operation(
    READ,
    "/items/{page_id}",
    response={200: schemas.ItemDetail, 401: Error, 404: Error},
    tags=["items"],
    summary="One item and its review",
)
def item_detail(request, page_id: int):
    """The revision under review (or, outside review, the latest one) as the public API will
    show it, its pre-publication check findings with their place in the text, the checklist of
    the stage waiting for a decision, and the review history."""
    page = _item(request.user, page_id)
    return _item_detail(page, request.user)


@api.api_operation(
    READ,
    "/items/{page_id}/history",
    response={200: schemas.History, 401: Error, 404: Error},
    tags=["items"],
    summary="Review history of an item",
)
def item_history(request, page_id: int):
    """Every submission and every stage: who decided, when, on which revision, with which
    opinion and checklist; skipped stages with the reason; countersignatures."""
    page = _item(request.user, page_id)
    return {"page_id": page.pk, "rounds": _history(page)}


# --- Decisions -----------------------------------------------------------------------------------


def _outcome(page_id: int) -> dict:
    page = Page.objects.get(pk=page_id).specific
    state = _under_review(page)
    return {
        "page_id": page.pk,
        "status": _status(page),
        "live": page.live,
        "stage": state.stage if state else None,
        "stage_label": str(Stage(state.stage).label) if state else None,
    }


@api.post(
    "/items/{page_id}/submission",
    response={201: schemas.Outcome, 401: Error, 403: Error, 404: Error, 409: Error},
    tags=["decisions"],
    summary="Submit an item for review",
)
def item_submit(request, page_id: int):
    """Submit what is saved (the latest revision) for review, as the editor's "submit for
    review" does: the caller must be allowed to edit the item."""
    user = request.user
    page = _item(user, page_id)
    refusal = services.submission_refusal(page, user)
    if refusal:
        return _error(refusal.message, 409 if refusal.conflict else 403)
    services.submit(page, user)
    return 201, _outcome(page.pk)


def _form_errors(state: ReviewTaskState, action: str, data: dict) -> tuple[list[str], dict]:
    """The checklist form's refusal of ``data``: its general messages and its field messages."""
    form = services.form_for(state.stage, action)(data=data, review_state=state)
    if form.is_valid():
        return [], {}
    general = [str(message) for message in form.non_field_errors()]
    fields = {
        name: str(errors[0]) for name, errors in form.errors.items() if name != NON_FIELD_ERRORS
    }
    return general, fields


def _decide(request, page_id: int, action: str, body: schemas._Decision):
    user = request.user
    page = _item(user, page_id)
    state = _under_review(page)
    if state is None:
        return _error(NOT_IN_REVIEW, 409)
    if body.stage != state.stage:
        label = Stage(state.stage).label
        return _error(str(OTHER_STAGE) % {"stage": label}, 409, {"stage": state.stage})
    if body.revision_id is not None and body.revision_id != state.revision_id:
        return _error(OTHER_REVISION, 409)
    data = {"opinion": body.opinion}
    if action == "approve":
        questions = {name for name, _label in services.form_for(state.stage, action).questions}
        unknown = {name: str(UNKNOWN_QUESTION) for name in body.checklist if name not in questions}
        if unknown:
            return _error(_("Invalid request parameters."), 400, unknown)
        data.update(body.checklist)
        if body.override_reason:
            data["override_reason"] = body.override_reason
    try:
        services.stage_act(state, user, action, data)
    except PermissionDenied as refused:
        message = str(refused)
        if message in {str(services.NOT_IN_PROGRESS), str(services.CHANGED_SINCE_REVIEW)}:
            return _error(message, 409)
        # The checklist forms are consulted after the rules: when no rule refuses the caller,
        # the refusal was the form's.
        general, fields = _form_errors(state, action, data)
        if (general or fields) and rules.refusal(user, state) is None:
            return _error(" ".join(general) or DECISION_INCOMPLETE, 422, fields)
        return _error(message, 403)
    return 200, _outcome(page.pk)


_DECISION_RESPONSES = {
    200: schemas.Outcome,
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: Error,
}


@api.post(
    "/items/{page_id}/approval",
    response=_DECISION_RESPONSES,
    tags=["decisions"],
    summary="Approve the stage waiting for a decision",
)
def item_approve(request, page_id: int, body: schemas.ApprovalIn):
    """Approve with every question of the stage's checklist answered and an opinion. The last
    proofreading approval publishes the item."""
    return _decide(request, page_id, "approve", body)


@api.post(
    "/items/{page_id}/return",
    response=_DECISION_RESPONSES,
    tags=["decisions"],
    summary="Return the item to its author with an opinion",
)
def item_return(request, page_id: int, body: schemas.ReturnIn):
    """Return the item: its review stops and the author gets the opinion."""
    return _decide(request, page_id, "reject", body)


# Disclosure monitoring (R10) joins with its own tag, after the review routes.
api.add_router("/disclosure", disclosure_router)
