"""No item waits at a stage for nobody (issue 19, item 8).

The author of an item never reviews it, and whoever submits or saves a version of it is one of
its authors. When an information officer submits a colleague's draft and the unit has no third
officer, nobody could act at 一审: submitting is refused with the reason, through the editor
and through the API alike, and the draft is kept. With a third officer it goes through, and
that officer finds it in their queue.
"""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Page

from cms.content.models.mixins import Importance
from cms.organisation.models import Role, RoleAssignment, UnitKind
from editorial import services
from editorial.rules import refusal
from editorial.stages import Stage
from tests import factories

from .flow import submit
from .test_api import Client, said

pytestmark = pytest.mark.django_db


def _colleagues_draft(staffed_site):
    """``author``'s draft in a unit whose other information officer is ``officer`` alone."""
    item = factories.news(staffed_site.column, "同事起草的稿件", publish=False)
    item.owner = staffed_site.people.author
    item.save(update_fields=["owner"])
    return item


def test_submitting_a_draft_nobody_could_review_is_refused_in_the_editor(client, staffed_site):
    item = _colleagues_draft(staffed_site)
    response = submit(client, staffed_site.people.officer, item, title="同事修改后的标题")
    assert response.status_code == 302
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert factories.shown(services.NOBODY_TO_REVIEW) in messages
    assert "提交进行审核" not in messages  # Wagtail was not told to submit
    page = Page.objects.get(pk=item.pk)
    assert page.current_workflow_state is None  # not waiting in anyone's queue
    assert page.get_latest_revision().content["title"] == "同事修改后的标题"  # nothing lost


def test_submitting_a_draft_nobody_could_review_is_refused_by_the_api(client, staffed_site):
    item = _colleagues_draft(staffed_site)
    response = Client(client, staffed_site.people.officer).submit(item)
    assert response.status_code == 409 and said(response) == str(services.NOBODY_TO_REVIEW)
    assert Page.objects.get(pk=item.pk).current_workflow_state is None


def test_with_a_third_officer_the_item_goes_to_their_queue(client, staffed_site):
    third = factories.user("third", unit=staffed_site.office, role=Role.INFO_OFFICER)
    item = _colleagues_draft(staffed_site)
    assert Client(client, staffed_site.people.officer).submit(item).status_code == 201
    state = Page.objects.get(pk=item.pk).current_workflow_task_state.specific
    assert refusal(third, state) is None
    assert refusal(staffed_site.people.officer, state) is not None  # submitted it
    assert refusal(staffed_site.people.author, state) is not None  # wrote it


def test_a_new_item_the_only_officer_submits_is_kept_as_a_draft(client, staffed_site):
    """The unit's other information officer has left: a new item its last one writes and
    submits in one step is saved, not sent to a 一审 nobody can take."""
    people = staffed_site.people
    people.author.is_active = False
    people.author.save()
    factories.login(client, people.officer)
    url = f"/admin/pages/add/content/newspage/{staffed_site.column.pk}/"
    data = factories.page_form(client, url)
    data.update(title="唯一信息员的新稿件", slug="only-officer", source="某区政府办公室")
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 302
    page = Page.objects.get(slug="only-officer")
    assert page.current_workflow_state is None and page.get_latest_revision() is not None
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert factories.shown(services.NOBODY_TO_REVIEW) in messages


# Every stage, not only 一审: an item is submitted only when each stage that applies to it has
# someone able to act, and then, whichever way the chain goes, someone always can.


def _unit_with(roles: dict[str, list[str]], co_issuer_roles=None):
    """A unit with a column and, per username, the roles held there; a co-issuing unit with its
    own people if ``co_issuer_roles`` is given."""
    government = factories.unit("某县人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某县政府办公室", parent=government, kind=UnitKind.OFFICE)
    site = factories.site("某县人民政府", sponsor=office)
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    people = {}
    for username, held in roles.items():
        people[username] = factories.user(username, unit=office, role=held[0])
        for role in held[1:]:
            RoleAssignment.objects.create(user=people[username], unit=office, role=role)
    partner = None
    if co_issuer_roles is not None:
        partner = factories.unit("某县教育局", parent=government)
        for username, role in co_issuer_roles.items():
            people[username] = factories.user(username, unit=partner, role=role)
    return column, people, partner


FULL = {
    "author": [Role.INFO_OFFICER],
    "officer": [Role.INFO_OFFICER],
    "chief": [Role.SECTION_CHIEF],
    "deputy": [Role.DEPUTY_HEAD],
    "principal": [Role.PRINCIPAL_HEAD],
}


def _item(column, people, *, importance=Importance.ORDINARY, co_issuers=()):
    item = factories.news(
        column, "拟报送的稿件", publish=False, owner=people["author"], importance=importance
    )
    if co_issuers:
        item.co_issuing_units.set(co_issuers)
        item.save()
    item.save_revision(user=people["author"])
    return item


