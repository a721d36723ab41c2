"""The security log in the admin (cms/security/views.py): platform superusers see every event, a
网站管理员 those of the accounts in the units they administer, others nothing; filters; the CSV
export; the unlock, refused outside one's units."""

import csv
import io

import pytest

from cms.organisation.models import Role, RoleAssignment
from cms.security.models import EventKind, SecurityEvent
from tests import factories

from .helpers import LOG, UNLOCK, WRONG, locked, sign_in, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    county = factories.unit("渭滨区人民政府")
    education = factories.unit("渭滨区教育局", parent=county)
    other = factories.unit("金台区人民政府")
    return county, education, other


@pytest.fixture
def people(units):
    county, education, other = units
    return {
        "admin": factories.user("wangzhan", unit=county, role=Role.SITE_ADMIN),
        "inside": factories.user("jiaoyu", unit=education, role=Role.INFO_OFFICER),
        "outside": factories.user("jintai", unit=other, role=Role.INFO_OFFICER),
    }


def _lock(client, username: str, address: str) -> None:
    for _ in range(5):
        sign_in(client, username, WRONG, address)
    assert locked(sign_in(client, username, factories.PASSWORD, address))
    client.cookies.clear()


def test_a_superuser_sees_every_event_and_the_menu_says_so(client, people):
    sign_in(client, "jintai", WRONG, "192.0.2.60")
    factories.login(client, factories.superuser())
    response = client.get(LOG)
    assert response.status_code == 200
    text = response.content.decode()
    assert "安全日志" in text and "jintai" in text and "登录失败" in text
    # In the sidebar's menu (under 设置), which Wagtail sends as JSON.
    assert '"url": "/admin/security/log/"' in client.get("/admin/").content.decode()


def test_a_site_administrator_sees_only_accounts_in_their_units(client, people):
    sign_in(client, "jiaoyu", WRONG, "192.0.2.61")
    sign_in(client, "jintai", WRONG, "192.0.2.62")
    factories.login(client, people["admin"])
    text = client.get(LOG).content.decode()
    assert "jiaoyu" in text and "192.0.2.61" in text
    assert "jintai" not in text and "192.0.2.62" not in text
    assert '"url": "/admin/security/log/"' in client.get("/admin/").content.decode()


def test_others_see_no_log(client, people):
    factories.login(client, people["inside"])
    response = client.get(LOG)
    assert response.status_code in (302, 403)
    assert '"url": "/admin/security/log/"' not in client.get("/admin/").content.decode()


def test_a_site_administrator_unlocks_an_account_of_their_units(client, people):
    _lock(client, "jiaoyu", "192.0.2.63")
    factories.login(client, people["admin"])
    assert "jiaoyu" in client.get(LOG).content.decode()
    response = client.post(UNLOCK, {"username": "jiaoyu"}, REMOTE_ADDR="192.0.2.64")
    assert response.status_code == 302
    event = SecurityEvent.objects.filter(kind=EventKind.UNLOCKED).get()
    assert (event.username, event.actor) == ("jiaoyu", "wangzhan")
    client.logout()
    assert signed_in(sign_in(client, "jiaoyu", factories.PASSWORD, "192.0.2.63"))


def test_a_site_administrator_cannot_unlock_an_account_outside_their_units(client, people):
    _lock(client, "jintai", "192.0.2.65")
    factories.login(client, people["admin"])
    # Not offered, and refused when asked.
    assert 'value="jintai"' not in client.get(LOG).content.decode()
    response = client.post(UNLOCK, {"username": "jintai"}, follow=True)
    assert "您无权解锁该帐号" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=EventKind.UNLOCKED).exists()
    client.logout()
    assert locked(sign_in(client, "jintai", factories.PASSWORD, "192.0.2.66"))


def test_a_superuser_unlocks_any_account(client, people):
    _lock(client, "jintai", "192.0.2.67")
    factories.login(client, factories.superuser())
    client.post(UNLOCK, {"username": "jintai"})
    client.logout()
    assert signed_in(sign_in(client, "jintai", factories.PASSWORD, "192.0.2.67"))


def test_the_filters(client, people):
    sign_in(client, "jiaoyu", WRONG, "192.0.2.70")
    sign_in(client, "jintai", WRONG, "192.0.2.71")
    factories.login(client, factories.superuser())
    text = client.get(LOG, {"username": "jiaoyu"}).content.decode()
    assert "192.0.2.70" in text and "192.0.2.71" not in text
    text = client.get(LOG, {"kind": EventKind.LOGIN}).content.decode()
    assert "192.0.2.70" not in text
    text = client.get(LOG, {"outcome": "failure", "date_from": "2000-01-01"}).content.decode()
    assert "192.0.2.70" in text and "192.0.2.71" in text
    text = client.get(LOG, {"date_to": "2000-01-01"}).content.decode()
    assert "192.0.2.70" not in text
    # Bad input: a clear Chinese message.
    text = client.get(LOG, {"date_from": "2026-02-01", "date_to": "2026-01-01"}).content.decode()
    assert "开始日期晚于结束日期" in text


def test_the_csv_export(client, people):
    sign_in(client, "jiaoyu", WRONG, "192.0.2.80", agent="=HYPERLINK(1)")
    sign_in(client, "jintai", WRONG, "192.0.2.81")
    factories.login(client, people["admin"])
    response = client.get(LOG, {"export": "csv", "kind": EventKind.LOGIN_FAILED})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:4] == ["时间", "帐号", "事件", "结果"]
    assert [(row[1], row[2], row[3], row[4]) for row in rows[1:]] == [
        ("jiaoyu", "登录失败", "失败", "192.0.2.80")
    ]
    assert rows[1][5] == "'=HYPERLINK(1)"


def test_the_menu_entry_follows_a_role_given_and_taken(client, people, units):
    person = people["inside"]
    factories.login(client, person)
    home = "/admin/"
    assert '"url": "/admin/security/log/"' not in client.get(home).content.decode()
    granted = RoleAssignment.objects.create(user=person, unit=units[1], role=Role.SITE_ADMIN)
    assert '"url": "/admin/security/log/"' in client.get(home).content.decode()
    granted.delete()
    assert '"url": "/admin/security/log/"' not in client.get(home).content.decode()
