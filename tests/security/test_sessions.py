"""Sessions (cms/security/sessions.py) through the admin's real login page: a session idle past
SECURITY_IDLE_MINUTES is refused and sent to sign in again, told why; a sign-in while the
account is in use from another address or browser tells both sessions (or, with
SECURITY_SINGLE_SESSION, ends the older one); every such end is recorded.

The suite's settings turn the idle timeout off (its tests move the clock by hours while signed
in); these tests turn it on. The time of the last request is the one the session keeps: the
tests set it back as the passing of time would."""

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.organisation.models import Role
from cms.security import sessions
from cms.security.models import EventKind, LiveSession, Outcome, SecurityEvent
from tests import factories

from .helpers import sign_in, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _idle_timeout(settings):
    settings.SECURITY_IDLE_MINUTES = 30


def staff(username: str):
    return factories.user(username, unit=factories.unit(), role=Role.INFO_OFFICER)


def idle_for(client, seconds: int) -> None:
    """The session's last request ``seconds`` ago."""
    session = client.session
    session[sessions.LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def messages_on(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_the_default_is_thirty_minutes_and_one_session_is_not_forced():
    from cms.settings import base

    assert base.SECURITY_IDLE_MINUTES == 30
    assert base.SECURITY_SINGLE_SESSION is False


def test_a_session_idle_past_the_timeout_is_refused(client):
    person = staff("kongxian")
    assert signed_in(sign_in(client, "kongxian", factories.PASSWORD))
    assert client.get("/admin/").status_code == 200
    idle_for(client, 30 * 60 + 5)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
    page = messages_on(client, response)
    assert "由于 30 分钟内没有操作，会话已结束，请重新登录。" in page
    # Signed out for good: the next request is anonymous.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    event = SecurityEvent.objects.get(kind=EventKind.LOGOUT, account_id=person.pk)
    assert event.outcome == Outcome.IDLE and "30" in event.detail
    assert not LiveSession.objects.filter(user=person).exists()


def test_a_session_used_within_the_timeout_goes_on_and_is_kept_fresh(client):
    staff("huoyue")
    sign_in(client, "huoyue", factories.PASSWORD)
    idle_for(client, 29 * 60)
    assert client.get("/admin/").status_code == 200
    seen = client.session[sessions.LAST_SEEN_KEY]
    assert time.time() - seen < 5
    # Within a minute of that, the session is not written again.
    assert client.get("/admin/").status_code == 200
    assert client.session[sessions.LAST_SEEN_KEY] == seen


def test_a_script_of_an_idle_session_is_answered_in_json(client):
    staff("jiaoben")
    sign_in(client, "jiaoben", factories.PASSWORD)
    idle_for(client, 31 * 60)
    response = client.get("/admin/api/main/pages/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 401 and "30 分钟" in response.json()["detail"]


def test_a_sign_in_while_in_use_elsewhere_tells_both(client):
    person = staff("gongyong")
    office = client
    assert signed_in(sign_in(office, "gongyong", factories.PASSWORD, "192.0.2.31"))
    assert office.get("/admin/").status_code == 200
    elsewhere = Client()
    response = sign_in(elsewhere, "gongyong", factories.PASSWORD, "203.0.113.77")
    page = messages_on(elsewhere, response)
    assert "您的帐号同时在 192.0.2.31 登录" in page
    # The first session is told at its next request, once.
    page = office.get("/admin/").content.decode()
    assert "在 203.0.113.77 登录" in page and "帐号仅限本人使用" in page
    assert "203.0.113.77" not in office.get("/admin/").content.decode()
    assert office.get("/admin/").status_code == 200  # told, not ended
    event = SecurityEvent.objects.get(kind=EventKind.CONCURRENT_SESSION)
    assert event.account_id == person.pk and event.outcome == Outcome.NOTIFIED
    assert event.address == "203.0.113.77" and "192.0.2.31" in event.detail


def test_another_browser_at_the_same_address_counts_too(client):
    staff("liulanqi")
    sign_in(client, "liulanqi", factories.PASSWORD, "192.0.2.40", agent="Firefox/140")
    other = Client()
    response = sign_in(other, "liulanqi", factories.PASSWORD, "192.0.2.40", agent="Chrome/140")
    assert "同时在 192.0.2.40 登录" in messages_on(other, response)


def test_signing_in_again_from_the_same_place_is_no_concurrent_use(client):
    staff("tongyi")
    sign_in(client, "tongyi", factories.PASSWORD, "192.0.2.50")
    again = Client()
    response = sign_in(again, "tongyi", factories.PASSWORD, "192.0.2.50")
    assert "同时在" not in messages_on(again, response)
    assert not SecurityEvent.objects.filter(kind=EventKind.CONCURRENT_SESSION).exists()


def test_a_signed_out_or_idle_session_is_not_in_use(client):
    staff("tuichu")
    sign_in(client, "tuichu", factories.PASSWORD, "192.0.2.60")
    client.post("/admin/logout/")
    other = Client()
    response = sign_in(other, "tuichu", factories.PASSWORD, "192.0.2.61")
    assert "同时在" not in messages_on(other, response)
    # One idle past the timeout neither.
    LiveSession.objects.update(last_seen=LiveSession.objects.get().last_seen.replace(year=2020))
    third = Client()
    response = sign_in(third, "tuichu", factories.PASSWORD, "192.0.2.62")
    assert "同时在" not in messages_on(third, response)


def test_with_one_session_only_the_older_is_ended(client, settings):
    settings.SECURITY_SINGLE_SESSION = True
    person = staff("dandian")
    office = client
    sign_in(office, "dandian", factories.PASSWORD, "192.0.2.71")
    elsewhere = Client()
    response = sign_in(elsewhere, "dandian", factories.PASSWORD, "203.0.113.71")
    assert "该会话已被结束" in messages_on(elsewhere, response)
    response = office.get("/admin/")
    assert response["Location"].startswith("/admin/login/")
    assert "您的帐号已在别处登录，本会话已结束" in messages_on(office, response)
    assert elsewhere.get("/admin/").status_code == 200
    ended = SecurityEvent.objects.get(kind=EventKind.LOGOUT, outcome=Outcome.REPLACED)
    assert ended.account_id == person.pk
    concurrent = SecurityEvent.objects.get(kind=EventKind.CONCURRENT_SESSION)
    assert concurrent.outcome == Outcome.REPLACED


def test_the_password_alone_tells_nobody_when_a_code_is_due(client, settings):
    """Whoever has only the password learns nothing of the other session, nor ends it."""
    settings.SECURITY_SINGLE_SESSION = True
    person = staff("mima")
    device = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    sign_in(client, "mima", factories.PASSWORD, "192.0.2.81")
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/admin/account/two-factor/verify/", {"otp_token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    intruder = Client()
    sign_in(intruder, "mima", factories.PASSWORD, "203.0.113.81")
    page = intruder.get("/admin/account/two-factor/verify/").content.decode()
    assert "192.0.2.81" not in page
    assert client.get("/admin/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=EventKind.CONCURRENT_SESSION).exists()