@pytest.mark.parametrize(
    ("missing", "importance", "joint", "unstaffed"),
    [
        ("chief", Importance.ORDINARY, False, [Stage.SECOND_REVIEW, Stage.SECOND_PROOF]),
        ("deputy", Importance.ORDINARY, False, [Stage.THIRD_REVIEW, Stage.THIRD_PROOF]),
        ("principal", Importance.MAJOR, False, [Stage.SIGN_OFF]),
        ("principal", Importance.ORDINARY, False, []),  # 签发 does not apply
        ("partner_head", Importance.ORDINARY, True, [Stage.COUNTERSIGN]),
    ],
)
def test_submitting_is_refused_naming_each_stage_nobody_could_take(
    client, missing, importance, joint, unstaffed
):
    roles = {name: held for name, held in FULL.items() if name != missing}
    partner_roles = {} if missing == "partner_head" else {"partner_head": Role.SECTION_CHIEF}
    column, people, partner = _unit_with(roles, partner_roles)
    item = _item(column, people, importance=importance, co_issuers=[partner] if joint else [])

    response = Client(client, people["author"]).submit(item)

    if not unstaffed:
        assert response.status_code == 201
        return
    assert response.status_code == 409
    assert said(response) == services.staffing_message(unstaffed)
    for stage in unstaffed:
        assert str(Stage(stage).label) in said(response)
    assert Page.objects.get(pk=item.pk).current_workflow_state is None


def test_one_person_cannot_take_two_review_stages_so_a_second_is_needed(client):
    # The chief is also the unit's deputy head: 二审 and 三审 would need two people.
    roles = {**FULL, "chief": [Role.SECTION_CHIEF, Role.DEPUTY_HEAD]}
    del roles["deputy"]
    column, people, _partner = _unit_with(roles)
    item = _item(column, people)
    response = Client(client, people["author"]).submit(item)
    assert response.status_code == 409
    assert str(Stage.SECOND_REVIEW.label) in said(response)
    assert str(Stage.THIRD_REVIEW.label) in said(response)

    factories.user("deputy", unit=column.responsible_unit, role=Role.DEPUTY_HEAD)
    assert Client(client, people["author"]).submit(item).status_code == 201


def test_the_editor_keeps_as_a_draft_what_would_wait_at_the_third_review(client):
    roles = {name: held for name, held in FULL.items() if name != "deputy"}
    column, people, _partner = _unit_with(roles)
    item = _item(column, people)

    response = submit(client, people["author"], item, title="改后的标题")

    assert response.status_code == 302
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert str(Stage.THIRD_REVIEW.label) in messages
    page = Page.objects.get(pk=item.pk)
    assert page.current_workflow_state is None
    assert page.get_latest_revision().content["title"] == "改后的标题"


@pytest.mark.parametrize(
    ("roles", "importance", "joint"),
    [
        (FULL, Importance.ORDINARY, False),
        (FULL, Importance.MAJOR, True),
        # Thin units: one person holding several roles, officers proofreading.
        (
            {
                "author": [Role.INFO_OFFICER],
                "officer": [Role.INFO_OFFICER, Role.SITE_ADMIN],
                "chief": [Role.SECTION_CHIEF],
                "deputy": [Role.DEPUTY_HEAD, Role.PRINCIPAL_HEAD],
            },
            Importance.ORDINARY,
            False,
        ),
        (
            {
                "author": [Role.INFO_OFFICER, Role.SECTION_CHIEF],
                "officer": [Role.INFO_OFFICER],
                "chief": [Role.SECTION_CHIEF],
                "deputy": [Role.DEPUTY_HEAD],
                "principal": [Role.PRINCIPAL_HEAD, Role.DEPUTY_HEAD],
            },
            Importance.MAJOR,
            True,
        ),
    ],
)
def test_in_every_state_the_chain_reaches_someone_can_act(client, roles, importance, joint):
    """Submitted, the item goes through its whole chain: at each stage somebody may act (the
    rule of editorial.rules.refusal) and does, until it is live."""
    column, people, partner = _unit_with(roles, {"partner_head": Role.DEPUTY_HEAD})
    item = _item(column, people, importance=importance, co_issuers=[partner] if joint else [])
    assert Client(client, people["author"]).submit(item).status_code == 201

    seen = []
    while (state := Page.objects.get(pk=item.pk).current_workflow_task_state) is not None:
        state = state.specific
        able = [person for person in people.values() if refusal(person, state) is None]
        assert able, f"nobody can act at {state.stage}"
        seen.append(state.stage)
        assert Client(client, able[0]).approve(item).status_code == 200
    assert Page.objects.get(pk=item.pk).live
    assert (Stage.SIGN_OFF in seen) == (importance == Importance.MAJOR)
    assert (Stage.COUNTERSIGN in seen) == joint
