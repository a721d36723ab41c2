"""Who is told when the review moves (issue 3): real requests, Django's locmem mail backend.

Mail goes out after the transaction commits: the tests run the commit callbacks with
``django_capture_on_commit_callbacks(execute=True)``, and one transactional test lets the
database commit for real.
"""

import logging
import smtplib

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from wagtail.users.models import UserProfile

from cms.content.models import NewsPage
from cms.organisation.models import Role, RoleAssignment
from editorial.services import stage_act
from editorial.stages import Stage
from tests import factories

from .flow import act, current_stage, fresh, submit

pytestmark = pytest.mark.django_db

TITLE = "区政府召开防汛工作会议"


def _draft(staffed_site, title=TITLE):
    return factories.news(
        staffed_site.column, title, publish=False, owner=staffed_site.people.author
    )


def _to(outbox) -> set[str]:
    return {address for message in outbox for address in message.to}


def _addresses(*people) -> set[str]:
    return {person.email for person in people}


def _step(capture, client, person, page, action="approve", data=None):
    """``person`` acts over HTTP; the commit callbacks (the mail) run as after a real commit."""
    with capture(execute=True):
        response = act(client, person, page, action, data)
    assert response.status_code in (200, 302), response.content[:300]
    return response


def _submit(capture, client, person, page):
    with capture(execute=True):
        response = submit(client, person, page)
    assert response.status_code == 302
    return response


def test_an_opened_first_review_is_mailed_to_the_information_officers_of_the_unit_and_above(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    district_officer = factories.user(
        "district_officer", unit=staffed_site.office.get_parent(), role=Role.INFO_OFFICER
    )
    factories.superuser()  # Wagtail would tell every superuser of a submission: not here.
    item = _draft(staffed_site)

    _submit(django_capture_on_commit_callbacks, client, people.author, item)

    assert _to(mailoutbox) == _addresses(people.officer, district_officer)
    assert len(mailoutbox) == 2
    message = mailoutbox[0]
    assert str(Stage.FIRST_REVIEW.label) in message.subject and TITLE in message.subject
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[item.pk])
    assert edit_url in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_each_stage_is_mailed_to_its_own_role_only_and_never_to_another_unit(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)

    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, client, people.officer, item)
    assert current_stage(item) == Stage.SECOND_REVIEW
    assert _to(mailoutbox) == _addresses(people.chief)  # not the chief of 财政局

    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, client, people.chief, item)
    assert current_stage(item) == Stage.THIRD_REVIEW
    assert _to(mailoutbox) == _addresses(people.deputy)  # not the heads of other bureaus

    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, client, people.deputy, item)
    assert current_stage(item) == Stage.FIRST_PROOF
    # 一校: the website administrator or an information officer of the unit.
    assert _addresses(people.webmaster, people.officer) <= _to(mailoutbox)
    outsiders = _addresses(
        people.chief, people.deputy, people.principal, people.outsider_chief, people.health_head
    )
    assert not _to(mailoutbox) & outsiders
    assert all(str(Stage.FIRST_PROOF.label) in message.subject for message in mailoutbox)


def test_the_author_and_whoever_approved_another_review_stage_are_not_asked(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    # The author and the first reviewer also hold the section chief's role.
    for person in (people.author, people.officer):
        RoleAssignment.objects.create(
            user=person, unit=staffed_site.office, role=Role.SECTION_CHIEF
        )
    item = _draft(staffed_site)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)
    assert people.author.email not in _to(mailoutbox)

    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, client, people.officer, item)
    assert _to(mailoutbox) == _addresses(people.chief)


def test_countersigning_is_mailed_to_the_heads_of_the_co_issuing_units(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    page = NewsPage.objects.get(pk=item.pk)
    page.co_issuing_units.set([staffed_site.education, staffed_site.health])
    page.save_revision(user=people.author)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)
    _step(django_capture_on_commit_callbacks, client, people.officer, item)

    mailoutbox.clear()
    _step(django_capture_on_commit_callbacks, client, people.chief, item)
    assert current_stage(item) == Stage.COUNTERSIGN
    assert _to(mailoutbox) == _addresses(people.education_head, people.health_head)


