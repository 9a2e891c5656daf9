"""/healthz/ under gunicorn tells a stopped database and a stopped cache apart.

A stopped cache (or a job backlog) leaves the server serving readers: 200,
"degraded", so a load balancer keeps it; a stopped database is 503.

Both are private instances started by the test (tests/load/services.py). The
database is an empty cluster: the health check needs no table.
"""

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.quality.tools import require

from .server import ROOT, gunicorn, production_env
from .services import postgres_available, private_postgres, private_redis

pytestmark = pytest.mark.load


def health(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + "/healthz/", timeout=30) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def states(report: dict) -> dict[str, str]:
    return {name: check["status"] for name, check in report["checks"].items()}


def test_health_reports_a_stopped_database_and_a_stopped_cache(static_root, tmp_path):
    require(postgres_available(), "PostgreSQL server programs (initdb, pg_ctl) missing")
    require(shutil.which("redis-server") is not None, "redis-server missing")
    with private_postgres() as database, private_redis(tmp_path) as redis:
        env = production_env(
            database.url(),
            static_root,
            settings.MEDIA_ROOT,
            CACHE_URL=redis.url,
            CACHE_RETRY_SECONDS="1",
        )
        # The job check reads the task queue's table: that app's tables only.
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "django_tasks_database"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        with (
            (tmp_path / "gunicorn.log").open("w") as log,
            gunicorn(env, log=log) as base,
        ):
            status, report = health(base)
            assert status == 200, report
            assert report["status"] == "ok"
            assert states(report)["database"] == states(report)["cache"] == "ok"

            redis.stop()
            status, report = health(base)
            assert status == 200, report
            assert report["status"] == "degraded"
            assert report["failing"] == ["cache"]
            assert states(report)["cache"] == "error"
            assert states(report)["database"] == "ok"
            redis.start()
            time.sleep(1.5)  # each worker tries Redis again (CACHE_RETRY_SECONDS)

            for _ in range(6):  # every worker keeps a connection
                assert health(base)[0] == 200
            database.stop()
            status, report = health(base)
            assert status == 503
            assert report["status"] == "error"
            assert "database" in report["failing"]
            assert states(report)["database"] == "error"
            assert states(report)["cache"] == "ok"
            database.start()

            # Connections kept from before the restart are dead: each worker
            # notices and answers from a fresh one, never a false outage.
            for _ in range(6):
                status, report = health(base)
                assert status == 200, report
            # Machine-readable, and nothing in it a stranger should learn.
            text = json.dumps(report)
            assert str(database.port) not in text
            assert "postgres" not in text.lower()
