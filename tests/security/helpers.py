"""Sign-ins through the admin's real login page, from a given address."""

LOGIN = "/admin/login/"
LOG = "/admin/security/log/"
UNLOCK = "/admin/security/unlock/"
WRONG = "Cuowu#Mima-0000"


def sign_in(client, username: str, password: str, address: str = "192.0.2.10", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=headers.pop("agent", "Mozilla/5.0 (测试浏览器)"),
        **headers,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and not response["Location"].startswith(LOGIN)


def locked(response) -> bool:
    return response.status_code == 429
