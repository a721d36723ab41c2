"""The reviewer's "my review queue" (issue 3): whose turn it is, at a cost that does not grow
with the number of items, in the admin.

``review_queue(user)`` states the rule of ``rules.refusal`` in SQL; the first tests check that
both agree on every in-progress stage of a mixed population. The others are the queue view and
the dashboard panel, over HTTP, as reviewers use them. Items are submitted with Wagtail's own
``Workflow.start`` (what the editor's "submit" calls) and moved on by reviewers over HTTP.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from cms.content.models.mixins import Importance
from cms.organisation.models import Role, RoleAssignment, UnitKind
from editorial import rules
from editorial.models import ReviewTaskState
from editorial.queue import QUEUE_EMPTY
from editorial.selectors import review_queue
from editorial.stages import Stage
from tests import factories

from .flow import act, current_stage

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/editorial/queue/"


def _item(
    column,
    title,
    *,
    owner,
    editor=None,
    submitter=None,
    co_issuers=(),
    live=False,
    published_by=None,
    drafted_by=(),
    draft_co_issuers=None,
    **fields,
):
    """An item submitted for review: ``editor`` wrote the revision under review, ``submitter``
    pressed "submit" (both default to the owner), ``drafted_by`` saved revisions before it. A
    ``live`` item is published first (a revision saved by ``published_by``, default the owner,
    and cleared) and edited; ``draft_co_issuers`` are the co-issuing units of that edit, which
    (as in Wagtail's editor) live in the revision only: the saved page row keeps
    ``co_issuers``."""
    page = factories.news(column, title, publish=False, owner=owner, **fields)
    if co_issuers:
        page.co_issuing_units.set(co_issuers)
        page.save()
    if live:
        factories.publish_reviewed(page.save_revision(user=published_by or owner))
        page.refresh_from_db()
        page.title = f"{title}（修改）"
        if draft_co_issuers is not None:
            page.co_issuing_units.set(draft_co_issuers)  # in memory until the page is saved
    for person in drafted_by:
        page.save_revision(user=person)
    page.save_revision(user=editor or owner)
    page.get_workflow().start(page, submitter or owner)
    return page


def _advance(client, page, *people, to=None):
    for person in people:
        response = act(client, person, page)
        assert response.status_code in (200, 302), response.content[:300]
    if to is not None:
        assert current_stage(page) == to


def _expected(user, states) -> list[int]:
    """The queue as ``rules.refusal`` states it, one state at a time."""
    return [state.pk for state in states if rules.refusal(user, state) is None]


def _queue(user) -> list[int]:
    return list(review_queue(user).values_list("pk", flat=True))


@pytest.fixture
def platform(staffed_site, client):
    """Every role, several units (one below the office), authors, co-issued items, people who
    approved an earlier stage, a countersignature partly given, items at every stage."""
    p = staffed_site.people
    government = staffed_site.office.get_parent()
    section = factories.unit(
        "某区政府办公室综合科", parent=staffed_site.office, kind=UnitKind.SECTION
    )
    other = p.outsider_chief.role_assignments.get().unit
    root = staffed_site.site.root_page
    people = SimpleNamespace(
        **vars(p),
        edu_officer=factories.user(
            "edu_officer", unit=staffed_site.education, role=Role.INFO_OFFICER
        ),
        edu_chief=factories.user("edu_chief", unit=staffed_site.education, role=Role.SECTION_CHIEF),
        other_officer=factories.user("other_officer", unit=other, role=Role.INFO_OFFICER),
        gov_chief=factories.user("gov_chief", unit=government, role=Role.SECTION_CHIEF),
        section_chief=factories.user("section_chief", unit=section, role=Role.SECTION_CHIEF),
        multi=factories.user("multi", unit=staffed_site.office, role=Role.INFO_OFFICER),
        many_deputy=factories.user("many_deputy", unit=staffed_site.health, role=Role.DEPUTY_HEAD),
        inactive=factories.user(
            "inactive", unit=staffed_site.office, role=Role.SECTION_CHIEF, is_active=False
        ),
        # Deputy head of the office, and of a co-issuing unit (countersigns for it).
        dual_deputy=factories.user("dual_deputy", unit=staffed_site.office, role=Role.DEPUTY_HEAD),
        nobody=factories.user("nobody"),
        superuser=factories.superuser(),
    )
    RoleAssignment.objects.create(
        user=people.multi, unit=staffed_site.office, role=Role.SECTION_CHIEF
    )
    RoleAssignment.objects.create(
        user=people.dual_deputy, unit=staffed_site.education, role=Role.DEPUTY_HEAD
    )
    for unit in (staffed_site.education, other):
        RoleAssignment.objects.create(user=people.many_deputy, unit=unit, role=Role.DEPUTY_HEAD)

    office_col = staffed_site.column
    edu_col = factories.column(root, "教育动态", owner=staffed_site.education)
    section_col = factories.column(root, "综合信息", owner=section)
    other_col = factories.column(root, "财政信息", owner=other)
    author = p.author
    items = SimpleNamespace()

    items.first = _item(office_col, "一审稿件", owner=author)
    items.second = _item(office_col, "二审稿件", owner=author)
    _advance(client, items.second, p.officer, to=Stage.SECOND_REVIEW)
    items.edu_second = _item(edu_col, "教育局二审稿件", owner=people.nobody)
    _advance(client, items.edu_second, people.edu_officer, to=Stage.SECOND_REVIEW)
    items.section_second = _item(section_col, "科室二审稿件", owner=author)
    _advance(client, items.section_second, p.officer, to=Stage.SECOND_REVIEW)
    items.chiefs_own = _item(office_col, "科长自撰稿件", owner=p.chief)
    _advance(client, items.chiefs_own, p.officer, to=Stage.SECOND_REVIEW)
    items.multi_first = _item(office_col, "兼职审核稿件", owner=author)
    _advance(client, items.multi_first, people.multi, to=Stage.SECOND_REVIEW)
    co = (staffed_site.education, staffed_site.health)
    items.joint = _item(office_col, "联合发文", owner=author, co_issuers=co)
    _advance(client, items.joint, p.officer, p.chief, to=Stage.COUNTERSIGN)
    items.joint_half = _item(office_col, "联合发文（部分会签）", owner=author, co_issuers=co)
    _advance(client, items.joint_half, p.officer, p.chief, p.education_head, to=Stage.COUNTERSIGN)
    items.third = _item(office_col, "三审稿件", owner=author)
    _advance(client, items.third, p.officer, p.chief, to=Stage.THIRD_REVIEW)
    items.major = _item(office_col, "重大稿件", owner=author, importance=Importance.MAJOR)
    _advance(client, items.major, p.officer, p.chief, p.deputy, to=Stage.SIGN_OFF)
    items.proof1 = _item(office_col, "一校稿件", owner=author)
    _advance(client, items.proof1, p.officer, p.chief, p.deputy, to=Stage.FIRST_PROOF)
    items.proof2 = _item(office_col, "二校稿件", owner=author)
    _advance(client, items.proof2, p.officer, p.chief, p.deputy, p.webmaster, to=Stage.SECOND_PROOF)
    items.proof3 = _item(office_col, "三校稿件", owner=author)
    _advance(
        client,
        items.proof3,
        p.officer,
        p.chief,
        p.deputy,
        p.webmaster,
        p.chief,
        to=Stage.THIRD_PROOF,
    )
    items.returned = _item(office_col, "退回稿件", owner=author)
    _advance(client, items.returned, p.officer)
    act(client, p.chief, items.returned, "reject", {"opinion": "请核实数据。"})
    items.other_third = _item(other_col, "财政局三审稿件", owner=people.other_officer)
    RoleAssignment.objects.create(user=people.multi, unit=other, role=Role.INFO_OFFICER)
    _advance(client, items.other_third, people.multi, p.outsider_chief, to=Stage.THIRD_REVIEW)
    items.live_edit = _item(
        office_col, "已发布稿件", owner=author, editor=p.officer, submitter=p.webmaster, live=True
    )
    # Live items edited afterwards: 会签 follows the revision under review, not the page row.
    items.live_joint = _item(
        office_col, "改为联合发文", owner=author, live=True, draft_co_issuers=[staffed_site.health]
    )
    _advance(client, items.live_joint, p.officer, p.chief, to=Stage.COUNTERSIGN)
    items.live_swapped = _item(
        office_col,
        "已发布联合发文更换会签单位",
        owner=author,
        co_issuers=[staffed_site.education],
        live=True,
        draft_co_issuers=[staffed_site.health],
    )
    _advance(client, items.live_swapped, p.officer, p.chief, to=Stage.COUNTERSIGN)

    # Issue 12: a colleague (``multi``) saved an earlier revision, the owner the one submitted.
    items.drafted = _item(office_col, "同事代拟稿件", owner=author, drafted_by=[people.multi])
    items.drafted_second = _item(
        office_col, "同事代拟二审稿件", owner=author, drafted_by=[people.multi]
    )
    _advance(client, items.drafted_second, p.officer, to=Stage.SECOND_REVIEW)
    # ... after the item was last cleared, or before (the version it wrote was published).
    items.redrafted_live = _item(
        office_col, "发布后同事修改稿件", owner=author, live=True, drafted_by=[people.multi]
    )
    items.cleared_draft = _item(
        office_col, "同事撰写已发布版本", owner=author, live=True, published_by=people.multi
    )
    # 会签 of two units: ``dual_deputy`` signs for education, health's head signs last.
    items.joint_third = _item(office_col, "联合发文（三审）", owner=author, co_issuers=co)
    _advance(
        client,
        items.joint_third,
        p.officer,
        p.chief,
        people.dual_deputy,
        p.health_head,
        to=Stage.THIRD_REVIEW,
    )
    items.joint_dual_half = _item(office_col, "联合发文（一方已会签）", owner=author, co_issuers=co)
    _advance(client, items.joint_dual_half, p.officer, p.chief, people.dual_deputy)
    return SimpleNamespace(people=people, items=items, staffed_site=staffed_site)


def _states_of(page):
    return ReviewTaskState.objects.filter(workflow_state__object_id=str(page.pk))


def _in_progress():
    return list(
        ReviewTaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state", "revision")
        .order_by("started_at", "pk")
    )


def _current(page) -> int:
    return _states_of(page).get(status=TaskState.STATUS_IN_PROGRESS).pk


# --- The rule, twice: in SQL for the queue and in Python for one state ------------------------


def test_the_queue_and_the_rule_for_one_state_agree_on_a_mixed_population(
    platform, django_assert_num_queries
):
    states = _in_progress()
    assert {state.stage for state in states} == set(Stage.values)
    everyone = [*vars(platform.people).values(), AnonymousUser()]
    for person in everyone:
        assert _queue(person) == _expected(person, states), person

    # The agreement is only worth what the population holds: the cases, by name.
    people, items = platform.people, platform.items
    chief = set(_queue(people.chief))
    assert _current(items.second) in chief
    assert _current(items.section_second) in chief  # a unit below the chief's
    assert _current(items.edu_second) not in chief  # another unit
    assert _current(items.chiefs_own) not in chief  # the chief wrote it
    assert _current(items.chiefs_own) in set(_queue(people.gov_chief))  # a chief above sees it
    assert _current(items.multi_first) in chief
    assert _current(items.multi_first) not in set(_queue(people.multi))  # approved 一审
    assert _current(items.proof2) in chief  # approving 二审 does not bar a proofreading stage
    assert _current(items.edu_second) in set(_queue(people.edu_chief))
    assert set(_queue(people.section_chief)) == {_current(items.section_second)}

    # 会签: each co-issuing unit once; the one that signed is done.
    assert _current(items.joint) in set(_queue(people.education_head))
    assert _current(items.joint) in set(_queue(people.edu_chief))  # a chief may sign too
    assert _current(items.joint_half) not in set(_queue(people.education_head))
    assert _current(items.joint_half) not in set(_queue(people.edu_chief))
    assert _current(items.joint_half) in set(_queue(people.health_head))
    assert _current(items.joint_half) in set(_queue(people.many_deputy))  # health unsigned
    assert _current(items.joint) not in set(_queue(people.deputy))  # not a co-issuer
    # A live item whose draft names co-issuers: those of the revision under review sign.
    for item in (items.live_joint, items.live_swapped):
        assert _current(item) in set(_queue(people.health_head))
        assert _current(item) in set(_queue(people.many_deputy))
        assert _current(item) not in set(_queue(people.education_head))  # the live version's
        assert _current(item) not in set(_queue(people.edu_chief))

    # Authors: owner, submitter and the writer of the revision never review their item.
    author_queue = set(_queue(people.author))
    assert _current(items.first) not in author_queue
    assert _current(items.live_edit) not in author_queue
    officer_queue = set(_queue(people.officer))
    assert _current(items.live_edit) not in officer_queue  # wrote the revision
    assert _current(items.live_edit) in set(_queue(people.multi))
    assert _current(items.proof1) in author_queue  # proofreading is not reviewing
    # ... and whoever saved a revision since the item was last cleared (issue 12).
    multi = set(_queue(people.multi))
    assert _current(items.drafted) not in multi and _current(items.drafted) in officer_queue
    assert _current(items.drafted_second) not in multi
    assert _current(items.drafted_second) in chief
    assert _current(items.redrafted_live) not in multi
    assert _current(items.redrafted_live) in officer_queue
    assert _current(items.cleared_draft) in multi  # wrote a version reviewed before

    # Whoever acted at a review stage of the revision, 会签 included, acts at no other: the
    # countersigner who was not the last to sign (the stage's finished_by is the last).
    joint_third = _states_of(items.joint_third).get(stage=Stage.COUNTERSIGN)
    assert joint_third.finished_by_id == people.health_head.pk
    assert _current(items.joint_third) not in set(_queue(people.dual_deputy))
    assert _current(items.joint_third) in set(_queue(people.deputy))
    assert _current(items.third) in set(_queue(people.dual_deputy))
    assert _current(items.joint_dual_half) not in set(_queue(people.dual_deputy))
    assert _current(items.joint_dual_half) in set(_queue(people.health_head))

    assert not _states_of(items.returned).filter(status=TaskState.STATUS_IN_PROGRESS).exists()
    for person in (people.nobody, people.superuser, people.inactive, AnonymousUser()):
        assert _queue(person) == []
    deputy = set(_queue(people.deputy))
    assert _current(items.third) in deputy and _current(items.other_third) not in deputy
    assert _current(items.other_third) in set(_queue(people.many_deputy))
    assert set(_queue(people.principal)) == {_current(items.major)}

    # The person's reach (two queries), then one query, whatever the length of the queue.
    for person in (people.chief, people.many_deputy, people.multi):
        with django_assert_num_queries(3):
            list(review_queue(person))
        with django_assert_num_queries(3):
            review_queue(person).count()
    with django_assert_num_queries(1):  # no role: nothing more to ask
        assert list(review_queue(people.nobody)) == []


def test_the_queue_follows_the_owning_unit_stored_on_the_stage(client, staffed_site):
    """The stage's people are those of the unit that owned the item when the stage opened."""
    p = staffed_site.people
    edu_chief = factories.user("edu_chief", unit=staffed_site.education, role=Role.SECTION_CHIEF)
    item = _item(staffed_site.column, "二审稿件", owner=p.author)
    _advance(client, item, p.officer, to=Stage.SECOND_REVIEW)
    state = ReviewTaskState.objects.get(pk=_current(item))
    assert state.unit_id == staffed_site.office.pk
    assert _queue(p.chief) == [state.pk] and _queue(edu_chief) == []
    ReviewTaskState.objects.filter(pk=state.pk).update(unit=staffed_site.education)
    assert _queue(p.chief) == [] and _queue(edu_chief) == [state.pk]
    assert _queue(edu_chief) == _expected(edu_chief, _in_progress())


def test_the_stages_in_progress_have_an_index_of_their_own():
    """The queue reads the few stages in progress among every stage ever opened."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "wagtailcore_taskstate")
    assert "editorial_taskstate_in_progress" in indexes


def test_countersigning_follows_the_co_issuing_units_stored_on_the_stage(client, staffed_site):
    """会签 is given by the co-issuing units the stage opened with (those of the revision under
    review), in the rule and in the queue alike; the saved page row is not read."""
    p = staffed_site.people
    item = _item(
        staffed_site.column, "联合发文", owner=p.author, co_issuers=[staffed_site.education]
    )
    _advance(client, item, p.officer, p.chief, to=Stage.COUNTERSIGN)
    state = ReviewTaskState.objects.get(pk=_current(item))
    assert state.co_issuing_unit_ids() == [staffed_site.education.pk]
    assert _queue(p.education_head) == [state.pk] and _queue(p.health_head) == []
    state.co_issuing_units.set([staffed_site.health])
    assert list(item.co_issuing_units.values_list("pk", flat=True)) == [staffed_site.education.pk]
    assert _queue(p.education_head) == [] == _expected(p.education_head, _in_progress())
    assert _queue(p.health_head) == [state.pk] == _expected(p.health_head, _in_progress())
    _advance(client, item, p.health_head, to=Stage.THIRD_REVIEW)


def test_an_approval_of_another_revision_does_not_bar_a_reviewer(client, staffed_site):
    p = staffed_site.people
    RoleAssignment.objects.create(user=p.officer, unit=staffed_site.office, role=Role.SECTION_CHIEF)
    item = _item(staffed_site.column, "二审稿件", owner=p.author)
    _advance(client, item, p.officer, to=Stage.SECOND_REVIEW)
    state = ReviewTaskState.objects.get(pk=_current(item))
    assert _queue(p.officer) == [] == _expected(p.officer, _in_progress())
    earlier = item.revisions.exclude(pk=state.revision_id).order_by("pk").first()
    ReviewTaskState.objects.filter(
        workflow_state=state.workflow_state, stage=Stage.FIRST_REVIEW
    ).update(revision=earlier)
    assert _queue(p.officer) == [state.pk] == _expected(p.officer, _in_progress())


def test_an_approval_of_a_later_review_stage_bars_countersigning_the_same_revision(
    client, staffed_site
):
    """会签 comes before 三审, so no chain leaves a 三审 approval before a 会签 of the same
    revision (over HTTP, tests/editorial/test_separation.py shows the 二审 approver refused at
    会签). The rule is symmetric all the same: the 会签 of a revision whose 三审 someone
    approved is opened again, with one unit's consent withdrawn, and its signer is that one."""
    p = staffed_site.people
    both = factories.user("both", unit=staffed_site.office, role=Role.DEPUTY_HEAD)
    RoleAssignment.objects.create(user=both, unit=staffed_site.education, role=Role.DEPUTY_HEAD)
    item = _item(
        staffed_site.column,
        "联合发文",
        owner=p.author,
        co_issuers=(staffed_site.education, staffed_site.health),
    )
    _advance(
        client, item, p.officer, p.chief, p.education_head, p.health_head, both, to="first_proof"
    )
    countersign = _states_of(item).get(stage=Stage.COUNTERSIGN)
    third = _states_of(item).get(stage=Stage.THIRD_REVIEW)
    assert third.finished_by_id == both.pk and third.revision_id == countersign.revision_id
    _states_of(item).filter(status=TaskState.STATUS_IN_PROGRESS).update(
        status=TaskState.STATUS_CANCELLED
    )
    ReviewTaskState.objects.filter(pk=countersign.pk).update(status=TaskState.STATUS_IN_PROGRESS)
    countersign.countersignatures.filter(unit=staffed_site.education).delete()

    assert rules.refusal(both, _in_progress()[0]) == str(rules.ALREADY_APPROVED_A_STAGE)
    assert _queue(both) == [] == _expected(both, _in_progress())
    assert (
        _queue(p.education_head) == [countersign.pk] == _expected(p.education_head, _in_progress())
    )
    ReviewTaskState.objects.filter(pk=third.pk).update(finished_by=p.deputy)
    assert _queue(both) == [countersign.pk] == _expected(both, _in_progress())


# --- The view, over HTTP -------------------------------------------------------------------------


def _titles(response) -> list[str]:
    """The item titles of the listing, top to bottom."""
    import re

    return re.findall(
        r'<div class="title-wrapper">\s*<a [^>]*>\s*(.*?)\s*</a>', response.content.decode()
    )


def _get(client, person, url=QUEUE_URL):
    factories.login(client, person)
    response = client.get(url)
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response


def test_a_chief_sees_the_second_reviews_of_their_unit_and_not_other_units(client, staffed_site):
    p = staffed_site.people
    edu_officer = factories.user("edu_officer", unit=staffed_site.education, role=Role.INFO_OFFICER)
    edu_chief = factories.user("edu_chief", unit=staffed_site.education, role=Role.SECTION_CHIEF)
    edu_col = factories.column(
        staffed_site.site.root_page, "教育动态", owner=staffed_site.education
    )
    ours = _item(staffed_site.column, "办公室二审稿件", owner=p.author)
    theirs = _item(edu_col, "教育局二审稿件", owner=p.author)
    waiting = _item(staffed_site.column, "办公室一审稿件", owner=p.author)
    _advance(client, ours, p.officer, to=Stage.SECOND_REVIEW)
    _advance(client, theirs, edu_officer, to=Stage.SECOND_REVIEW)

    assert _titles(_get(client, p.chief)) == [ours.title]
    assert _titles(_get(client, edu_chief)) == [theirs.title]
    assert _titles(_get(client, p.officer)) == [waiting.title]


def test_an_author_never_sees_their_own_item_at_a_review_stage(client, staffed_site):
    p = staffed_site.people
    RoleAssignment.objects.create(user=p.author, unit=staffed_site.office, role=Role.SECTION_CHIEF)
    own = _item(staffed_site.column, "本人撰写的稿件", owner=p.author)
    assert own.title not in _titles(_get(client, p.author))  # 一审: an officer, but the author
    assert own.title in _titles(_get(client, p.officer))
    _advance(client, own, p.officer, to=Stage.SECOND_REVIEW)
    assert own.title not in _titles(_get(client, p.author))  # 二审: a chief, but the author
    assert own.title in _titles(_get(client, p.chief))


def test_a_row_says_what_where_which_stage_how_important_who_and_how_long(client, staffed_site):
    p = staffed_site.people
    item = _item(staffed_site.column, "重大事项通报", owner=p.author, importance=Importance.MAJOR)
    state = _states_of(item).get(status=TaskState.STATUS_IN_PROGRESS)
    ReviewTaskState.objects.filter(pk=state.pk).update(
        started_at=timezone.now() - timedelta(days=3, hours=2)
    )
    p.author.first_name, p.author.last_name = "晓明", "王"
    p.author.save()
    response = _get(client, p.officer)
    html = response.content.decode()
    assert _titles(response) == ["重大事项通报"]
    assert staffed_site.site.site_name in html
    assert staffed_site.column.title in html
    factories.assert_shows(response, Stage.FIRST_REVIEW.label)
    assert 'w-status--primary">重大' in html.replace("\n", "").replace("  ", "")
    assert p.author.get_full_name() in html
    assert "3\xa0日，2\xa0小时" in html  # waiting three days and two hours, in Chinese
    assert reverse("wagtailadmin_pages:edit", args=[item.pk]) in html
    assert reverse("wagtailadmin_pages:workflow_preview", args=[item.pk, state.task_id]) in html
    # The preview shown is the one Wagtail gives reviewers of this stage.
    factories.login(client, p.officer)
    preview = client.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[item.pk, state.task_id])
    )
    assert preview.status_code == 200
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
    assert edit.status_code == 200


