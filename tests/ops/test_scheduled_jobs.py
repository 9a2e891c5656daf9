"""Two runs of one scheduled job at once: one runs, the other skips its round.

A thread (with a database connection of its own, as another server would
have) holds the job's lock while the command starts here. Refreshes of
product data queued by two servers' timers download the feed once.
"""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from backportal.core.jobs import job_lock
from products.factories import MerchantFactory
from products.offers.models import DataSource, SourceKind
from products.offers.tests.conftest import FeedServer, fixture_bytes

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


def test_a_refresh_queued_by_two_servers_downloads_the_feed_once(settings):
    """Both servers' refresh_offers timers find the source due and queue it;
    the worker runs the first, and the second finds it refreshed since it was
    queued: skipped, with its reason in the task's result."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    feed = FeedServer()
    try:
        source = DataSource.objects.create(
            name="Feed zweier Server",
            merchant=MerchantFactory(),
            kind=SourceKind.GOOGLE_MERCHANT_FEED,
            feed_url=feed.serve("/feed.xml", fixture_bytes("google_feed.xml")),
            timeout_seconds=5,
        )
        run("refresh_offers")  # server 1
        run("refresh_offers")  # server 2, before the worker got to either
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        downloads = [path for _, path, *_ in feed.requests if path == "/feed.xml"]
    finally:
        feed.close()
    assert len(downloads) == 1
    results = DBTaskResult.objects.filter(
        task_path__endswith="refresh_source_task"
    ).order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.return_value["status"] for r in results] == ["ok", "already_refreshed"]
    assert source.runs.count() == 1
