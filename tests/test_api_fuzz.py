"""Both OpenAPI documents, fuzzed in process with schemathesis (issue 19, "Keep it found").

Every operation of the public API (``/api/v1/``) and of the editorial API
(``/api/editorial/v1/``) is called with requests generated from its document, valid and
invalid, against the demo platform (``load_demo``): the public API's path parameters are drawn
mostly from the sites and pages that exist, the editorial API's from the items a reviewer
(科室负责人 ``bgs_kz``, who decides 二审 and 二校) holds a role on, called with that reviewer's
API token; half of the valid decisions carry the stage, revision and full checklist the item
waits for, so that approvals and returns really happen. Every response must be a documented
status, with a documented content type and a body matching the documented schema, never a 5xx.

Deterministic: a fixed seed, derandomised generation and no example database, so that CI runs
the same requests every time. The number of examples per operation is bounded (``EXAMPLES``);
the whole fuzz takes about a minute per database.
"""

import os

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils.translation import gettext as _
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from wagtail.models import APIToken, Page, Site, TaskState

from cms.content.models import NewsPage, NoticePage
from editorial import services
from editorial.models import ReviewTaskState
from editorial.selectors import review_queue
from editorialapi import api as editorial_api
from publicapi import api as public_api
from publicapi import archive as public_archive
from publicapi import ask as public_ask
from publicapi import mailbox as public_mailbox
from publicapi import search as public_search
from publicapi.models import PublicPage
from tests.publicapi.conftest import module_data

# More, or other, requests for a deeper look by hand: FUZZ_EXAMPLES=500 FUZZ_SEED=7 pytest ...
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 50))
SEED = int(os.environ.get("FUZZ_SEED", 2026))
REVIEWER = "bgs_kz"
OPINION = "同意，内容与审核清单逐项核对无误。"

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
            # The editorial API's token is the reviewer's, sent with every request; the check
            # `ignored_auth` sends each request again without it and with a wrong one.
            "with-security-parameters": False,
        },
        # Every check schemathesis has (`--checks all`), but `max_response_time`, which needs a
        # limit in seconds and would make a shared CI machine's slow moment a failure.
        "checks": {"enabled": True},
        # The documents have no links between operations: there is no stateful phase to run.
        "phases": {"stateful": {"enabled": False}},
    }
)

application = get_wsgi_application()
public = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
editorial = schemathesis.openapi.from_wsgi(
    "/api/editorial/v1/openapi.json", application, config=CONFIG
)