def test_oldest_first(client, staffed_site):
    p = staffed_site.people
    items = [_item(staffed_site.column, f"稿件{n}", owner=p.author) for n in range(3)]
    now = timezone.now()
    for page, days in zip(items, (1, 5, 3), strict=True):
        _states_of(page).update(started_at=now - timedelta(days=days))
    assert _titles(_get(client, p.officer)) == ["稿件1", "稿件2", "稿件0"]


def test_pagination_and_page_numbers_out_of_range_or_not_numbers(client, staffed_site):
    p = staffed_site.people
    items = [_item(staffed_site.column, f"稿件{n:02d}", owner=p.author) for n in range(23)]
    now = timezone.now()
    for n, page in enumerate(items):
        _states_of(page).update(started_at=now - timedelta(hours=100 - n))
    titles = [page.title for page in items]
    first = _get(client, p.officer)
    assert _titles(first) == titles[:20]
    assert _titles(_get(client, p.officer, f"{QUEUE_URL}?p=2")) == titles[20:]
    assert _titles(_get(client, p.officer, f"{QUEUE_URL}?p=999")) == titles[20:]
    assert _titles(_get(client, p.officer, f"{QUEUE_URL}?p=abc")) == titles[:20]
    assert _titles(_get(client, p.officer, f"{QUEUE_URL}?p=-1")) == titles[20:]
    assert f"{QUEUE_URL}?p=2" in first.content.decode()  # Wagtail's pagination links


