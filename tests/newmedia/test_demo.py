"""The demo's accounts (cms/demo/newmedia.py): two accounts a site, loaded once, each opened
through the lifecycle (request, the 主要负责人's approval, the platform office's filing) with a
QR code the filing froze for the public."""

import pytest
from wagtail.models import ModelLogEntry

from cms.demo.newmedia import create_site_accounts
from cms.organisation.models import Role
from newmedia.models import Account, AccountState, LifecycleStep, RequestStatus, StepKind
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_demo_site_gets_its_accounts_once_opened_through_the_lifecycle(client, county):
    head = factories.user("county_head", unit=county.government, role=Role.PRINCIPAL_HEAD)
    assert create_site_accounts({"portal": county.site}) == 2
    assert create_site_accounts({"portal": county.site}) == 0
    accounts = list(Account.objects.all())
    assert {account.state for account in accounts} == {AccountState.RUNNING}
    for account in accounts:
        request = account.requests.get()
        assert request.status == RequestStatus.DONE
        steps = {
            step.step: step.decided_by for step in LifecycleStep.objects.filter(request=request)
        }
        # The sponsor's (the office's) 网站管理员 asks; the county's 主要负责人 approves; the
        # platform office above the office (the county's 网站管理员) files.
        assert request.requested_by == county.people.webmaster
        assert steps == {StepKind.APPROVAL: head, StepKind.FILING: county.people.office_admin}
        assert account.qr_code is not None and account.public_qr_path
        assert ModelLogEntry.objects.filter(object_id=str(account.pk)).count() == 3
    items = client.get("/api/v1/newmedia").json()["items"]
    assert len(items) == 2
    assert all(item["qr_code_url"] for item in items)


def test_without_a_principal_head_the_accounts_wait_for_approval(client, county):
    assert create_site_accounts({"portal": county.site}) == 2
    assert set(Account.objects.values_list("state", flat=True)) == {AccountState.PREPARING}
    assert set(Account.objects.values_list("requests__status", flat=True)) == {
        RequestStatus.AWAITING_APPROVAL
    }
    assert client.get("/api/v1/newmedia").json()["items"] == []
