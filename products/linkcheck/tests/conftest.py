"""A real HTTP server on 127.0.0.1 for the link checker, and a guard that fails any
test in which something tries to resolve a host other than this machine.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup

from articles.factories import ArticlePageFactory
from products.linkcheck.checker import loopback_only

HOME = b"<html><body><h1>Startseite</h1></body></html>"
PRODUCT = (
    b"<html><body><h1>W\xc3\xa4rmekissen</h1><p>In den Warenkorb</p></body></html>"
)
CAPTCHA = (
    b"<html><body><h4>Geben Sie die Zeichen unten ein</h4>"
    b"<form action='/errors/validateCaptcha'></form></body></html>"
)
SLOW_SECONDS = 5.0
ELSEWHERE = "https://www.example.org/produkt"


class Recorder:
    """What the server saw: requests (method, path, start time) and peak concurrency."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str, float]] = []
        self.in_flight = 0
        self.peak = 0
        self.stop = threading.Event()
        # Answers that tests may change between runs: path -> status.
        self.overrides: dict[str, int] = {}


def make_handler(recorder: Recorder, delay: float = 0.0):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def answer(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def route(self):
            path = self.path.split("?")[0]
            if path in recorder.overrides:
                return self.answer(recorder.overrides[path], PRODUCT)
            if path == "/":
                return self.answer(200, HOME)
            if path.startswith("/ok"):
                return self.answer(200, PRODUCT)
            if path == "/head-refused":
                if self.command == "HEAD":
                    return self.answer(405)
                return self.answer(200, PRODUCT)
            if path.startswith("/chain/"):
                left = int(path.rsplit("/", 1)[1])
                target = f"/chain/{left - 1}" if left > 1 else "/ok/after-chain"
                return self.answer(301, headers=[("Location", target)])
            if path == "/loop":
                return self.answer(302, headers=[("Location", "/loop")])
            if path == "/to-home":
                return self.answer(301, headers=[("Location", "/")])
            if path == "/to-shop-start":
                return self.answer(302, headers=[("Location", "/ok/start")])
            if path == "/away":
                return self.answer(301, headers=[("Location", ELSEWHERE)])
            if path == "/missing":
                return self.answer(404, b"Nicht gefunden")
            if path == "/gone":
                return self.answer(410, b"Weg")
            if path == "/error":
                return self.answer(500, b"Fehler")
            if path == "/forbidden":
                return self.answer(403, b"Zugriff verweigert")
            if path == "/too-many":
                return self.answer(429, b"Zu viele Anfragen")
            if path == "/unavailable":
                return self.answer(503, CAPTCHA)
            if path == "/captcha":
                if self.command == "HEAD":
                    return self.answer(503)
                return self.answer(200, CAPTCHA)
            if path == "/slow":
                recorder.stop.wait(SLOW_SECONDS)
                return self.answer(200, PRODUCT)
            return self.answer(404, b"Nicht gefunden")

        def handle_request(self):
            with recorder.lock:
                recorder.requests.append(
                    (
                        self.headers.get("Host", ""),
                        self.command,
                        self.path,
                        time.monotonic(),
                    )
                )
                recorder.in_flight += 1
                recorder.peak = max(recorder.peak, recorder.in_flight)
            try:
                if delay:
                    time.sleep(delay)
                self.route()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with recorder.lock:
                    recorder.in_flight -= 1

        do_GET = do_HEAD = handle_request

    return Handler


class LocalServer:
    """An http.server on a loopback address, in a thread; `url(path)` builds links."""

    def __init__(self, host="127.0.0.1", recorder=None, delay=0.0):
        self.recorder = recorder or Recorder()
        self.httpd = ThreadingHTTPServer((host, 0), make_handler(self.recorder, delay))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.host, self.port = host, self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self):
        self.recorder.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture
def closed_port_url():
    """A URL on a loopback port nobody listens on: connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/produkt"


@pytest.fixture(autouse=True)
def resolved_hosts(monkeypatch):
    """Every host name looked up during the test; any non-loopback one fails it."""
    real = socket.getaddrinfo
    seen = []

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        seen.append(name)
        if not loopback_only(name):
            pytest.fail(f"The link checker tried to resolve {name}: only loopback")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return seen


@pytest.fixture
def publish_article():
    """Build and publish an article whose body is the given blocks."""

    def make(*blocks, **kwargs):
        page = ArticlePageFactory(body=list(blocks), **kwargs)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def soup_of(client):
    """GET a URL and return its parsed HTML (asserting status 200)."""

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return BeautifulSoup(response.content, "html.parser")

    return get