def test_the_view_costs_the_same_queries_for_three_items_or_thirty(
    client, staffed_site, django_assert_max_num_queries
):
    p = staffed_site.people

    def queries(url=QUEUE_URL) -> int:
        factories.login(client, p.officer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(3):
        _item(staffed_site.column, f"稿件{n}", owner=p.author)
    queries()  # the first request fills caches (sites, permissions)
    few = queries()
    for n in range(3, 30):
        _item(staffed_site.column, f"稿件{n}", owner=p.author)
    assert queries() == few
    assert queries(f"{QUEUE_URL}?p=2") == few
    factories.login(client, p.officer)
    with django_assert_max_num_queries(20):
        assert client.get(QUEUE_URL).status_code == 200


def test_someone_with_nothing_waiting_sees_the_empty_message(client, staffed_site):
    _item(staffed_site.column, "一审稿件", owner=staffed_site.people.author)
    for person in (staffed_site.people.chief, factories.superuser()):
        response = _get(client, person)
        assert _titles(response) == []
        factories.assert_shows(response, QUEUE_EMPTY)


def test_the_queue_needs_a_login_and_is_in_the_admin_menu(client, staffed_site):
    response = client.get(QUEUE_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    home = _get(client, staffed_site.people.chief, "/admin/")
    assert reverse("editorial_queue") in home.content.decode()


# --- The dashboard's "awaiting your review" ---------------------------------------------------


def test_the_dashboard_shows_the_longest_waiting_and_the_way_to_the_whole_queue(
    client, staffed_site
):
    p = staffed_site.people
    items = [_item(staffed_site.column, f"稿件{n}", owner=p.author) for n in range(7)]
    now = timezone.now()
    for n, page in enumerate(items):
        _states_of(page).update(started_at=now - timedelta(days=10 - n))
    html = _get(client, p.officer, "/admin/").content.decode()
    shown = [page.title for page in items if f">{page.title}</a>" in html]
    assert shown == [page.title for page in items[:5]]  # the five longest-waiting
    assert f'href="{QUEUE_URL}"' in html
    assert "7" in html.split(f'href="{QUEUE_URL}"', 1)[1][:300]  # "all 7 items"
    # Wagtail's own panel, with its per-row action buttons, is gone.
    assert "data-workflow-action-url" not in html
    assert _get(client, p.chief, "/admin/").content.decode().count(QUEUE_URL + '"') <= 1


def test_the_dashboard_costs_the_same_queries_for_three_items_waiting_or_thirty(
    client, staffed_site
):
    p = staffed_site.people

    def queries() -> int:
        factories.login(client, p.officer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    for n in range(3):
        _item(staffed_site.column, f"稿件{n}", owner=p.author)
    queries()  # the first request fills caches (sites, permissions)
    few = queries()
    for n in range(3, 30):
        _item(staffed_site.column, f"稿件{n}", owner=p.author)
    assert queries() == few
