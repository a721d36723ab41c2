"""A person leaves (R35): the 网站管理员 hands everything they hold to a successor in one POST;
the account is deactivated, its sessions end, the handover is recorded; a refused handover
changes nothing; nothing is left waiting on an account that cannot log in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from cms.content.models import ColumnPage
from cms.leavers import services
from cms.leavers.models import Handover
from cms.organisation.models import Role, RoleAssignment
from cms.security.models import EventKind, SecurityEvent
from editorial.handover import NOBODY_AFTER
from editorial.stages import Stage
from knowledgebase.mailbox import services as mailbox
from knowledgebase.mailbox.models import Reply
from tests import factories
from tests.editorial.flow import act, current_stage

pytestmark = pytest.mark.django_db

REASON = "调任区财政局"


def _url(person):
    return reverse("leavers_handover", args=[person.pk])


def _post(client, actor, leaver, successor, reason=REASON):
    factories.login(client, actor)
    return client.post(
        _url(leaver), {"successor": successor.pk if successor else "", "reason": reason}
    )


def _fresh(person):
    return get_user_model().objects.get(pk=person.pk)


def test_the_preview_lists_what_the_leaver_holds(client, holdings):
    factories.login(client, holdings.people.webmaster)
    response = client.get(_url(holdings.leaver))
    assert response.status_code == 200
    preview = {part.key: count for part, count in response.context["preview"]}
    assert preview["roles"] == 1
    assert preview["columns"] == 1
    assert preview["pages"] == 1  # the draft (the column's owner is who created it)
    assert preview["locks"] == 1
    assert preview["review_stages"] == 1
    assert preview["mailbox_replies"] == 1
    content = response.content.decode()
    assert "负责的栏目" in content and "newcomer" in content


def test_one_post_hands_everything_over_and_deactivates_the_leaver(client, holdings):
    leaver, newcomer = holdings.leaver, holdings.newcomer
    other = type(client)()
    factories.login(other, leaver)
    assert other.get("/admin/").status_code == 200

    response = _post(client, holdings.people.webmaster, leaver, newcomer)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("leavers_history")

    # The roles: the newcomer is an information officer of the unit now.
    assert RoleAssignment.objects.filter(
        user=newcomer, unit=holdings.site.office, role=Role.INFO_OFFICER
    ).exists()
    # The column: on its row, in its live and latest revision.
    column = ColumnPage.objects.get(pk=holdings.column.pk)
    assert column.responsible_person_id == newcomer.pk
    assert column.live_revision.as_object().responsible_person_id == newcomer.pk
    assert not column.has_unpublished_changes
    # The draft, and its history says so.
    assert Page.objects.get(pk=holdings.draft.pk).owner_id == newcomer.pk
    assert PageLogEntry.objects.filter(page=holdings.draft, action="leavers.handover").exists()
    # The lock is released.
    locked = Page.objects.get(pk=holdings.locked.pk)
    assert not locked.locked and locked.locked_by_id is None
    # The reply to the citizen.
    assert Reply.objects.get(message=holdings.message).written_by_id == newcomer.pk

    # The account: inactive, no usable password, its session ended.
    gone = _fresh(leaver)
    assert not gone.is_active and not gone.has_usable_password()
    assert other.get("/admin/").status_code == 302

    # The record, and the security log.
    record = Handover.objects.get()
    assert (record.leaver, record.successor, record.actor) == (
        gone,
        newcomer,
        holdings.people.webmaster,
    )
    assert record.reason == REASON
    counts = {key: entry["count"] for key, entry in record.counts.items()}
    assert counts == {
        "review_stages": 1,
        "roles": 1,
        "columns": 1,
        "pages": 1,
        "locks": 1,
        "mailbox_replies": 1,
    }
    event = SecurityEvent.objects.get(kind=EventKind.HANDED_OVER, account_id=leaver.pk)
    assert event.actor == holdings.people.webmaster.get_username()
    assert f"#{record.pk}" in event.detail or str(record.pk) in event.detail

    # The history lists it.
    history = client.get(reverse("leavers_history"))
    assert "newcomer" in history.content.decode() and REASON in history.content.decode()


def test_the_successor_acts_where_the_leaver_would_have(client, holdings):
    assert (
        _post(client, holdings.people.webmaster, holdings.leaver, holdings.newcomer).status_code
        == 302
    )
    # The 一审 that waited on the leaver: the newcomer approves it through the editor.
    response = act(client, holdings.newcomer, holdings.in_review)
    assert response.status_code in (200, 302)
    assert current_stage(holdings.in_review) == Stage.SECOND_REVIEW
    # The reply: the newcomer submits it; a section chief other than its writer approves.
    mailbox.reply_submit(message=holdings.message, user=holdings.newcomer)
    mailbox.reply_approve(message=holdings.message, user=holdings.people.chief)


def test_an_inactive_successor_is_refused_and_nothing_changes(client, holdings):
    retired = factories.user("retired", unit=holdings.section, role=Role.INFO_OFFICER)
    retired.is_active = False
    retired.save()
    response = _post(client, holdings.people.webmaster, holdings.leaver, retired)
    assert response.status_code == 200
    factories.assert_shows(response, services.SUCCESSOR_INACTIVE)
    _assert_nothing_changed(holdings)


@pytest.mark.parametrize(
    ("successor", "message"),
    [
        ("leaver", services.SUCCESSOR_IS_LEAVER),
        ("outsider_chief", services.SUCCESSOR_NOT_IN_REACH),
        (None, services.SUCCESSOR_REQUIRED),
    ],
)
def test_a_successor_the_rules_refuse_changes_nothing(client, holdings, successor, message):
    person = None
    if successor == "leaver":
        person = holdings.leaver
    elif successor:
        person = getattr(holdings.people, successor)
    response = _post(client, holdings.people.webmaster, holdings.leaver, person)
    assert response.status_code == 200
    factories.assert_shows(response, message)
    _assert_nothing_changed(holdings)


def test_a_reason_is_required(client, holdings):
    response = _post(client, holdings.people.webmaster, holdings.leaver, holdings.newcomer, " ")
    factories.assert_shows(response, services.REASON_REQUIRED)
    _assert_nothing_changed(holdings)


def test_a_handover_that_would_leave_a_stage_with_nobody_is_refused_whole(client, holdings):
    """The author takes over: they wrote the item in 一审, so they cannot review it, and the
    leaver was its only other information officer."""
    response = _post(client, holdings.people.webmaster, holdings.leaver, holdings.people.author)
    assert response.status_code == 200
    content = response.content.decode()
    assert "《待一审的稿件》" in content
    assert str(NOBODY_AFTER).split("：")[0][:10] in content
    _assert_nothing_changed(holdings)


def _assert_nothing_changed(holdings):
    leaver = _fresh(holdings.leaver)
    assert leaver.is_active and leaver.has_usable_password()
    assert not Handover.objects.exists()
    assert ColumnPage.objects.get(pk=holdings.column.pk).responsible_person_id == leaver.pk
    assert Page.objects.get(pk=holdings.draft.pk).owner_id == leaver.pk
    assert Page.objects.get(pk=holdings.locked.pk).locked_by_id == leaver.pk
    assert Reply.objects.get(message=holdings.message).written_by_id == leaver.pk
    assert not RoleAssignment.objects.filter(user=holdings.newcomer, role=Role.INFO_OFFICER)
    assert not RoleAssignment.objects.filter(user=holdings.people.author, role=Role.SECTION_CHIEF)
    assert not SecurityEvent.objects.filter(account_id=leaver.pk, kind=EventKind.HANDED_OVER)


def test_only_people_in_reach(client, holdings):
    """A 网站管理员 of another unit neither sees nor hands over the leaver; nobody hands over
    their own work; people without the role get no page."""
    other_webmaster = factories.user(
        "other_webmaster", unit=holdings.site.health, role=Role.SITE_ADMIN
    )
    factories.login(client, other_webmaster)
    factories.assert_admin_denied(client.get(_url(holdings.leaver)))
    listing = client.get(reverse("leavers_people")).content.decode()
    assert f">{holdings.leaver.username}<" not in listing
    factories.login(client, holdings.people.webmaster)
    factories.assert_admin_denied(client.get(_url(holdings.people.webmaster)))
    assert f">{holdings.leaver.username}<" in client.get(reverse("leavers_people")).content.decode()
    factories.login(client, holdings.people.chief)
    factories.assert_admin_denied(client.get(reverse("leavers_people")))
    factories.assert_admin_denied(client.get(_url(holdings.leaver)))


def test_the_command_does_the_same(holdings, capsys):
    call_command("handover", "officer", "newcomer", reason=REASON)
    record = Handover.objects.get()
    assert record.actor is None and record.successor == holdings.newcomer
    assert not _fresh(holdings.leaver).is_active
    assert ColumnPage.objects.get(pk=holdings.column.pk).responsible_person == holdings.newcomer
    assert "负责的栏目：1" in capsys.readouterr().out


def test_the_command_refuses_an_inactive_successor(holdings):
    from django.core.management.base import CommandError

    holdings.newcomer.is_active = False
    holdings.newcomer.save()
    with pytest.raises(CommandError, match=str(services.SUCCESSOR_INACTIVE)):
        call_command("handover", "officer", "newcomer", reason=REASON)
    _assert_nothing_changed(holdings)


def test_unticking_active_in_wagtails_user_form_is_refused_while_they_hold_work(client, holdings):
    admin = factories.superuser()
    factories.login(client, admin)
    url = reverse("wagtailusers_users:edit", args=[holdings.leaver.pk])
    data = factories.form_data(client.get(url).content, containing="username")
    data.pop("is_active", None)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == _url(holdings.leaver)
    assert _fresh(holdings.leaver).is_active
    followed = client.get(response["Location"])
    assert "离岗交接" in followed.content.decode()


def test_a_person_who_holds_nothing_may_be_deactivated_in_wagtails_user_form(client, holdings):
    admin = factories.superuser()
    idle = factories.user("idle", first_name="闲", last_name="王")
    factories.login(client, admin)
    url = reverse("wagtailusers_users:edit", args=[idle.pk])
    data = factories.form_data(client.get(url).content, containing="username")
    data.pop("is_active", None)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] != _url(idle)
    assert not _fresh(idle).is_active


def test_wagtails_bulk_deactivation_is_refused_for_a_holder_of_work(client, holdings):
    admin = factories.superuser()
    factories.login(client, admin)
    url = (
        reverse("wagtail_bulk_action", args=["auth", "user", "set_active_state"])
        + f"?id={holdings.leaver.pk}"
    )
    response = client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 302 and response["Location"] == reverse("leavers_people")
    assert _fresh(holdings.leaver).is_active


def test_a_person_deactivated_before_is_handed_over_afterwards(holdings, capsys):
    """Someone deactivated before the handover existed still holds their column and draft:
    the handover moves them (the dry run lists them first and changes nothing)."""
    get_user_model().objects.filter(pk=holdings.leaver.pk).update(is_active=False)
    call_command("handover", "officer", "newcomer", reason=REASON, dry_run=True)
    assert "负责的栏目：1" in capsys.readouterr().out
    assert not Handover.objects.exists()
    call_command("handover", "officer", "newcomer", reason=REASON)
    assert ColumnPage.objects.get(pk=holdings.column.pk).responsible_person == holdings.newcomer
    assert Page.objects.get(pk=holdings.draft.pk).owner_id == holdings.newcomer.pk
