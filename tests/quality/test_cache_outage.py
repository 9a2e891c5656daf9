"""A failing cache degrades the site to uncached rendering, never to an error.

Each test runs its own redis-server on a free port (the machine's Redis is
never touched) with the production cache options: django-redis with
IGNORE_EXCEPTIONS and short socket timeouts (backportal/settings/base.py).
"""

import logging
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.test import Client

from backportal.core import cache_client
from backportal.core.logging import OncePerInterval
from products.clicks.models import Click
from products.models import AffiliateLink

from .pages import ARTICLE, PUBLIC_PAGES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="redis-server is not installed"
    ),
]


# How long a process skips Redis after a failure, in these tests (production: 5 s).
BREAKER_SECONDS = 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server on its own port that keeps nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def flush(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "FLUSHALL"],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def redis_cache(port: int, retry_seconds: float = 5) -> dict:
    """The production cache options (backportal/settings/base.py) for `port`."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "CLIENT_CLASS": "backportal.core.cache_client.CircuitBreakerClient",
                "RETRY_SECONDS": retry_seconds,
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }


class HungRedis:
    """Accepts connections and reads commands, never answers: a hung Redis.

    Counts the connections and the complete commands (RESP arrays) that
    reached it, so a test sees how many cache calls waited for an answer.
    """

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.commands = 0
        self.held = []
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        self.listener.settimeout(0.05)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with self.lock:
                self.connections += 1
                self.held.append(conn)
            threading.Thread(target=self.read, args=(conn,), daemon=True).start()

    def read(self, conn):
        buffer = b""
        conn.settimeout(0.05)
        while not self.stopped.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while (rest := self.one_command(buffer)) is not None:
                buffer = rest
                with self.lock:
                    self.commands += 1

    @staticmethod
    def one_command(buffer: bytes) -> bytes | None:
        """What follows the first complete command in `buffer`, or None."""
        line, sep, rest = buffer.partition(b"\r\n")
        if not sep or not line.startswith(b"*"):
            return None
        for _ in range(int(line[1:])):
            header, sep, rest = rest.partition(b"\r\n")
            if not sep:
                return None
            length = int(header[1:])
            if len(rest) < length + 2:
                return None
            rest = rest[length + 2 :]
        return rest

    def close(self):
        self.stopped.set()
        self.thread.join()
        for conn in self.held:
            conn.close()
        self.listener.close()


@pytest.fixture(autouse=True)
def closed_breakers():
    """No test inherits another's open circuit breaker (a reused port)."""
    cache_client._breakers.clear()
    yield
    cache_client._breakers.clear()


@pytest.fixture
def redis_server(settings):
    server = PrivateRedis()
    server.start()
    settings.CACHES = redis_cache(server.port, retry_seconds=BREAKER_SECONDS)
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    yield server
    server.stop()


def assert_every_page_answers():
    for page in PUBLIC_PAGES:
        response = Client().get(page.path)
        assert response.status_code == page.status, page.name
        assert page.heading.encode() in response.content, page.name
        assert "X-Page-Cache" not in response, page.name


def go_slug() -> str:
    return AffiliateLink.objects.filter(is_active=True).values_list("slug", flat=True)[
        0
    ]


def test_with_redis_down_every_page_and_go_answer_uncached(redis_server):
    redis_server.stop()
    assert_every_page_answers()
    clicks = Click.objects.count()
    response = Client().get(f"/go/{go_slug()}/")
    assert response.status_code == 302
    assert Click.objects.count() == clicks + 1


def test_caching_resumes_when_redis_returns_without_a_restart(redis_server):
    Client().get(ARTICLE)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    redis_server.stop()
    response = Client().get(ARTICLE)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    redis_server.start()
    time.sleep(BREAKER_SECONDS)  # the failure left Redis alone this long
    Client().get(ARTICLE)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"


def test_a_flushed_redis_only_costs_a_render(redis_server):
    Client().get(ARTICLE)
    redis_server.flush()
    response = Client().get(ARTICLE)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"


def test_a_hung_redis_costs_a_page_one_timeout_and_caching_resumes_after_it(
    settings,
):
    """A server that accepts connections but never replies (a hung Redis):
    the first timeout opens the circuit breaker, the rest of the page and the
    next pages skip Redis; once Redis answers again, caching resumes."""
    hung = HungRedis()
    settings.CACHES = redis_cache(hung.port, retry_seconds=2)
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    try:
        response = Client().get(ARTICLE)
        assert response.status_code == 200
        assert b"<h1" in response.content
        # Without the breaker each of the page's ~30 cache calls waits out a timeout.
        assert hung.commands <= 2, (hung.commands, hung.connections)
        assert hung.connections <= 2, (hung.commands, hung.connections)
        reached = hung.commands
        assert Client().get(ARTICLE).status_code == 200
        assert hung.commands == reached, "the open breaker still called Redis"
    finally:
        hung.close()

    redis = PrivateRedis()
    redis.port = hung.port  # Redis is back where the hung one was
    redis.start()
    try:
        time.sleep(2.2)
        Client().get(ARTICLE)
        assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    finally:
        redis.stop()


def test_an_outage_is_logged_once_not_per_request(redis_server, caplog):
    redis_server.stop()
    logger = logging.getLogger("backportal.cache")
    once = OncePerInterval(seconds=60)
    logger.addFilter(once)
    try:
        with caplog.at_level(logging.WARNING, logger="backportal.cache"):
            for _ in range(10):
                assert Client().get(ARTICLE).status_code == 200
    finally:
        logger.removeFilter(once)
    assert len([r for r in caplog.records if r.name == "backportal.cache"]) <= 1


def test_the_log_filter_lets_one_record_through_per_interval_and_counts_the_rest():
    once = OncePerInterval(seconds=60)

    def record():
        return logging.LogRecord("x", logging.ERROR, __file__, 1, "down", None, None)

    assert once.filter(record())
    assert not any(once.filter(record()) for _ in range(5))
    once._next["x"] = 0  # the interval has passed
    later = record()
    assert once.filter(later)
    assert later.msg == "down (5 more since the last message)"


def test_production_settings_turn_a_dead_redis_into_misses():
    """CACHE_URL=redis://… as a deployer sets it: a dead server reads as empty."""
    from backportal.core.tests.test_settings import PRODUCTION_ENV, run_manage

    code = (
        "from django.core.cache import cache; cache.set('k', 1); "
        "print(cache.get('k', 'miss'))"
    )
    env = {**PRODUCTION_ENV, "CACHE_URL": f"redis://127.0.0.1:{free_port()}/0"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "miss"


def test_rate_limits_and_login_failures_report_a_dead_cache_once(settings, caplog):
    """Each rate-limit check and failed login during an outage fails open; the
    outage is reported once a minute, not once per request."""
    from django.test import RequestFactory

    from backportal.core.guards import within_limit
    from backportal.core.login import record_failure

    settings.CACHES = redis_cache(free_port())
    logger = logging.getLogger("backportal.cache")
    configured = logger.filters[:]
    # A fresh filter of settings LOGGING: the session's may still hold back.
    logger.filters[:] = [OncePerInterval(seconds=60)]
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="203.0.113.10")
    try:
        with caplog.at_level(logging.WARNING):
            for _ in range(5):
                assert within_limit("products:click", "203.0.113.10", 120, 60)
                record_failure("editor", request)
    finally:
        logger.filters[:] = configured
    outage = [r for r in caplog.records if "unavailable" in r.getMessage()]
    outage += [r for r in caplog.records if r.name == "backportal.cache"]
    assert len(set(outage)) == 1, [r.getMessage()[:80] for r in outage]
