"""A local HTTP server that speaks the sources' formats, and offer fixtures."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from products.tests.conftest import publish_article, render  # noqa: F401 - fixtures

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FeedServer:
    """Routes: path -> (status, headers, body, delay seconds). Records requests."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, str, dict, bytes]] = []
        # (path, monotonic time) as the server received each request.
        self.arrivals: list[tuple[str, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body_in = self.rfile.read(length) if length else b""
                headers = {key.lower(): value for key, value in self.headers.items()}
                server.requests.append((self.command, self.path, headers, body_in))
                server.arrivals.append((self.path, time.monotonic()))
                path = self.path.split("?")[0]
                status, headers, body, delay = server.routes.get(
                    path, (404, {}, b"nicht da", 0)
                )
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def serve(self, path, body: bytes, status=200, headers=None, delay=0.0):
        self.routes[path] = (status, headers or {}, body, delay)
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (the worker process) flush the test database:
    rebuild the demo site after them for the tests that follow."""
    import io

    from django.core.management import call_command
    from pytest_django.plugin import blocking_manager_key

    result = yield
    if "transactional_db" in item.fixturenames and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_demo", stdout=io.StringIO())
    return result
