"""A real HTTP endpoint on loopback standing for a channel's webhook receiver: nothing outside
is contacted.

Paths: ``/ok`` 200; ``/flaky`` 500 to its first request, 200 after; ``/slow`` answers after
longer than the tests' read timeout; ``/reject`` 422 with a message; ``/hold`` records the
request, sets ``held`` and answers only when ``release`` is set (or after a minute). Every
request is recorded with its path, headers and body.
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 2.0
REJECT_MESSAGE = "栏目不存在"


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    requests: list[Received] = field(default_factory=list)
    hits: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def on(self, path: str) -> list[Received]:
        return [request for request in self.requests if request.path == path]


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"ok") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        receiver = self.receiver
        with receiver.lock:
            receiver.requests.append(Received(self.path, dict(self.headers), body))
            receiver.hits[self.path] += 1
            hits = receiver.hits[self.path]
        try:
            if self.path == "/ok":
                self._answer(200)
            elif self.path == "/flaky":
                self._answer(500 if hits == 1 else 200, b"busy" if hits == 1 else b"ok")
            elif self.path == "/slow":
                time.sleep(SLOW_SECONDS)
                self._answer(200)
            elif self.path == "/reject":
                self._answer(422, REJECT_MESSAGE.encode())
            elif self.path == "/hold":
                if hits == 1:
                    receiver.held.set()
                    receiver.release.wait(60)
                self._answer(200)
            else:
                self._answer(404, b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass


def start() -> tuple[ThreadingHTTPServer, Receiver]:
    receiver = Receiver()
    handler = type("Handler", (_Handler,), {"receiver": receiver})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    return server, receiver
