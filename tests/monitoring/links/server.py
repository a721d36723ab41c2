"""A real HTTP server on loopback for the link checks' tests: nothing outside is contacted.

Its paths answer as the web does: ``/ok`` 200, ``/moved`` 301 to ``/ok``, ``/missing`` 404,
``/broken`` 500, ``/no-head`` refuses HEAD (405) and answers GET, ``/slow`` waits longer than
the tests' read timeout, ``/loop`` redirects to itself, ``/flaky/<n>/<name>`` answers 503 to its
first ``n`` requests and 200 after, ``/pause/<name>`` takes a moment (to see overlaps). Every
request is recorded with its host, method, path, start and end; the server counts how many
requests are in flight at once, per host and in all.
"""

import socket
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 1.5
PAUSE_SECONDS = 0.2


@dataclass
class Record:
    host: str
    method: str
    path: str
    start: float
    end: float = 0.0


@dataclass
class Recorder:
    requests: list[Record] = field(default_factory=list)
    in_flight: Counter = field(default_factory=Counter)
    max_in_flight: Counter = field(default_factory=Counter)
    max_total: int = 0
    hits: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_host(self) -> dict[str, list[Record]]:
        grouped = defaultdict(list)
        for record in self.requests:
            grouped[record.host].append(record)
        return grouped


class _Handler(BaseHTTPRequestHandler):
    recorder: Recorder

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, headers: dict | None = None, body: bytes = b"ok") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self) -> None:
        recorder = self.recorder
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        record = Record(host, self.command, self.path, time.monotonic())
        with recorder.lock:
            recorder.requests.append(record)
            recorder.in_flight[host] += 1
            recorder.max_in_flight[host] = max(
                recorder.max_in_flight[host], recorder.in_flight[host]
            )
            recorder.max_total = max(recorder.max_total, sum(recorder.in_flight.values()))
            recorder.hits[self.path] += 1
            hits = recorder.hits[self.path]
        try:
            self._route(hits)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with recorder.lock:
                record.end = time.monotonic()
                recorder.in_flight[host] -= 1

    def _route(self, hits: int) -> None:
        path = self.path.split("?")[0]
        if path == "/ok":
            self._answer(200)
        elif path == "/moved":
            self._answer(301, {"Location": "/ok"})
        elif path == "/missing":
            self._answer(404)
        elif path == "/broken":
            self._answer(500)
        elif path == "/head-forbidden":
            self._answer(403 if self.command == "HEAD" else 200)
        elif path == "/no-head":
            self._answer(405 if self.command == "HEAD" else 200, {"Allow": "GET"})
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200)
        elif path == "/loop":
            self._answer(302, {"Location": "/loop"})
        elif path.startswith("/flaky/"):
            failures = int(path.split("/")[2])
            self._answer(503 if hits <= failures else 200)
        elif path.startswith("/pause/"):
            time.sleep(PAUSE_SECONDS)
            self._answer(200)
        else:
            self._answer(404)

    do_GET = _serve
    do_HEAD = _serve


class LoopbackServer:
    def __init__(self):
        self.recorder = Recorder()
        handler = type("Handler", (_Handler,), {"recorder": self.recorder})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
