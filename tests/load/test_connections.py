"""Database connections under a burst: none left idle behind, pooled when asked.

`manage.py runserver` (dev settings) opens a thread per request; with
persistent connections each thread left one idle until PostgreSQL refused new
clients. Under gunicorn's threaded workers with DB_POOL on, a burst shares a
few pooled connections per process.
"""

import io
import os
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

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
from .services import wait_for

pytestmark = pytest.mark.load

BURST = 200


def backend_connections() -> int:
    """Connections to the test database other than this process's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def burst(base: str, path: str, size: int = BURST) -> list[int]:
    def get(_number):
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
            response.read()
            return response.status

    with ThreadPoolExecutor(size) as pool:
        return list(pool.map(get, range(size)))


@pytest.fixture
def demo_database(transactional_db):
    require(
        connection.vendor == "postgresql",
        "connection tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    call_command("load_demo", stdout=io.StringIO())
    return database_url(connection.settings_dict)


def test_a_burst_against_runserver_leaves_no_connection_behind(demo_database):
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
        statuses = burst(base, ARTICLE)
        assert statuses == [200] * BURST
        # Each request's thread closes its connection as it ends.
        wait_for(
            lambda: backend_connections() == 0, timeout=20, what="no idle connection"
        )
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_pooled_workers_share_a_few_connections(demo_database, static_root):
    env = production_env(
        demo_database,
        static_root,
        settings.MEDIA_ROOT,
        DB_POOL="true",
        DB_POOL_MIN_SIZE="1",
        DB_POOL_MAX_SIZE="2",
        GUNICORN_CMD_ARGS="--threads 8",
    )
    with gunicorn(env, workers=2) as base:
        statuses = burst(base, ARTICLE, size=64)
        assert statuses == [200] * 64
        # 2 processes × a pool of at most 2: no connection per thread.
        assert backend_connections() <= 4
