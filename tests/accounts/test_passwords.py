"""Passwords (R35): at least 8 characters, not all digits, not common — refused in the admin's
own password form — and changed every 90 days: an expired password leaves its owner nothing but
the account page (to change it) and logging out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    get_default_password_validators,
)
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Revision

from cms.accounts.middleware import PASSWORD_EXPIRED_MESSAGE
from cms.accounts.models import PasswordRecord
from cms.organisation.models import Role, RoleAssignment
from tests import factories

ACCOUNT = "/admin/account/"
EXPIRED_REDIRECT = ACCOUNT + "#password"
NEW_PASSWORD = "Weibin#Gov-2026"


def _validator_messages(kind, password, user) -> list[str]:
    """What the configured validator of ``kind`` says about ``password``."""
    (validator,) = [v for v in get_default_password_validators() if isinstance(v, kind)]
    with pytest.raises(ValidationError) as refused:
        validator.validate(password, user)
    return refused.value.messages


def _change_password(client, old: str, new: str):
    data = factories.form_data(client.get(ACCOUNT).content, containing="password-new_password1")
    data.update(
        {
            "password-old_password": old,
            "password-new_password1": new,
            "password-new_password2": new,
        }
    )
    return client.post(ACCOUNT, data)


def _record(user):
    return PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()


def _age(user, days: int) -> None:
    """Record that ``user`` last changed their password ``days`` ago."""
    PasswordRecord.objects.update_or_create(
        user=user, defaults={"changed_at": timezone.now() - timedelta(days=days)}
    )


@pytest.fixture
def officer(db):
    # Wagtail's account form asks for both names alongside the password.
    return factories.user(
        "xinxiyuan",
        unit=factories.unit("渭滨区教育局"),
        role=Role.INFO_OFFICER,
        first_name="明",
        last_name="王",
    )


def test_setting_a_password_records_when(officer):
    _age(officer, 200)
    officer.set_password(NEW_PASSWORD)
    officer.save()
    assert timezone.now() - _record(officer) < timedelta(minutes=1)


def test_a_new_account_counts_from_its_creation(client, officer):
    """``create_user`` stores a hash without calling ``set_password``: no record is written, and
    the age of the account stands in for the age of the password."""
    assert _record(officer) is None
    factories.login(client, officer)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("password", "kind"),
    [
        ("Zw#2026", MinimumLengthValidator),  # 7 characters
        ("83726154029", NumericPasswordValidator),
        ("qwertyuiop", CommonPasswordValidator),
        ("password123", CommonPasswordValidator),
    ],
)
def test_weak_password_is_refused_in_the_admin(client, officer, password, kind):
    _age(officer, 30)
    recorded = _record(officer)
    factories.login(client, officer)
    expected = _validator_messages(kind, password, officer)

    response = _change_password(client, factories.PASSWORD, password)

    assert response.status_code == 200
    for message in expected:
        factories.assert_shows(response, message)
    officer.refresh_from_db()
    assert officer.check_password(factories.PASSWORD)
    assert not officer.check_password(password)
    assert _record(officer) == recorded


def test_eight_characters_is_the_minimum(officer):
    (validator,) = [
        v for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)
    ]
    assert validator.min_length == 8
    validator.validate("Zw#20261", officer)


def test_good_password_is_accepted_and_recorded(client, officer):
    _age(officer, 30)
    factories.login(client, officer)

    response = _change_password(client, factories.PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert timezone.now() - _record(officer) < timedelta(minutes=1)


# --- Expiry ---------------------------------------------------------------------------------------


@pytest.fixture
def expired(officer):
    _age(officer, settings.PASSWORD_MAX_AGE_DAYS + 1)
    return officer


@pytest.fixture
def workplace(db):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=owner)
    column = factories.column(site.root_page, "政务要闻", owner=owner)
    return column, factories.news(column, "区政府召开常务会议")


def _log_in_through_the_form(client, user, password=factories.PASSWORD):
    response = client.post("/admin/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return response


def test_expired_password_sends_every_admin_page_to_the_account_page(client, expired):
    response = _log_in_through_the_form(client, expired)
    assert client.get(response["Location"])["Location"] == EXPIRED_REDIRECT

    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/reports/site-history/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == EXPIRED_REDIRECT, url

    account = client.get(ACCOUNT)
    assert account.status_code == 200
    factories.assert_shows(account, PASSWORD_EXPIRED_MESSAGE)


def test_expired_password_blocks_work_in_the_admin(client, officer, workplace):
    column, item = workplace
    RoleAssignment.objects.create(
        user=officer, unit=column.responsible_unit, role=Role.INFO_OFFICER
    )
    factories.login(client, officer)
    data = factories.page_form(client, f"/admin/pages/{item.pk}/edit/")
    _age(officer, settings.PASSWORD_MAX_AGE_DAYS + 1)
    revisions = Revision.objects.count()

    data["title"] = "过期后的修改"
    response = client.post(f"/admin/pages/{item.pk}/edit/", data)

    assert response["Location"] == EXPIRED_REDIRECT
    assert Revision.objects.count() == revisions
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert str(PASSWORD_EXPIRED_MESSAGE) in messages


def test_expired_user_can_log_out(client, expired):
    factories.login(client, expired)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] != EXPIRED_REDIRECT
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_changing_the_expired_password_opens_the_admin_again(client, expired):
    factories.login(client, expired)
    assert client.get("/admin/")["Location"] == EXPIRED_REDIRECT

    response = _change_password(client, factories.PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    _log_in_through_the_form(client, expired, NEW_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_expired_user_still_cannot_pick_a_weak_password(client, expired):
    factories.login(client, expired)
    response = _change_password(client, factories.PASSWORD, "12345678")
    assert response.status_code == 200
    assert client.get("/admin/")["Location"] == EXPIRED_REDIRECT


def test_password_younger_than_the_limit_is_not_expired(client, officer):
    _age(officer, settings.PASSWORD_MAX_AGE_DAYS - 1)
    factories.login(client, officer)
    assert client.get("/admin/").status_code == 200


def test_without_a_record_the_account_age_counts(client, officer):
    PasswordRecord.objects.filter(user=officer).delete()
    get_user_model().objects.filter(pk=officer.pk).update(
        date_joined=timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 5)
    )
    factories.login(client, officer)
    assert client.get("/admin/")["Location"] == EXPIRED_REDIRECT


def test_the_limit_follows_the_setting(client, officer, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 30
    _age(officer, 31)
    factories.login(client, officer)
    assert client.get("/admin/")["Location"] == EXPIRED_REDIRECT


@pytest.mark.django_db
def test_expired_password_does_not_block_the_public_api(client):
    person = factories.user("expired_reader")
    PasswordRecord.objects.update_or_create(
        user=person, defaults={"changed_at": timezone.now() - timedelta(days=200)}
    )
    client.force_login(person)
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/sites").status_code == 200
