"""Services go away under load: the site degrades, answers, and recovers by itself.

PostgreSQL down: a quick friendly 503. Redis down: pages and /go/ still answer
200/302, uncached, and caching resumes when Redis returns. Each test starts
its own private PostgreSQL cluster or Redis server on a loopback port of its
own (tests/load/services.py); the machine's shared servers are never touched.
"""

import io
import shutil
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from articles.models import ArticlePage
from products.models import AffiliateLink
from tests.quality.tools import require

from .server import database_url, gunicorn, production_env, warm_up
from .services import postgres_available, private_postgres, private_redis

pytestmark = pytest.mark.load

READERS = 4
OUTAGE_SECONDS = 4
# Longest acceptable answer while the database is down: the connect timeout
# (DB_CONNECT_TIMEOUT, 3 s) plus rendering, far from gunicorn's 30 s.
ANSWER_WITHIN_SECONDS = 8
RECOVERY_SECONDS = 15
FRIENDLY = "Backportal ist gerade nicht erreichbar"
OK = {200, 302}  # an article, a /go/ redirect


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect (/go/) is an answer of its own: its status is recorded."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


class Reader(threading.Thread):
    """Reads article pages in a loop, recording (start, end, status, body)."""

    def __init__(self, urls, stop):
        super().__init__(daemon=True)
        self.urls, self.stop, self.log = urls, stop, []

    def run(self):
        number = 0
        while not self.stop.is_set():
            url = self.urls[number % len(self.urls)]
            number += 1
            started = time.monotonic()
            try:
                with OPENER.open(url, timeout=30) as response:
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
                retry = error.headers.get("Retry-After")
                body += f"\nRetry-After: {retry}"
            except OSError as error:
                status, body = "no answer", repr(error)
            self.log.append((started, time.monotonic(), status, body))


