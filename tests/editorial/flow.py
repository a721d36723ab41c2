"""What reviewers do in the admin, as HTTP requests."""

from django.urls import reverse
from wagtail.models import Page

from editorial.checklist import PROOF_CONFIRMATIONS, REVIEW_QUESTIONS
from editorial.stages import PROOF_STAGES, Stage
from tests import factories


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def submit(client, person, page, **changes):
    """``person`` opens the item in the editor and presses "submit for review"."""
    factories.login(client, person)
    url = f"/admin/pages/{page.pk}/edit/"
    data = factories.page_form(client, url)
    data.update(changes)
    data["action-submit"] = "action-submit"
    return client.post(url, data)


def answers(stage: str, opinion: str = "同意发布。") -> dict:
    questions = PROOF_CONFIRMATIONS if stage in PROOF_STAGES else REVIEW_QUESTIONS
    return {**{name: "on" for name, _label in questions}, "opinion": opinion}


def act(client, person, page, action: str = "approve", data: dict | None = None):
    """``person`` presses the stage's button and fills in its form."""
    page = fresh(page)
    state = page.current_workflow_task_state.specific
    factories.login(client, person)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    if data is None:
        data = answers(state.stage) if action == "approve" else {"opinion": "请修改后再报。"}
    return client.post(url, data)


def current_stage(page) -> str | None:
    state = fresh(page).current_workflow_task_state
    return state.specific.stage if state else None


# An ordinary item's stages and who approves each (the people of tests/editorial/conftest.py).
CHAIN = [
    ("officer", Stage.FIRST_REVIEW),
    ("chief", Stage.SECOND_REVIEW),
    ("deputy", Stage.THIRD_REVIEW),
    ("webmaster", Stage.FIRST_PROOF),
    ("chief", Stage.SECOND_PROOF),
    ("deputy", Stage.THIRD_PROOF),
]


def through_the_chain(client, staffed_site, item, **changes):
    """The author submits (with ``changes``) and every stage approves, over HTTP; the revision
    that went through."""
    assert submit(client, staffed_site.people.author, item, **changes).status_code == 302
    for name, stage in CHAIN:
        assert current_stage(item) == stage
        assert act(client, getattr(staffed_site.people, name), item).status_code in (200, 302)
    return fresh(item).latest_revision
