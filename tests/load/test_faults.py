"""PostgreSQL goes away under load: a quick friendly 503, then recovery by itself.

This restarts the PostgreSQL cluster the tests use (found by its port through
pg_lsclusters), so it runs only under CI=true or with RUN_PG_RESTART=1: other
people may be using the server.
"""

import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from articles.models import ArticlePage

from .server import warm_up

pytestmark = pytest.mark.load

READERS = 4
OUTAGE_SECONDS = 4
# Longest acceptable answer while the database is down: the connect timeout
# (DB_CONNECT_TIMEOUT, 3 s) plus rendering, far from gunicorn's 30 s.
ANSWER_WITHIN_SECONDS = 8
RECOVERY_SECONDS = 15
FRIENDLY = "Backportal ist gerade nicht erreichbar"


def cluster_command(action: str) -> list[str]:
    """pg_ctlcluster for the cluster listening on the test database's port."""
    port = str(connection.settings_dict.get("PORT") or 5432)
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for line in clusters:
        version, name, cluster_port, *_ = line.split() or [None, None, None]
        if cluster_port == port:
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    pytest.fail(f"no local PostgreSQL cluster on port {port}")


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
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
                retry = error.headers.get("Retry-After")
                body += f"\nRetry-After: {retry}"
            except OSError as error:
                status, body = "no answer", repr(error)
            self.log.append((started, time.monotonic(), status, body))


def test_database_restart_answers_503_quickly_and_recovers(production_site):
    if not (os.environ.get("CI") == "true" or os.environ.get("RUN_PG_RESTART") == "1"):
        pytest.skip("restarts PostgreSQL: set RUN_PG_RESTART=1 (CI runs it)")
    if shutil.which("pg_ctlcluster") is None:
        pytest.fail("pg_ctlcluster not found (Debian's postgresql-common)")
    urls = [production_site + page.url for page in ArticlePage.objects.live()]
    warm_up("", urls)
    stop, readers = threading.Event(), []
    readers = [Reader(urls, stop) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    time.sleep(2)
    try:
        subprocess.run(cluster_command("stop"), check=True, timeout=60)
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
    finally:
        up = time.monotonic()
        subprocess.run(cluster_command("start"), check=True, timeout=60)
        started = time.monotonic()
        connection.close()  # this process's connection died with the server
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
    assert all(status in {200, 503} for *_, status, _ in log), {
        status for *_, status, _ in log
    }
    # Recovered by itself: everything asked a few seconds after the restart is fine.
    after = [status for begin, _, status, _ in log if begin > started + 3]
    assert after, "no request after the restart"
    assert set(after) == {200}, after
