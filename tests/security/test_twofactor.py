"""Two-step verification (cms/security/twofactor.py, django-otp) through the admin's real login
page: enrolment with a QR code drawn here and recovery codes shown once; the code after the
password, refused when wrong (recorded, counted toward the lockout) or replayed; a recovery code
good once; a required role sent to enrol; an administrator's reset.

The suite's settings leave two-step verification unrequired (SECURITY_2FA_REQUIRED off): every
test here that is about the requirement turns it on. Codes are computed from the device's key
with django-otp's own TOTP function, as an authenticator app computes them."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.organisation.models import Role
from cms.security import twofactor
from cms.security.models import EventKind, Outcome, SecurityEvent
from tests import factories
from tests.test_admin_chinese import english

from .helpers import LOG, sign_in, signed_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/account/two-factor/verify/"
ENROL = "/admin/account/two-factor/enrol/"
MANAGE = "/admin/account/two-factor/"
RENEW = "/admin/account/two-factor/recovery-codes/"
REMOVE = "/admin/account/two-factor/remove/"
LIMIT = 5


@pytest.fixture(autouse=True)
def _no_back_off(settings):
    """django-otp's back-off refuses a second try within a second of a wrong one; the tests
    here try faster than a person can type. The back-off has its own test below."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def staff(username: str, role=Role.INFO_OFFICER, unit=None):
    """A person who works in the admin (a role gives its access)."""
    return factories.user(username, unit=unit or factories.unit(), role=role)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or ``steps_ahead`` time steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits)
    return f"{value:0{device.digits}d}"


def enrolled(person) -> tuple[TOTPDevice, list[str]]:
    """``person`` with an authenticator and recovery codes, as enrolment leaves them."""
    device = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    return device, twofactor.renew_recovery_codes(person, recorded=False)


def kinds(person) -> list[str]:
    """The sign-in events of ``person``, in order (the role given by the test left out)."""
    events = SecurityEvent.objects.filter(account_id=person.pk).exclude(kind=EventKind.ROLE_GRANTED)
    return list(events.order_by("pk").values_list("kind", flat=True))


def opens_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_defaults():
    assert django_settings.SECURITY_2FA_RECOVERY_CODES == 10
    from cms.settings import base

    assert base.SECURITY_2FA_REQUIRED is True
    assert set(base.SECURITY_2FA_REQUIRED_ROLES) == {
        Role.SECTION_CHIEF,
        Role.DEPUTY_HEAD,
        Role.PRINCIPAL_HEAD,
        Role.SITE_ADMIN,
    }
    # The suite's own settings leave it off (its tests sign in thousands of times).
    assert django_settings.SECURITY_2FA_REQUIRED is False


def test_a_person_enrols_from_their_account_page(client):
    person = staff("zhangsan")
    assert signed_in(sign_in(client, "zhangsan", factories.PASSWORD))
    account = client.get("/admin/account/").content.decode()
    assert MANAGE in account and "两步验证" in account
    page = client.get(MANAGE).content.decode()
    assert "未启用" in page and not english(page, {"zhangsan"})
    page = client.get(ENROL).content.decode()
    # The QR code is drawn here, as SVG: nothing is fetched from elsewhere.
    assert "<svg" in page and "otpauth" not in page.split("<svg")[0]
    device = TOTPDevice.objects.get(user=person)
    assert not device.confirmed
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    # The key to type by hand is the only Latin on the page.
    assert not english(page, {"zhangsan", *secret.split()}), english(page, {"zhangsan"})
    assert secret.replace(" ", "") in device.config_url
    # A wrong code enables nothing.
    response = client.post(ENROL, {"otp_token": "000000"})
    assert response.status_code == 200 and "验证码错误" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    response = client.post(ENROL, {"otp_token": code(device)})
    page = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in page
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert EventKind.TWOFACTOR_ENROLLED in kinds(person)
    # Enrolled: the enrolment page is the management page now, and the codes are not shown again.
    assert client.get(ENROL)["Location"] == MANAGE
    page = client.get(MANAGE).content.decode()
    assert "剩余 10 个恢复码" in page
    assert not any(token in page for token in shown)


