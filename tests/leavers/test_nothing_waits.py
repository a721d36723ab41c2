"""Nothing waits on an account that cannot log in (R35): after a person leaves, the monitoring
warns the next holder of the role, and the review tells the leaver's items' new owner."""

import pytest
from django.core import mail
from django.urls import reverse

from cms.leavers import services
from cms.organisation.models import Role, UnitKind
from monitoring.standing.warnings import nearest_holders
from tests import factories
from tests.editorial.flow import act, current_stage, submit

pytestmark = pytest.mark.django_db


def test_the_monitoring_warns_the_next_holder_when_the_nearest_has_left(db):
    county = factories.unit("某县人民政府", kind=UnitKind.GOVERNMENT)
    bureau = factories.unit("某县教育局", parent=county)
    county_admin = factories.user("county_admin", unit=county, role=Role.SITE_ADMIN)
    bureau_admin = factories.user("bureau_admin", unit=bureau, role=Role.SITE_ADMIN)
    assert nearest_holders([bureau.pk], Role.SITE_ADMIN) == [bureau_admin.pk]
    services.handover_perform(
        leaver=bureau_admin, successor=county_admin, actor=None, reason="退休"
    )
    # The bureau's role now has the successor, who is active.
    assert nearest_holders([bureau.pk], Role.SITE_ADMIN) == [county_admin.pk]


def test_the_monitoring_skips_a_holder_deactivated_without_a_handover(db):
    county = factories.unit("某县人民政府", kind=UnitKind.GOVERNMENT)
    bureau = factories.unit("某县教育局", parent=county)
    county_admin = factories.user("county_admin", unit=county, role=Role.SITE_ADMIN)
    bureau_admin = factories.user("bureau_admin", unit=bureau, role=Role.SITE_ADMIN)
    bureau_admin.is_active = False
    bureau_admin.save()
    assert nearest_holders([bureau.pk], Role.SITE_ADMIN) == [county_admin.pk]


def test_a_returned_item_of_the_leaver_is_told_to_the_successor(
    client, staffed_site, django_capture_on_commit_callbacks
):
    people = staffed_site.people
    leaver = people.officer
    section = factories.unit("综合科", parent=staffed_site.office, kind=UnitKind.SECTION)
    newcomer = factories.user("newcomer", unit=section, role=Role.SECTION_CHIEF)
    item = factories.news(staffed_site.column, "离岗者报审的稿件", publish=False)
    item.owner = leaver
    item.save(update_fields=["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client, leaver, item).status_code == 302
    assert current_stage(item) == "first_review"

    factories.login(client, people.webmaster)
    response = client.post(
        reverse("leavers_handover", args=[leaver.pk]),
        {"successor": newcomer.pk, "reason": "调任"},
    )
    assert response.status_code == 302

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, people.author, item, action="reject")
    assert current_stage(item) is None
    told = {address for message in mail.outbox for address in message.to}
    assert newcomer.email in told
    assert leaver.email not in told
