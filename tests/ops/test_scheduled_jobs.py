"""Two runs of one scheduled job at once: one runs, the other skips its round.

A thread (with a database connection of its own, as another server would
have) holds the job's lock while the command starts here.
"""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from backportal.core.jobs import job_lock

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULED = ["rollup_clicks", "purge_clicks", "refresh_claims", "publish_scheduled"]


class OtherServer(threading.Thread):
    """Holds the lock of `command` until told to let go."""

    def __init__(self, command):
        super().__init__(daemon=True)
        self.command = command
        self.holding, self.release = threading.Event(), threading.Event()

    def run(self):
        try:
            with job_lock(f"command:{self.command}") as acquired:
                assert acquired
                self.holding.set()
                self.release.wait(timeout=60)
        finally:
            connection.close()


def run(command) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("command", SCHEDULED)
def test_a_job_running_elsewhere_is_skipped(command):
    other = OtherServer(command)
    other.start()
    assert other.holding.wait(timeout=30)
    try:
        assert "dieser Lauf wird übersprungen" in run(command)
    finally:
        other.release.set()
        other.join(timeout=30)
    assert "übersprungen" not in run(command)


def test_check_links_skips_while_another_run_holds_its_lock():
    other = OtherServer("check_links")
    other.start()
    assert other.holding.wait(timeout=30)
    try:
        assert "dieser Lauf wird übersprungen" in run("check_links")
    finally:
        other.release.set()
        other.join(timeout=30)