def test_the_sign_in_asks_for_the_code_before_any_admin_page(client):
    person = staff("lisi")
    device, _codes = enrolled(person)
    response = sign_in(client, "lisi", factories.PASSWORD)
    assert signed_in(response)
    # Signed in with the password only: every admin page sends to the code.
    for url in ("/admin/", "/admin/pages/", "/admin/account/", LOG, MANAGE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    # The admin's scripts and APIs are answered, not redirected.
    response = client.get("/admin/api/main/pages/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    page = client.get(VERIFY + "?next=/admin/pages/").content.decode()
    assert "验证码" in page and not english(page, {"lisi"}), english(page, {"lisi"})
    response = client.post(VERIFY, {"otp_token": code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert opens_admin(client)
    assert kinds(person) == [EventKind.LOGIN, EventKind.TWOFACTOR_VERIFIED]
    login = SecurityEvent.objects.get(account_id=person.pk, kind=EventKind.LOGIN)
    assert "验证码" in login.detail


def test_a_wrong_code_is_refused_recorded_and_counts_toward_the_lockout(client):
    person = staff("wangwu")
    enrolled(person)
    sign_in(client, "wangwu", factories.PASSWORD, "198.51.100.20")
    for _n in range(LIMIT - 1):
        response = client.post(VERIFY, {"otp_token": "123456"}, REMOTE_ADDR="198.51.100.20")
        assert response.status_code == 200 and "验证码错误" in response.content.decode()
    assert not opens_admin(client)
    failures = SecurityEvent.objects.filter(kind=EventKind.TWOFACTOR_FAILED, account_id=person.pk)
    assert failures.count() == LIMIT - 1
    assert {event.address for event in failures} == {"198.51.100.20"}
    # Counted by the lockout, with the code itself kept nowhere.
    attempt = AccessAttempt.objects.get(username="wangwu")
    assert attempt.failures_since_start == LIMIT - 1
    assert "123456" not in attempt.post_data
    assert EventKind.LOGIN_FAILED not in kinds(person)  # a wrong code is no wrong password
    # The fifth wrong code locks the account: signed out, told until when.
    response = client.post(VERIFY, {"otp_token": "654321"}, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # The password and even the right code are refused until it is unlocked.
    assert not signed_in(sign_in(client, "wangwu", factories.PASSWORD, "198.51.100.21"))


def test_a_code_is_good_once(client):
    person = staff("zhaoliu")
    device, _codes = enrolled(person)
    sign_in(client, "zhaoliu", factories.PASSWORD)
    used = code(device)
    assert client.post(VERIFY, {"otp_token": used}).status_code == 302
    assert opens_admin(client)
    client.post("/admin/logout/")
    # The same code again (still within its 30 seconds): refused, and recorded.
    sign_in(client, "zhaoliu", factories.PASSWORD)
    response = client.post(VERIFY, {"otp_token": used})
    assert response.status_code == 200 and "已使用" in response.content.decode()
    assert not opens_admin(client)
    assert kinds(person).count(EventKind.TWOFACTOR_FAILED) == 1
    # The app's next code is accepted.
    assert client.post(VERIFY, {"otp_token": code(device, steps_ahead=1)}).status_code == 302
    assert opens_admin(client)


def test_a_recovery_code_signs_in_once(client):
    person = staff("sunqi")
    _device, codes = enrolled(person)
    sign_in(client, "sunqi", factories.PASSWORD)
    assert client.post(VERIFY, {"otp_token": codes[0].upper()}).status_code == 302
    assert opens_admin(client)
    used = SecurityEvent.objects.get(kind=EventKind.RECOVERY_USED, account_id=person.pk)
    assert "9" in used.detail
    client.post("/admin/logout/")
    sign_in(client, "sunqi", factories.PASSWORD)
    assert client.post(VERIFY, {"otp_token": codes[0]}).status_code == 200
    assert not opens_admin(client)
    assert client.post(VERIFY, {"otp_token": codes[1]}).status_code == 302
    assert opens_admin(client)


def test_django_otps_back_off_holds_between_quick_tries(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    person = staff("houtui")
    device, _codes = enrolled(person)
    sign_in(client, "houtui", factories.PASSWORD)
    assert client.post(VERIFY, {"otp_token": "000000"}).status_code == 200
    # The right code within a second of a wrong one: refused all the same.
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 200
    assert not opens_admin(client)


@pytest.mark.parametrize("role", [Role.SECTION_CHIEF, Role.SITE_ADMIN, "superuser"])
def test_a_required_role_without_a_device_must_enrol_first(client, settings, role):
    settings.SECURITY_2FA_REQUIRED = True
    if role == "superuser":
        person = factories.superuser("chaoji")
    else:
        person = factories.user("chaoji", unit=factories.unit(), role=role)
    assert signed_in(sign_in(client, "chaoji", factories.PASSWORD))
    for url in ("/admin/", "/admin/pages/", "/admin/account/", MANAGE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), url
    page = client.get(ENROL).content.decode()
    assert "您的角色要求启用两步验证" in page
    device = TOTPDevice.objects.get(user=person)
    response = client.post(ENROL, {"otp_token": code(device), "next": "/admin/pages/"})
    assert response.status_code == 200 and "只显示这一次" in response.content.decode()
    assert opens_admin(client)
    # The next sign-in asks for the code.
    client.post("/admin/logout/")
    sign_in(client, "chaoji", factories.PASSWORD)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_role_not_required_may_go_without(client, settings):
    settings.SECURITY_2FA_REQUIRED = True
    factories.user("xinxiyuan", unit=factories.unit(), role=Role.INFO_OFFICER)
    assert signed_in(sign_in(client, "xinxiyuan", factories.PASSWORD))
    assert opens_admin(client)
    assert "未启用" in client.get(MANAGE).content.decode()


def test_with_the_switch_off_a_required_role_is_not_forced(client):
    factories.user("kezhang", unit=factories.unit(), role=Role.SECTION_CHIEF)
    assert signed_in(sign_in(client, "kezhang", factories.PASSWORD))
    assert opens_admin(client)


def test_new_recovery_codes_replace_the_old(client):
    person = staff("huanma")
    device, old = enrolled(person)
    sign_in(client, "huanma", factories.PASSWORD)
    client.post(VERIFY, {"otp_token": code(device)})
    page = client.post(RENEW).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert EventKind.RECOVERY_REGENERATED in kinds(person)
    client.post("/admin/logout/")
    sign_in(client, "huanma", factories.PASSWORD)
    assert client.post(VERIFY, {"otp_token": old[0]}).status_code == 200
    assert client.post(VERIFY, {"otp_token": new[0]}).status_code == 302


def test_removing_and_replacing_the_authenticator_needs_a_code(client, settings):
    person = staff("yichu")
    device, _codes = enrolled(person)
    sign_in(client, "yichu", factories.PASSWORD)
    client.post(VERIFY, {"otp_token": code(device)})
    response = client.post(REMOVE, {"otp_token": "000000", "then": ""})
    assert response["Location"] == MANAGE
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    # Replace: the old authenticator goes, enrolment of a new one follows.
    response = client.post(REMOVE, {"otp_token": code(device, steps_ahead=1), "then": "enrol"})
    assert response["Location"] == ENROL
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticToken.objects.filter(device__user=person).exists()
    assert EventKind.TWOFACTOR_REMOVED in kinds(person)
    assert opens_admin(client)  # not required: the session goes on


def _office_with_people():
    office = factories.unit("某区政府办公室")
    return (
        office,
        factories.user("wangzhan", unit=office, role=Role.SITE_ADMIN),
        factories.user("diushou", unit=office, role=Role.SECTION_CHIEF),
    )


def test_a_website_administrator_resets_a_lost_phone(client, settings):
    settings.SECURITY_2FA_REQUIRED = True
    _office, webmaster, person = _office_with_people()
    enrolled(person)
    admin_device, _codes = enrolled(webmaster)
    sign_in(client, "wangzhan", factories.PASSWORD)
    client.post(VERIFY, {"otp_token": code(admin_device)})
    log = client.get(LOG).content.decode()
    assert reverse("security_2fa_reset") in log
    page = client.get(reverse("security_2fa_reset"), {"username": "diushou"}).content.decode()
    assert "diushou" in page and "重置" in page
    assert TOTPDevice.objects.filter(user=person).exists()  # nothing happens on a GET
    response = client.post(reverse("security_2fa_reset_user", args=[person.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    reset = SecurityEvent.objects.get(kind=EventKind.TWOFACTOR_RESET)
    assert (reset.username, reset.actor, reset.outcome) == ("diushou", "wangzhan", Outcome.SUCCESS)
    # The person signs in with the password and must enrol again.
    client.post("/admin/logout/")
    sign_in(client, "diushou", factories.PASSWORD)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_nobody_else_resets(client):
    _office, _webmaster, person = _office_with_people()
    enrolled(person)
    other = factories.user("waidanwei", unit=factories.unit("另一单位"), role=Role.SITE_ADMIN)
    factories.login(client, other)
    response = client.post(reverse("security_2fa_reset_user", args=[person.pk]))
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=person).exists()
    factories.login(client, staff("putong"))
    assert client.post(reverse("security_2fa_reset_user", args=[person.pk])).status_code in (
        302,
        403,
    )
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.TWOFACTOR_RESET).exists()


def test_a_superuser_finds_the_reset_in_the_user_listing(client):
    factories.login(client, factories.superuser())
    person = staff("liebiao")
    page = client.get("/admin/users/").content.decode()
    assert reverse("security_2fa_reset_user", args=[person.pk]) in page


def test_the_operator_resets_from_the_command_line():
    from django.core.management import call_command

    person = staff("mingling")
    enrolled(person)
    call_command("security_reset_2fa", "mingling")
    assert not TOTPDevice.objects.filter(user=person).exists()
    event = SecurityEvent.objects.get(kind=EventKind.TWOFACTOR_RESET)
    assert "security_reset_2fa" in event.detail


def test_a_reset_while_the_code_is_due_sends_the_person_to_enrol(client, settings):
    settings.SECURITY_2FA_REQUIRED = True
    _office, _webmaster, person = _office_with_people()
    enrolled(person)
    sign_in(client, "diushou", factories.PASSWORD)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    # The phone is lost: the administrator resets it while the person waits at the code. The
    # waiting session ends with the reset; the next sign-in goes to enrolment.
    twofactor.reset(person, by="test")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    sign_in(client, "diushou", factories.PASSWORD)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_a_reset_ends_the_persons_open_sessions_not_the_administrators(client, settings):
    """Whoever found the lost phone may also hold a signed-in browser: the reset ends it."""
    from django.test import Client

    settings.SECURITY_2FA_REQUIRED = True
    _office, webmaster, person = _office_with_people()
    device, _codes = enrolled(person)
    admin_device, _codes = enrolled(webmaster)
    elsewhere = Client()
    sign_in(elsewhere, "diushou", factories.PASSWORD)
    elsewhere.post(VERIFY, {"otp_token": code(device)})
    assert elsewhere.get("/admin/").status_code == 200
    sign_in(client, "wangzhan", factories.PASSWORD)
    client.post(VERIFY, {"otp_token": code(admin_device)})
    response = client.post(reverse("security_2fa_reset_user", args=[person.pk]))
    assert response.status_code == 302
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 200


def test_a_person_asked_for_the_code_may_sign_out_instead(client):
    person = staff("likai")
    enrolled(person)
    sign_in(client, "likai", factories.PASSWORD)
    page = client.get(VERIFY).content.decode()
    assert 'action="/admin/logout/"' in page and 'method="post"' in page
    assert client.post("/admin/logout/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert kinds(person) == [EventKind.LOGIN, EventKind.LOGOUT]


def test_the_public_api_is_open_to_a_session_that_owes_its_code(client):
    enrolled(staff("gongkai"))
    sign_in(client, "gongkai", factories.PASSWORD)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.get("/api/v1/sites").status_code == 200
