"""A unit's people (``staffed_site`` of tests/editorial) and what the leaver, its second
information officer, holds: a column, a draft, a page they locked, a 一审 waiting on them, a
reply to a citizen they were writing; and a newcomer in a section of the unit to take over."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from cms.organisation.models import Role, UnitKind
from knowledgebase.mailbox import services as mailbox
from knowledgebase.mailbox.models import Mailbox, MailboxKind
from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401
from tests.editorial.flow import current_stage, submit


@pytest.fixture
def holdings(client, staffed_site, django_capture_on_commit_callbacks):  # noqa: F811
    people = staffed_site.people
    section = factories.unit("综合科", parent=staffed_site.office, kind=UnitKind.SECTION)
    newcomer = factories.user("newcomer", unit=section, role=Role.SECTION_CHIEF)
    leaver = people.officer
    column = factories.column(
        staffed_site.site.root_page, "通知公告", owner=staffed_site.office, person=leaver
    )
    draft = factories.news(column, "离岗者的草稿", publish=False)
    draft.owner = leaver
    draft.save(update_fields=["owner"])
    locked = factories.news(column, "离岗者锁定的稿件")
    locked.locked, locked.locked_by, locked.locked_at = True, leaver, timezone.now()
    locked.save(update_fields=["locked", "locked_by", "locked_at"])
    # The author submits an item: 一审 is the information officers', and the leaver is the
    # only one besides its author.
    in_review = factories.news(staffed_site.column, "待一审的稿件", publish=False)
    in_review.owner = people.author
    in_review.save(update_fields=["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, people.author, in_review).status_code == 302
    assert current_stage(in_review) == "first_review"
    client.logout()
    box = Mailbox.objects.create(
        site=staffed_site.site, name="区长信箱", kind=MailboxKind.LEADER, unit=staffed_site.office
    )
    message = mailbox.message_submit(
        mailbox=box,
        submission=mailbox.Submission(
            subject="咨询社保", content="请问如何办理？", name="李秀英", mobile="13991234567"
        ),
    ).message
    mailbox.reply_write(message=message, user=leaver, text="您好，请携带身份证到窗口办理。")
    return SimpleNamespace(
        site=staffed_site,
        people=people,
        leaver=leaver,
        newcomer=newcomer,
        section=section,
        column=column,
        draft=draft,
        locked=locked,
        in_review=in_review,
        message=message,
    )
