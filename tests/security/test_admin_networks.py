"""The admin and the editorial API only from ``ADMIN_ALLOWED_NETWORKS``; a Chinese 403 elsewhere."""

import pytest

from cms.security import networks

pytestmark = pytest.mark.django_db

INSIDE = "10.20.30.40"
OUTSIDE = "203.0.113.9"


@pytest.fixture
def allow_list(settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "2001:db8::/32"]


def test_without_a_list_the_admin_is_reached_from_anywhere(client):
    assert client.get("/admin/login/", REMOTE_ADDR=OUTSIDE).status_code == 200


def test_from_an_allowed_network_the_admin_answers(client, allow_list):
    assert client.get("/admin/login/", REMOTE_ADDR=INSIDE).status_code == 200
    assert client.get("/admin/login/", REMOTE_ADDR="2001:db8::7").status_code == 200
    # An IPv4 client seen through an IPv6 socket.
    assert client.get("/admin/login/", REMOTE_ADDR="::ffff:10.1.1.1").status_code == 200


def test_from_elsewhere_the_admin_is_refused_with_a_chinese_page(client, allow_list):
    for path in ("/admin/", "/admin/login/", "/admin/password_reset/", "/admin/pages/"):
        response = client.get(path, REMOTE_ADDR=OUTSIDE)
        assert response.status_code == 403, path
        assert str(networks.REFUSED) in response.content.decode()
        assert "不能访问本平台的管理后台" in response.content.decode()


def test_a_sign_in_from_elsewhere_never_reaches_the_password_check(
    client, allow_list, django_user_model
):
    django_user_model.objects.create_user("wang", password="Zhengwu#2026", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "wang", "password": "Zhengwu#2026"}, REMOTE_ADDR=OUTSIDE
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_editorial_api_is_refused_in_json(client, allow_list):
    response = client.get("/api/editorial/v1/queue", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403
    assert response.json() == {"detail": str(networks.REFUSED)}
    assert client.get("/api/editorial/v1/queue", REMOTE_ADDR=INSIDE).status_code != 403


def test_the_public_api_is_not_restricted(client, allow_list):
    assert client.get("/api/v1/sites", REMOTE_ADDR=OUTSIDE).status_code == 200


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(client, allow_list, settings):
    # A client outside naming an inside address itself is still outside.
    forged = client.get("/admin/login/", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR=INSIDE)
    assert forged.status_code == 403
    settings.PUBLICAPI_TRUSTED_PROXIES = frozenset({"192.0.2.1"})
    via_proxy = client.get("/admin/login/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=INSIDE)
    assert via_proxy.status_code == 200
    outside_via_proxy = client.get(
        "/admin/login/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"{INSIDE}, {OUTSIDE}"
    )
    assert outside_via_proxy.status_code == 403


def test_a_malformed_list_fails_loudly(client, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "not-a-network"]
    with pytest.raises(Exception, match="ADMIN_ALLOWED_NETWORKS"):
        client.get("/admin/login/", REMOTE_ADDR=INSIDE)
