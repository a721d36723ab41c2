"""The login audit (cms/security/): every kind of event lands in the security log with its
outcome, account, address (REMOTE_ADDR, or what a trusted proxy passes on) and user agent."""

import pytest
from django.contrib.auth import get_user_model

from cms.organisation.models import Role, RoleAssignment
from cms.security.models import EventKind, Outcome, SecurityEvent
from tests import factories

from .helpers import UNLOCK, WRONG, sign_in, signed_in

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def _last(kind):
    return SecurityEvent.objects.filter(kind=kind).first()


def test_a_sign_in_and_a_sign_out(client):
    # An account with a role: Wagtail's logout is for those who may use the admin.
    factories.user("denglu", unit=factories.unit(), role=Role.INFO_OFFICER)
    assert signed_in(sign_in(client, "denglu", factories.PASSWORD, "192.0.2.20"))
    event = _last(EventKind.LOGIN)
    assert (event.username, event.outcome, event.address) == (
        "denglu",
        Outcome.SUCCESS,
        "192.0.2.20",
    )
    assert event.user_agent == "Mozilla/5.0 (测试浏览器)"
    assert event.account_id == get_user_model().objects.get(username="denglu").pk
    client.post("/admin/logout/", REMOTE_ADDR="192.0.2.21")
    logout = _last(EventKind.LOGOUT)
    assert (logout.username, logout.outcome, logout.address) == (
        "denglu",
        Outcome.SUCCESS,
        "192.0.2.21",
    )


def test_a_failure_keeps_the_name_typed_even_when_it_is_nobodys(client):
    sign_in(client, "nobody-here", WRONG, "192.0.2.30")
    event = _last(EventKind.LOGIN_FAILED)
    assert (event.username, event.outcome, event.address, event.account_id) == (
        "nobody-here",
        Outcome.FAILURE,
        "192.0.2.30",
        None,
    )


def test_the_user_agent_is_bounded(client):
    sign_in(client, "changua", WRONG, agent="A" * 5000)
    assert len(_last(EventKind.LOGIN_FAILED).user_agent) == 255


def test_a_lockout_and_an_unlock(client):
    factories.user("suoding")
    for _ in range(5):
        sign_in(client, "suoding", WRONG, "192.0.2.40")
    locked = _last(EventKind.LOCKED_OUT)
    assert (locked.username, locked.outcome, locked.address) == (
        "suoding",
        Outcome.REFUSED,
        "192.0.2.40",
    )
    admin = factories.superuser()
    factories.login(client, admin)
    client.post(UNLOCK, {"username": "suoding"}, REMOTE_ADDR="192.0.2.41")
    unlocked = _last(EventKind.UNLOCKED)
    assert (unlocked.username, unlocked.outcome, unlocked.actor, unlocked.address) == (
        "suoding",
        Outcome.SUCCESS,
        admin.username,
        "192.0.2.41",
    )


def test_a_password_change_through_the_account_page(client):
    person = factories.user(
        "gaimima", unit=factories.unit(), role=Role.INFO_OFFICER, first_name="明", last_name="王"
    )
    factories.login(client, person)
    data = factories.form_data(
        client.get("/admin/account/").content, containing="password-new_password1"
    )
    new = "Xinmima#Gov-2026"
    data.update(
        {
            "password-old_password": factories.PASSWORD,
            "password-new_password1": new,
            "password-new_password2": new,
        }
    )
    client.post("/admin/account/", data, REMOTE_ADDR="192.0.2.50")
    person.refresh_from_db()
    assert person.check_password(new)
    event = _last(EventKind.PASSWORD_CHANGED)
    assert (event.username, event.outcome, event.address, event.actor) == (
        "gaimima",
        Outcome.SUCCESS,
        "192.0.2.50",
        "",
    )


def test_a_new_account_and_a_save_without_the_password_change_no_password():
    person = factories.user("xinzhanghao")
    person.first_name = "红"
    person.save()
    person.set_password(factories.PASSWORD)  # the same password, hashed anew: still a change
    person.save(update_fields=["first_name"])
    assert not SecurityEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED).exists()


def test_roles_given_and_taken():
    unit = factories.unit("渭滨区财政局")
    person = factories.user("juese")
    assignment = RoleAssignment.objects.create(user=person, unit=unit, role=Role.SITE_ADMIN)
    granted = _last(EventKind.ROLE_GRANTED)
    assert (granted.username, granted.outcome) == ("juese", Outcome.SUCCESS)
    assert "渭滨区财政局" in granted.detail
    assignment.delete()
    revoked = _last(EventKind.ROLE_REVOKED)
    assert (revoked.username, revoked.account_id) == ("juese", person.pk)


def test_through_a_trusted_proxy_the_client_it_names(client, settings):
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({PROXY})
    sign_in(client, "daili", WRONG, PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.77")
    assert _last(EventKind.LOGIN_FAILED).address == "203.0.113.77"


def test_without_trust_the_proxy_itself(client, settings):
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset()
    sign_in(client, "daili", WRONG, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert _last(EventKind.LOGIN_FAILED).address == PROXY


def test_a_forwarded_value_that_is_no_address_is_not_taken(client, settings):
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({PROXY})
    sign_in(client, "daili", WRONG, PROXY, HTTP_X_FORWARDED_FOR="<script>")
    assert _last(EventKind.LOGIN_FAILED).address == PROXY


def test_clients_behind_a_trusted_proxy_are_locked_apart(client, settings):
    """Spraying through the proxy locks the client it names, not everyone behind the proxy."""
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({PROXY})
    for n in range(5):
        sign_in(client, f"zhanghao{n}", WRONG, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    factories.user("zhengchang")
    response = sign_in(
        client, "zhengchang", factories.PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.67"
    )
    assert signed_in(response)
