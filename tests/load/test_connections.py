"""Database connections under a burst: none left idle behind, pooled when asked.

`manage.py runserver` (dev settings) opens a thread per request; with
persistent connections each thread left one idle until PostgreSQL refused new
clients. Under gunicorn's threaded workers with DB_POOL on, a burst shares a
few pooled connections per process. Both run on a private copy of the demo
database in a cluster of their own: a burst of 200 must not take the shared
server's connection slots.
"""

import http.client
import io
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from products.models import AffiliateLink
from tests.quality.pages import ARTICLE
from tests.quality.tools import require

from .server import (
    ROOT,
    database_url,
    free_port,
    gunicorn,
    production_env,
    wait_until_up,
)
from .services import postgres_available, private_postgres, wait_for

pytestmark = pytest.mark.load

BURST = 200
DEMO = "backportal_burst"


def backend_connections(cluster, name: str) -> int:
    """Connections to database `name` of the private cluster."""
    return int(
        cluster.psql(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"  # noqa: S608
        )
    )


def burst(base: str, path: str, size: int = BURST) -> list[int]:
    """Statuses of `size` requests for `path`, all sent at once."""
    parts = urlsplit(base)

    def get(_number):
        # runserver's listen backlog is small: on a loaded machine it may reset
        # a connection before accepting it. Such a request never reached Django
        # (no connection to count), so it is sent again, at most twice.
        for attempt in range(3):
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                return response.status
            except ConnectionResetError:
                if attempt == 2:
                    raise
            finally:
                conn.close()
        return None

    with ThreadPoolExecutor(size) as pool:
        return list(pool.map(get, range(size)))


@pytest.fixture
def demo_copy(transactional_db):
    """(cluster, URL) of a private copy of the demo database."""
    require(postgres_available(), "PostgreSQL server programs (initdb, pg_ctl) missing")
    require(
        connection.vendor == "postgresql",
        "connection tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    call_command("load_demo", stdout=io.StringIO())
    with private_postgres(max_connections=BURST + 50) as cluster:
        url = cluster.copy_database(database_url(connection.settings_dict), DEMO)
        yield cluster, url


def test_a_burst_against_runserver_leaves_no_connection_behind(demo_copy):
    cluster, demo_database = demo_copy
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "CONN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backportal.settings.dev",
        DATABASE_URL=demo_database,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/robots.txt")
        link = AffiliateLink.objects.filter(
            is_active=True, merchant__link_mode="redirect", product__is_active=True
        ).first()
        statuses = burst(base, f"/go/{link.slug}/")
        assert statuses == [302] * BURST
        # Each request's thread closes its connection as it ends.
        wait_for(
            lambda: backend_connections(cluster, DEMO) == 0,
            timeout=20,
            what="no idle connection",
        )
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_pooled_workers_share_a_few_connections(demo_copy, static_root):
    cluster, demo_database = demo_copy
    env = production_env(
        demo_database,
        static_root,
        settings.MEDIA_ROOT,
        DB_POOL="true",
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE="2",
        # Threads wait for a pooled connection; this machine may be slow.
        DB_POOL_TIMEOUT="60",
        GUNICORN_CMD_ARGS="--threads 8",
    )
    with gunicorn(env, workers=2) as base:
        statuses = burst(base, ARTICLE, size=32)
        assert statuses == [200] * 32
        # 2 processes × a pool of at most 2: no connection per thread.
        assert backend_connections(cluster, DEMO) <= 4
