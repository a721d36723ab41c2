"""The demo's accounts (cms/demo/newmedia.py): two running accounts a site, loaded once."""

import pytest

from cms.demo.newmedia import create_site_accounts
from newmedia.models import Account, AccountState

pytestmark = pytest.mark.django_db


def test_each_demo_site_gets_its_accounts_once(client, county):
    assert create_site_accounts({"portal": county.site}) == 2
    assert create_site_accounts({"portal": county.site}) == 0
    assert set(Account.objects.values_list("state", flat=True)) == {AccountState.RUNNING}
    names = [item["name"] for item in client.get("/api/v1/newmedia").json()["items"]]
    assert len(names) == 2
