"""The sign-in lockout (cms/security/lockout.py) through the admin's login page: password
spraying from one address and brute force on one account from many are refused after five
failures, with a Chinese message saying when to try again; the limit is a boundary."""

import io
import re
from datetime import datetime, timedelta

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.security.models import EventKind, SecurityEvent
from tests import factories

from .helpers import WRONG, locked, sign_in, signed_in

pytestmark = pytest.mark.django_db

LIMIT = 5


def test_the_defaults():
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_password_spraying_from_one_address_is_refused_after_the_limit(client):
    people = [factories.user(f"penshe{n}") for n in range(6)]
    for person in people[: LIMIT - 1]:
        response = sign_in(client, person.username, WRONG, "198.51.100.7")
        assert response.status_code == 200 and not locked(response)
    # The fifth failure reaches the limit: the address is locked from then on.
    assert locked(sign_in(client, people[4].username, WRONG, "198.51.100.7"))
    # The sixth account, with its right password, from that address: refused.
    assert locked(sign_in(client, people[5].username, factories.PASSWORD, "198.51.100.7"))
    # The same account from another address signs in: the address is locked, not the account.
    assert signed_in(sign_in(client, people[5].username, factories.PASSWORD, "198.51.100.8"))


def test_brute_force_on_one_account_from_many_addresses_is_refused(client):
    person = factories.user("baoli")
    for n in range(LIMIT - 1):
        sign_in(client, "baoli", WRONG, f"203.0.113.{n + 1}")
    # Four failures: the right password still signs in (the boundary).
    assert signed_in(sign_in(client, "baoli", factories.PASSWORD, "203.0.113.50"))
    client.logout()
    assert locked(sign_in(client, "baoli", WRONG, "203.0.113.5"))
    # The account is locked, from an address that never failed, even with its password.
    assert locked(sign_in(client, person.username, factories.PASSWORD, "203.0.113.99"))
    # Another account from those addresses is not.
    factories.user("linju")
    assert signed_in(sign_in(client, "linju", factories.PASSWORD, "203.0.113.1"))


def test_the_chinese_message_says_when_to_try_again(client):
    factories.user("wangwu")
    before = timezone.localtime()
    for _ in range(LIMIT):
        response = sign_in(client, "wangwu", WRONG)
    after = timezone.localtime()
    assert locked(response)
    text = response.content.decode()
    found = re.search(r"请于 (\d{4}-\d\d-\d\d \d\d:\d\d) 后重试", text)
    assert found, text[:3000]
    zone = timezone.get_current_timezone()
    when = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=zone)
    earliest = (before + timedelta(minutes=30)).replace(second=0, microsecond=0)
    assert earliest <= when <= after + timedelta(minutes=30)
    assert "登录失败次数过多" in text


def test_the_lock_ends_after_the_cool_off(client):
    person = factories.user("zhaoliu")
    for _ in range(LIMIT):
        sign_in(client, "zhaoliu", WRONG)
    assert locked(sign_in(client, "zhaoliu", factories.PASSWORD))
    # Thirty minutes and a second after the last failure (axes' records aged, as time would).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=30, seconds=1))
    assert signed_in(sign_in(client, person.username, factories.PASSWORD))


def test_an_operator_unlocks_an_account_and_an_address_from_the_command_line(client):
    factories.user("minglinghang")
    factories.user("dizhi")
    for _ in range(LIMIT):
        sign_in(client, "minglinghang", WRONG, "192.0.2.90")
    for n in range(LIMIT):
        sign_in(client, f"penshe-{n}", WRONG, "192.0.2.91")
    assert locked(sign_in(client, "minglinghang", factories.PASSWORD, "192.0.2.92"))
    assert locked(sign_in(client, "dizhi", factories.PASSWORD, "192.0.2.91"))
    out = io.StringIO()
    call_command("security_unlock", "minglinghang", stdout=out)
    call_command("security_unlock", "--address", "192.0.2.91", stdout=out)
    assert "已解锁地址 192.0.2.91" in out.getvalue()
    assert signed_in(sign_in(client, "minglinghang", factories.PASSWORD, "192.0.2.92"))
    client.logout()
    assert signed_in(sign_in(client, "dizhi", factories.PASSWORD, "192.0.2.91"))
    unlocks = SecurityEvent.objects.filter(kind=EventKind.UNLOCKED)
    assert unlocks.count() == 2
    assert all("security_unlock" in event.detail for event in unlocks)


def test_the_command_refuses_what_is_no_address():
    with pytest.raises(CommandError, match="不是 IP 地址"):
        call_command("security_unlock", "--address", "not-an-ip")
    with pytest.raises(CommandError, match="请指定"):
        call_command("security_unlock")


def test_the_production_backend_locks_out_and_refuses_a_sign_in_without_a_request(client, settings):
    settings.AUTHENTICATION_BACKENDS = ["cms.security.backends.LockoutModelBackend"]
    person = factories.user("shengchan")
    assert signed_in(sign_in(client, "shengchan", factories.PASSWORD))
    client.logout()
    for _ in range(LIMIT):
        sign_in(client, "shengchan", WRONG)
    assert locked(sign_in(client, person.username, factories.PASSWORD, "192.0.2.200"))
    # Without a request there is no address to count: refused, not let through.
    with pytest.raises(AxesBackendRequestParameterRequired):
        authenticate(username="shengchan", password=factories.PASSWORD)