@pytest.fixture(scope="module")
def platform(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo platform with five items of each type, and the reviewer's API token."""

    def build():
        call_command("load_demo", "--items-per-type", "5", verbosity=0)
        person = get_user_model().objects.get(username=REVIEWER)
        _instance, token = APIToken.create_token(user=person, name="模糊测试")
        _read_existing()
        return token

    # Requests go through Django's real WSGI handler, which closes the database connection at
    # each request's end when it is inside a transaction (as every test is); Django's test
    # client keeps it open in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
            yield from module_data(django_db_blocker, build)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _media():
    """The demo's files stay where it wrote them, for the whole module (not a folder a test)."""


# The ids the fuzz draws from, read once from the demo as built (each test starts from it):
# what the examples change (a decision moves an item on) must not change the choices, or
# Hypothesis could not replay an example.
EXISTING: dict[str, list] = {}


def _read_existing() -> None:
    EXISTING.update(
        sites=_existing_sites(),
        pages=_existing_pages(),
        # The items waiting for the reviewer's own decision first: Hypothesis draws them most.
        items=list(dict.fromkeys(_waiting_for_the_reviewer() + _item_ids())),
    )


# --- The public API ------------------------------------------------------------------------------


def _existing_pages() -> list[tuple[int, int]]:
    return list(PublicPage.objects.order_by("pk").values_list("site_id", "page_id")[:50])


def _existing_sites() -> list[int]:
    return list(Site.objects.order_by("pk").values_list("pk", flat=True))


def _path_is_valid(case) -> bool:
    """Whether the case's path parameters are valid ones: a case made to test the refusal of
    an invalid id keeps it."""
    if case.meta is None:
        return False
    path = case.meta.components.get(ParameterLocation.PATH)
    return path is None or path.mode.value == "positive"


def _in_place(case, choices: list[dict]):
    """``case`` as generated, or (three times in four) with path parameters from ``choices``."""
    if not choices or not _path_is_valid(case):
        return st.just(case)

    def placed(choice: dict | None):
        if choice is not None:
            case.path_parameters = {**case.path_parameters, **choice}
        return case

    # Hypothesis draws the first branch most: the existing ids.
    existing = st.sampled_from(choices)
    return st.one_of(existing, existing, existing, st.none()).map(placed)


@public.hook("flatmap_case")
def public_cases(context, case):
    """Mostly sites and pages that exist: a fuzz of unknown ids only ever meets 404."""
    parameters = case.path_parameters or {}
    if "page_id" in parameters:
        choices = [{"site_id": site, "page_id": page} for site, page in EXISTING["pages"]]
    elif "site_id" in parameters:
        choices = [{"site_id": site} for site in EXISTING["sites"]]
    else:
        choices = []
    return _in_place(case, choices)


# Both APIs refuse a few schema-valid requests for rules their documents state in words because
# OpenAPI cannot say them: a rule between two parameters, between a parameter and the data (the
# site's columns), or between a decision and the stage the item waits at (its checklist). There
# the check that schema-valid requests are accepted does not apply; any other refusal of a
# schema-valid request still fails the fuzz.
def _public_rules() -> dict[str, set[str]]:
    return {
        "published_from": {_("The start date is after the end date.")},
        "month": {str(public_archive.MONTH_NEEDS_YEAR)},
        "q": {
            str(public_search.EMPTY_QUERY),
            str(public_search.NO_WORDS),
            str(public_ask.EMPTY_QUESTION),
        },
        "page": {str(public_search.TOO_DEEP) % {"limit": public_search.MAX_RESULTS}},
        "column": {
            _("No public column with this id on this site."),
            str(public_search.COLUMN_NEEDS_SITE),
        },
        # The mailboxes' statistics: a period in order and not too long, a mailbox of the site.
        "from": {str(public_mailbox.DATES_REVERSED)},
        "to": {str(public_mailbox.PERIOD_TOO_LONG % {"days": public_mailbox.MAX_PERIOD_DAYS})},
        "mailbox": {str(public_mailbox.NO_MAILBOX)},
        # A listing's cursor: never with a page number, and only the one its listing gave.
        "cursor": {str(public_api.CURSOR_WITH_PAGE), str(public_api.CURSOR_NOT_THIS_LISTING)},
    }


def _answer(response) -> dict:
    """The JSON object of an answer; empty if it has none (a HEAD request's answer)."""
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _refused_by_a_rule_in_words(failure, response, rules: dict[str, set[str]]) -> bool:
    if failure.__class__.__name__ != "RejectedPositiveData" or response.status_code != 400:
        return False
    fields = _answer(response).get("fields") or {}
    return bool(fields) and all(message in rules.get(name, ()) for name, message in fields.items())


@public.hook("filter_failure")
def public_failures(context, failure, case, response):
    return not _refused_by_a_rule_in_words(failure, response, _public_rules())


@public.parametrize()
@pytest.mark.django_db
def test_the_public_api_keeps_its_document(platform, case):
    case.call_and_validate()


# --- The editorial API ---------------------------------------------------------------------------


def _item_ids() -> list[int]:
    """The items in review or returned, then a few others (live ones, drafts)."""
    in_review = ReviewTaskState.objects.order_by("pk").values_list(
        "workflow_state__object_id", flat=True
    )
    ids = list(dict.fromkeys(int(pk) for pk in in_review))
    others = [
        model.objects.exclude(pk__in=ids).order_by("pk").values_list("pk", flat=True)[:3]
        for model in (NewsPage, NoticePage)
    ]
    return ids + [pk for found in others for pk in found]


def _waiting_for_the_reviewer() -> list[int]:
    reviewer = get_user_model().objects.get(username=REVIEWER)
    waiting = review_queue(reviewer).values_list("workflow_state__object_id", flat=True)
    return [int(pk) for pk in waiting]


def _decision_for(page_id) -> dict | None:
    """The body that decides the stage ``page_id`` waits at, as its reviewer reads it."""
    page = Page.objects.filter(pk=page_id).first() if isinstance(page_id, int) else None
    state = page.specific.current_workflow_task_state if page is not None else None
    if not isinstance(state, ReviewTaskState) or state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    form = services.form_for(state.stage, "approve")
    return {
        "stage": state.stage,
        "revision_id": state.revision_id,
        "opinion": OPINION,
        "checklist": {name: True for name, _label in form.questions},
    }


@editorial.hook("flatmap_case")
def editorial_cases(context, case):
    """Mostly items the reviewer holds a role on; and half of the valid decisions are the
    ones the item waits for: a reviewer's real approval or return, which the fuzz then follows
    through the item's next stages."""
    parameters = case.path_parameters or {}
    if "page_id" not in parameters:
        return st.just(case)
    decides = case.path.endswith(("/approval", "/return"))
    placed = _in_place(case, [{"page_id": pk} for pk in EXISTING["items"]])
    if not decides or case.meta.generation.mode.value != "positive":
        return placed

    def decided(case, real: bool):
        body = _decision_for(case.path_parameters.get("page_id")) if real else None
        if body is not None:
            if case.path.endswith("/return"):
                body.pop("checklist")
            case.body = body
        return case

    return st.tuples(placed, st.sampled_from([True, False])).map(lambda drawn: decided(*drawn))


@editorial.hook("filter_failure")
def editorial_failures(context, failure, case, response):
    if failure.__class__.__name__ == "RejectedPositiveData" and response.status_code == 422:
        # The checklist of the stage the item waits at, every question answered true, and an
        # opinion of OPINION_MIN_LENGTH characters (described on ApprovalIn and ReturnIn).
        return _answer(response).get("detail") != str(editorial_api.DECISION_INCOMPLETE)
    # A checklist answer to a question the stage does not ask (ApprovalIn.checklist).
    checklist = case.body.get("checklist") if isinstance(case.body, dict) else None
    rules = {name: {str(editorial_api.UNKNOWN_QUESTION)} for name in checklist or {}}
    return not _refused_by_a_rule_in_words(failure, response, rules)


# The answers each decision operation gave: the fuzz must have really approved and returned.
DECISIONS: dict[str, set[int]] = {}


@editorial.parametrize()
@pytest.mark.django_db
def test_the_editorial_api_keeps_its_document(platform, case):
    response = case.call_and_validate(headers={"Authorization": f"Bearer {platform}"})
    if case.path.endswith(("/approval", "/return")):
        DECISIONS.setdefault(case.path.rsplit("/", 1)[-1], set()).add(response.status_code)


def test_the_fuzz_approved_and_returned_for_real():
    """Seeded items and the reviewer's token are there so that decisions are taken, not only
    refused; a change that made every decision 4xx would leave those paths unfuzzed."""
    for operation, statuses in DECISIONS.items():
        assert 200 in statuses, (operation, sorted(statuses))
