"""The printed logins take one item from draft to live in every unit that owns columns (issue 19,
item 22: 一审 needed a second information officer who was not printed)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from cms.content.models import ColumnPage, NewsPage
from cms.demo.welcome import WALKED_STAGES, walkthrough, walkthrough_rows
from cms.organisation.models import Unit
from editorial import services
from editorial.checklist import PROOF_CONFIRMATIONS, REVIEW_QUESTIONS
from editorial.stages import PROOF_STAGES, Stage

from .test_demo import _restore_migrated_data, load_demo  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _answers(stage: str) -> dict:
    questions = PROOF_CONFIRMATIONS if stage in PROOF_STAGES else REVIEW_QUESTIONS
    return {**{name: True for name, _label in questions}, "opinion": "同意。"}


def _walk(unit: Unit, people: dict) -> NewsPage:
    """An ordinary news item written in one of ``unit``'s columns and taken through the chain
    by the printed people, each acting at their stage."""
    column = ColumnPage.objects.filter(responsible_unit=unit).order_by("path").first()
    author = people["author"]
    page = column.add_child(
        instance=NewsPage(
            title=f"{unit.name}演练稿件",
            slug=f"walkthrough-{unit.pk}",
            source=unit.name,
            body="<p>本单位工作动态。</p>",
            owner=author,
            live=False,
        )
    )
    page.save_revision(user=author)
    services.submit(page, author)
    for stage in WALKED_STAGES:
        state = Page.objects.get(pk=page.pk).current_workflow_task_state
        if state is None:
            break
        state = state.specific
        if state.stage != stage:
            assert stage in (Stage.SIGN_OFF,), (state.stage, stage)  # skipped: not major
            continue
        services.stage_act(state, people[stage], "approve", _answers(stage))
    return NewsPage.objects.get(pk=page.pk)


def test_each_unit_owning_columns_is_printed_with_people_who_take_an_item_live():
    load_demo()
    out = io.StringIO()
    call_command("platform_welcome", stdout=out)
    printed = out.getvalue()
    rows = walkthrough_rows()
    owners = Unit.objects.filter(pk__in=ColumnPage.objects.values("responsible_unit_id"))
    assert {name for name, _steps in rows} == {unit.name for unit in owners}
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    for unit in owners:
        people = walkthrough(unit)
        line = next(line for line in printed.splitlines() if line.strip().startswith(unit.name))
        for person in people.values():
            assert person.username in usernames and person.username in line
        assert people["author"] != people[Stage.FIRST_REVIEW]
        item = _walk(unit, people)
        assert item.live, unit.name