def test_a_returned_item_is_mailed_to_its_author_with_the_stage_the_returner_and_the_opinion(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    # Submitted by the website administrator on the author's behalf: both hear of the return.
    _submit(django_capture_on_commit_callbacks, client, people.webmaster, item)
    _step(django_capture_on_commit_callbacks, client, people.officer, item)

    mailoutbox.clear()
    opinion = "第二段数据与统计公报不一致，请核实后再报。"
    _step(
        django_capture_on_commit_callbacks,
        client,
        people.chief,
        item,
        "reject",
        {"opinion": opinion},
    )

    # One message each: Wagtail's own "rejected" mail stands aside for the review workflow.
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        _addresses(people.author, people.webmaster)
    )
    for message in mailoutbox:
        assert str(Stage.SECOND_REVIEW.label) in message.subject
        assert opinion in message.body
        assert people.chief.get_username() in message.body
        assert TITLE in message.body


def test_the_author_is_told_when_the_last_approval_publishes_the_item(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)
    for person in (people.officer, people.chief, people.deputy, people.webmaster, people.chief):
        _step(django_capture_on_commit_callbacks, client, person, item)
    mailoutbox.clear()

    _step(django_capture_on_commit_callbacks, client, people.deputy, item)

    assert fresh(item).live
    assert _to(mailoutbox) == _addresses(people.author)
    [message] = mailoutbox
    assert TITLE in message.subject
    assert reverse("wagtailadmin_pages:history", args=[item.pk]) in message.body


def test_a_person_who_turned_notifications_off_gets_none(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    district_officer = factories.user(
        "district_officer", unit=staffed_site.office.get_parent(), role=Role.INFO_OFFICER
    )
    profile = UserProfile.get_for_user(people.officer)
    profile.submitted_notifications = False
    profile.save()
    item = _draft(staffed_site)

    _submit(django_capture_on_commit_callbacks, client, people.author, item)

    assert _to(mailoutbox) == _addresses(district_officer)


def test_nothing_is_mailed_for_a_step_whose_transaction_is_rolled_back(
    client, staffed_site, mailoutbox, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)
    mailoutbox.clear()
    state = fresh(item).current_workflow_task_state

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            stage_act(state, people.officer, "reject", {"opinion": "请补充数据来源。"})
            raise RuntimeError("the request failed after the return")

    assert current_stage(item) == Stage.FIRST_REVIEW
    assert mailoutbox == []


def _awaiting_your_review(client, person) -> str:
    """The dashboard's "awaiting your review" panel as ``person`` sees it ("" when absent)."""
    factories.login(client, person)
    dashboard = client.get("/admin/").content.decode()
    start = dashboard.find('id="awaiting-review-section"')
    return "" if start < 0 else dashboard[start : dashboard.index("</table>", start)]


def test_a_reviewers_dashboard_lists_the_item_awaiting_their_decision(
    client, staffed_site, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    item = _draft(staffed_site)
    _submit(django_capture_on_commit_callbacks, client, people.author, item)

    assert TITLE not in _awaiting_your_review(client, people.chief)  # not their stage yet
    assert TITLE in _awaiting_your_review(client, people.officer)

    _step(django_capture_on_commit_callbacks, client, people.officer, item)
    assert TITLE in _awaiting_your_review(client, people.chief)
    assert TITLE not in _awaiting_your_review(client, people.officer)


class UnreachableMailServer(BaseEmailBackend):
    """Stands in for an SMTP server that is down (there is none on this machine)."""

    def open(self):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, email_messages):
        self.open()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_failure_is_logged_and_the_approval_stands(client, staffed_site, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    people = staffed_site.people
    item = _draft(staffed_site)
    assert submit(client, people.author, item).status_code == 302

    with caplog.at_level(logging.ERROR):
        response = act(client, people.officer, item)

    assert response.status_code == 302
    assert current_stage(item) == Stage.SECOND_REVIEW
    assert any(
        "notification" in record.getMessage() and record.exc_info for record in caplog.records
    )