@pytest.fixture
def private_database_site(request, transactional_db, static_root, tmp_path):
    """(cluster, base URL, server log): gunicorn on a private copy of the demo
    database; parametrize indirectly with extra environment variables."""
    require(postgres_available(), "PostgreSQL server programs (initdb, pg_ctl) missing")
    require(
        connection.vendor == "postgresql",
        "fault tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    call_command("load_demo", stdout=io.StringIO())
    with private_postgres() as cluster:
        url = cluster.copy_database(
            database_url(connection.settings_dict), "backportal_fault"
        )
        extra = getattr(request, "param", {})
        env = production_env(url, static_root, settings.MEDIA_ROOT, **extra)
        log_path = tmp_path / "gunicorn.log"
        with log_path.open("w") as log, gunicorn(env, log=log) as base:
            yield cluster, base, log_path


def reader_urls(base):
    """Every live article and two /go/ links (302 to the merchant when up)."""
    links = AffiliateLink.objects.filter(is_active=True, product__live=True)
    return [base + page.url for page in ArticlePage.objects.live()] + [
        f"{base}/go/{link.slug}/?p=box" for link in links[:2]
    ]


def fetch(url):
    """(status, body) of one request, a redirect's 302 included."""
    try:
        with OPENER.open(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_database_restart_answers_503_quickly_and_recovers(private_database_site):
    cluster, base, server_log = private_database_site
    urls = reader_urls(base)
    warm_up("", [url for url in urls if "/go/" not in url])
    stop, readers = threading.Event(), []
    readers = [Reader(urls, stop) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    time.sleep(2)
    try:
        cluster.stop()
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
    finally:
        up = time.monotonic()
        cluster.start()
        started = time.monotonic()
    time.sleep(RECOVERY_SECONDS)
    stop.set()
    for reader in readers:
        reader.join(timeout=40)
    log = sorted(entry for reader in readers for entry in reader.log)

    during = [entry for entry in log if entry[0] >= down and entry[1] <= up]
    assert during, "no request fell into the outage"
    for _, _, status, body in during:
        assert status == 503, (status, body[:300])
        assert FRIENDLY in body
        assert "Retry-After: 30" in body
    slow = [
        end - begin for begin, end, *_ in log if end - begin > ANSWER_WITHIN_SECONDS
    ]
    assert not slow, f"answers took {slow} s"
    odd = [(status, body[:300]) for *_, status, body in log if status not in OK | {503}]
    assert not odd, (odd[:3], server_log.read_text()[-3000:])
    # Recovered by itself: everything asked a few seconds after the restart is fine.
    after = [status for begin, _, status, _ in log if begin > started + 3]
    assert after, "no request after the restart"
    assert set(after) <= OK, after
    assert 302 in after, "no /go/ request after the restart"


@pytest.mark.parametrize(
    "private_database_site",
    [{}, {"DB_POOL": "true"}],
    ids=["persistent-connections", "connection-pool"],
    indirect=True,
)
def test_a_restart_while_nobody_reads_costs_no_reader_an_error(private_database_site):
    """Every worker keeps a connection (or a pool of them) that dies with the
    restart; the first requests afterwards still get their pages."""
    cluster, base, server_log = private_database_site
    urls = reader_urls(base)
    for url in urls * 2:
        fetch(url)
    cluster.stop()
    cluster.start()
    statuses = [fetch(url)[0] for url in urls * 2]
    assert set(statuses) <= OK, (statuses, server_log.read_text()[-3000:])


@pytest.fixture
def redis_site(transactional_db, static_root, tmp_path):
    """(redis server, base URL, server log): gunicorn with the page cache on a
    private Redis, logging warnings."""
    require(shutil.which("redis-server") is not None, "redis-server missing")
    require(
        connection.vendor == "postgresql",
        "fault tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    call_command("load_demo", stdout=io.StringIO())
    with private_redis(tmp_path) as server:
        env = production_env(
            database_url(connection.settings_dict),
            static_root,
            settings.MEDIA_ROOT,
            CACHE_URL=server.url,
            PAGE_CACHE_SECONDS="300",
            LOG_LEVEL="WARNING",
        )
        log_path = tmp_path / "gunicorn.log"
        with log_path.open("w") as log, gunicorn(env, log=log) as base:
            yield server, base, log_path


def page_cache_state(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        response.read()
        return response.headers.get("X-Page-Cache")


def test_redis_outage_serves_every_page_uncached_and_caching_resumes(redis_site):
    server, base, server_log = redis_site
    articles = [base + page.url for page in ArticlePage.objects.live()]
    link = AffiliateLink.objects.filter(is_active=True, product__is_active=True).first()
    urls = [*articles, f"{base}/go/{link.slug}/?p=box"]
    warm_up("", articles)
    assert page_cache_state(articles[0]) == "hit"

    stop = threading.Event()
    readers = [Reader(urls, stop) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    time.sleep(2)
    try:
        server.stop()
        down = time.monotonic()
        # Rate-limited requests: each limit check fails open on the dead cache.
        searches = [fetch(f"{base}/suche/?q=R%C3%BCcken")[0] for _ in range(10)]
        time.sleep(max(0, down + OUTAGE_SECONDS - time.monotonic()))
    finally:
        up = time.monotonic()
        server.start()
    assert searches == [200] * 10
    # Within the page cache's lifetime nothing renews the tokens by itself:
    # a page stored before the outage is gone (Redis kept nothing), then the
    # first view after it stores again, once each worker's circuit breaker
    # has let it try Redis again (CACHE_RETRY_SECONDS, 5 s).
    time.sleep(7)
    stop.set()
    for reader in readers:
        reader.join(timeout=40)
    log = sorted(entry for reader in readers for entry in reader.log)

    during = [entry for entry in log if entry[0] >= down and entry[1] <= up]
    assert during, "no request fell into the outage"
    assert {status for *_, status, _ in log} == {200, 302}, [
        (status, body[:200]) for *_, status, body in log if status not in {200, 302}
    ][:3]
    slow = [
        end - begin for begin, end, *_ in log if end - begin > ANSWER_WITHIN_SECONDS
    ]
    assert not slow, f"answers took {slow} s"
    # Caching resumed without a restart of the app.
    page_cache_state(articles[0])
    assert page_cache_state(articles[0]) == "hit"
    # The outage is reported once per worker (settings LOGGING lets one cache
    # record through a minute), not once per cache call or rate-limit check.
    lines = server_log.read_text().splitlines()
    reports = [line for line in lines if "backportal.cache" in line]
    assert reports, "the outage was not reported"
    assert len(reports) <= 2, [line[:160] for line in reports]
    assert not [line for line in lines if "unavailable" in line and line not in reports]
