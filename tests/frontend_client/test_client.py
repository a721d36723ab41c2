"""The public website's reading of the API (frontend/api.py): kept, revalidated with ETags,
the last good copy when the API fails. Against a real HTTP server on loopback that plays the
API; the clock is the test's, so "ten seconds later" takes no time."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frontend.api import ApiClient, NotFound, Refused, Store, Unavailable


class FakeApi:
    """What the server answers, by path, and what it was asked."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict | str, str | None]] = {}
        self.requests: list[tuple[str, str, dict, bytes]] = []


@pytest.fixture
def api():
    state = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.requests.append((self.command, self.path, dict(self.headers), body))
            status, payload, etag = state.routes.get(self.path, (404, {"detail": "无此页面"}, None))
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 07 Dec 2026 05:00:00 GMT")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    state.server = server
    yield state
    server.shutdown()
    server.server_close()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_client(api, clock, fresh=10.0, size=100):
    return ApiClient(api.url, fresh_seconds=fresh, timeout=2, store=Store(size), clock=clock)


def gets(api) -> int:
    return sum(1 for method, *_ in api.requests if method == "GET")


def test_an_answer_is_used_while_fresh_then_revalidated_with_its_etag(api):
    clock = Clock()
    client = make_client(api, clock)
    api.routes["/api/v1/sites/2"] = (200, {"name": "渭川区人民政府"}, '"v1"')
    first = client.get("/sites/2")
    assert first.data == {"name": "渭川区人民政府"} and first.etag == '"v1"'
    assert first.last_modified == "Mon, 07 Dec 2026 05:00:00 GMT"
    clock.now += 9
    assert client.get("/sites/2").data == first.data
    assert gets(api) == 1  # fresh: the API was not asked
    clock.now += 2
    again = client.get("/sites/2")
    assert again.data == first.data and not again.stale
    assert gets(api) == 2
    assert api.requests[-1][2].get("If-None-Match") == '"v1"'  # and it answered 304
    # A change is seen at the next revalidation.
    api.routes["/api/v1/sites/2"] = (200, {"name": "渭川区政府"}, '"v2"')
    clock.now += 11
    assert client.get("/sites/2").data == {"name": "渭川区政府"}


def test_a_page_taken_down_is_forgotten_at_the_next_revalidation(api):
    clock = Clock()
    client = make_client(api, clock)
    api.routes["/api/v1/sites/2/pages/9"] = (200, {"title": "旧闻"}, '"a"')
    client.get("/sites/2/pages/9")
    del api.routes["/api/v1/sites/2/pages/9"]
    clock.now += 10
    with pytest.raises(NotFound):
        client.get("/sites/2/pages/9")
    # No copy is left to be served as a "last good copy" when the API fails later.
    api.server.shutdown()
    api.server.server_close()
    clock.now += 10
    with pytest.raises(Unavailable):
        client.get("/sites/2/pages/9")


def test_the_last_good_copy_when_the_api_fails(api):
    clock = Clock()
    client = make_client(api, clock)
    api.routes["/api/v1/sites"] = (200, {"items": [1]}, None)
    client.get("/sites")
    api.routes["/api/v1/sites"] = (502, "<html>Bad gateway</html>", None)
    clock.now += 10
    served = client.get("/sites")
    assert served.data == {"items": [1]} and served.stale
    # A failing API is asked again only after another fresh period, not on every request.
    asked = gets(api)
    clock.now += 5
    assert client.get("/sites").stale and gets(api) == asked
    # It recovers: fresh again, and no longer stale.
    api.routes["/api/v1/sites"] = (200, {"items": [1, 2]}, None)
    clock.now += 10
    recovered = client.get("/sites")
    assert recovered.data == {"items": [1, 2]} and not recovered.stale


def test_an_api_that_cannot_be_reached_or_answers_nonsense(api):
    clock = Clock()
    client = make_client(api, clock)
    api.routes["/api/v1/sites"] = (200, "{not json", None)
    with pytest.raises(Unavailable):
        client.get("/sites")
    api.server.shutdown()
    api.server.server_close()
    with pytest.raises(Unavailable):
        client.get("/sites/3")


def test_a_refusal_carries_the_apis_reasons(api):
    client = make_client(api, Clock())
    api.routes["/api/v1/sites/2/search?q=%00"] = (
        400,
        {"detail": "请求参数无效。", "fields": {"q": "不能包含空字符。"}},
        None,
    )
    with pytest.raises(Refused) as refused:
        client.get("/sites/2/search", {"q": "\x00"})
    assert refused.value.status == 400
    assert refused.value.fields == {"q": "不能包含空字符。"}


def test_parameters_make_one_address_whatever_their_order(api):
    client = make_client(api, Clock())
    assert client.url("/p", {"b": 2, "a": 1, "c": None}) == client.url("/p", {"a": 1, "b": 2})


def test_the_store_keeps_the_most_recently_used(api):
    clock = Clock()
    client = make_client(api, clock, size=2)
    for number in range(3):
        api.routes[f"/api/v1/p/{number}"] = (200, {"n": number}, None)
    client.get("/p/0")
    client.get("/p/1")
    client.get("/p/0")  # fresh, and now the most recent
    client.get("/p/2")  # pushes out /p/1
    asked = gets(api)
    client.get("/p/0")
    assert gets(api) == asked
    client.get("/p/1")
    assert gets(api) == asked + 1


def test_a_form_is_sent_with_the_citizens_address_and_never_kept(api):
    client = make_client(api, Clock())
    api.routes["/api/v1/sites/2/mailboxes/1/messages"] = (201, {"code": "ABCD"}, None)
    answer = client.post(
        "/sites/2/mailboxes/1/messages",
        fields={"subject": "路灯不亮"},
        files=[("files", "photo.png", b"\x89PNG", "image/png")],
        client_address="203.0.113.7",
    )
    assert answer == {"code": "ABCD"}
    method, path, headers, body = api.requests[-1]
    assert method == "POST" and headers["X-Forwarded-For"] == "203.0.113.7"
    assert "路灯不亮".encode() in body and b'filename="photo.png"' in body
    client.post("/sites/2/mailboxes/1/messages", fields={"subject": "x"})
    assert [r[0] for r in api.requests] == ["POST", "POST"]
    api.routes["/api/v1/messages/lookup"] = (429, {"detail": "查询过于频繁，请稍后再试。"}, None)
    with pytest.raises(Refused) as refused:
        client.post("/messages/lookup", json_body={"code": "x"})
    assert refused.value.status == 429 and "频繁" in refused.value.detail
