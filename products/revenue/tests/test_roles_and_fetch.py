"""Who sees views, clicks and money (the demo users; the whole matrix is in
tests/test_roles_matrix.py), a page's figures in its edit view, and the Awin API
fetch against a local HTTP server."""

import io
import json
import threading
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from backportal.core.jobs import lock_key
from backportal.core.roles import EDITORS, REVIEWERS, setup_roles
from products.clicks.days import today
from products.clicks.factories import ClickFactory
from products.factories import AffiliateLinkFactory
from products.revenue.awin import AwinFetchError, fetch_transactions
from products.revenue.imports import import_awin_api
from products.revenue.models import DailyPageViews, Network, Status, Transaction
from products.revenue.tasks import AWIN_LOCK, fetch_awin_task

pytestmark = pytest.mark.django_db


def demo_client(client, username):
    """Logged in as a demo user; their groups come from setup_roles in load_demo."""
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def seen_page(publish_article):
    """An article with 1,200 views and 3 clicks (plus a bot's) in the last days,
    and a confirmed sale of 7,50 €."""
    page = publish_article(title="Ruhig schlafen")
    now = timezone.now()
    link = AffiliateLinkFactory()
    for hours in (2, 26, 50):
        ClickFactory(link=link, page=page, at=now - timedelta(hours=hours))
    ClickFactory(link=link, page=page, is_bot=True, bot_reason="ua")
    DailyPageViews.objects.create(page=page, day=today(), views=200)
    DailyPageViews.objects.create(
        page=page, day=today() - timedelta(days=2), views=1000
    )
    DailyPageViews.objects.create(page=page, day=today() - timedelta(days=40), views=99)
    Transaction.objects.create(
        network=Network.AWIN,
        external_id="panel-1",
        day=today(),
        commission=Decimal("7.50"),
        sale_amount=Decimal("100"),
        status=Status.CONFIRMED,
        page=page,
        matched_by="reference",
    )
    return page


def page_figures(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        item["data-page-figure"]: item.dd.get_text(strip=True)
        for item in soup.select("[data-page-figure]")
    }


def test_the_demo_editor_sees_views_and_clicks_but_no_money(client, seen_page):
    editor = demo_client(client, "redaktion")
    edit = editor.get(f"/admin/pages/{seen_page.pk}/edit/")
    assert edit.status_code == 200
    assert page_figures(edit) == {"views": "1.200", "clicks": "3", "ctr": "0,3 %"}
    html = edit.content.decode()
    assert "Aufrufe und Klicks im Bericht" in html
    assert "7,50" not in html

    report = editor.get(f"/admin/revenue/?page={seen_page.pk}&period=30")
    assert report.status_code == 200
    soup = BeautifulSoup(report.content, "html.parser")
    assert {row["data-figure"] for row in soup.select("[data-figure]")} == {
        "clicks",
        "views",
        "ctr",
    }
    assert "7,50" not in report.content.decode()
    assert editor.get("/admin/clicks/pages/").status_code == 200
    assert editor.get("/admin/revenue/pages/?period=30").status_code == 200
    assert b"Provisionen der letzten 7 Tage" not in editor.get("/admin/").content
    assert editor.get("/admin/revenue/provisionen-importieren/").status_code == 302


def test_marketing_sees_the_pages_views_and_its_money_in_the_page_report(
    client, seen_page
):
    marketing = demo_client(client, "marketing")
    report = marketing.get(f"/admin/revenue/?page={seen_page.pk}&period=30")
    soup = BeautifulSoup(report.content, "html.parser")
    figures = {row["data-figure"] for row in soup.select("[data-figure]")}
    assert {"clicks", "views", "commission"} <= figures
    assert "7,50" in report.content.decode()


def test_the_pages_figures_are_not_shown_without_the_report_permission(
    client, django_user_model, seen_page
):
    groups = setup_roles()
    user = django_user_model.objects.create_user("pruefung-figures", password="pw")
    user.groups.add(groups[REVIEWERS], groups[EDITORS])
    groups[EDITORS].permissions.remove(
        Permission.objects.get(codename="view_click_reports")
    )
    client.force_login(user)
    edit = client.get(f"/admin/pages/{seen_page.pk}/edit/")
    assert edit.status_code == 200
    assert page_figures(edit) == {}


class AwinStub(BaseHTTPRequestHandler):
    """Answers like Awin's transactions endpoint, per dateType; remembers requests."""

    bodies: dict = {}
    seen: list = []

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlsplit(self.path).query)
        AwinStub.seen.append(
            {
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "dateType": query.get("dateType", [""])[0],
            }
        )
        body = AwinStub.bodies.get(query.get("dateType", [""])[0], b"[]")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def awin(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), AwinStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AWIN_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.AWIN_PUBLISHER_ID = "4711"
    settings.AWIN_API_TOKEN = "geheim"
    AwinStub.bodies = {}
    AwinStub.seen = []
    yield AwinStub
    server.shutdown()
    server.server_close()


def awin_sale(number, made, status, clickref="nichtbekannt"):
    return {
        "id": number,
        "advertiserName": "Rückenshop",
        "commissionStatus": status,
        "transactionDate": made,
        "saleAmount": {"amount": 20.0, "currency": "EUR"},
        "commissionAmount": {"amount": 1.6, "currency": "EUR"},
        "clickRefs": {"clickRef": clickref},
    }


def test_the_awin_fetch_imports_and_is_idempotent(awin):
    # After the DST change: 23:30 in Berlin (CET).
    sale = awin_sale(555, "2026-10-25T22:30:00Z", "pending")
    awin.bodies = {"transaction": json.dumps([sale]).encode()}
    call_command(
        "fetch_awin_transactions", "--days", "3", "--now", stdout=io.StringIO()
    )
    call_command(
        "fetch_awin_transactions", "--days", "3", "--now", stdout=io.StringIO()
    )
    row = Transaction.objects.get(external_id="555")
    assert row.day == date(2026, 10, 25)
    assert row.matched_by == ""
    assert {request["auth"] for request in awin.seen} == {"Bearer geheim"}
    assert awin.seen[0]["path"].startswith("/publishers/4711/transactions/?startDate=")


def test_a_sale_validated_months_later_gets_its_new_status(awin):
    """Made 70 days ago, validated today: only the validation-date request finds it."""
    made = (timezone.now() - timedelta(days=70)).strftime("%Y-%m-%dT%H:%M:%SZ")
    awin.bodies = {
        "transaction": json.dumps([awin_sale(777, made, "pending")]).encode()
    }
    import_awin_api([awin_sale(777, made, "pending")])
    assert Transaction.objects.get(external_id="777").status == Status.OPEN
    awin.bodies = {
        "transaction": b"[]",
        "validation": json.dumps([awin_sale(777, made, "approved")]).encode(),
    }

    call_command(
        "fetch_awin_transactions", "--days", "31", "--now", stdout=io.StringIO()
    )

    row = Transaction.objects.get(external_id="777")
    assert row.status == Status.CONFIRMED
    assert row.updates[-1]["status"] == ["open", "confirmed"]
    assert [request["dateType"] for request in awin.seen[-2:]] == [
        "transaction",
        "validation",
    ]


def test_a_sale_in_both_answers_is_imported_once_as_last_reported(awin):
    made = (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    awin.bodies = {
        "transaction": json.dumps([awin_sale(888, made, "pending")]).encode(),
        "validation": json.dumps([awin_sale(888, made, "declined")]).encode(),
    }
    call_command("fetch_awin_transactions", "--now", stdout=io.StringIO())
    assert Transaction.objects.get(external_id="888").status == Status.CANCELLED


def test_the_timer_only_enqueues_and_the_worker_fetches(awin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    made = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    awin.bodies = {
        "transaction": json.dumps([awin_sale(999, made, "pending")]).encode()
    }
    out = io.StringIO()

    call_command("fetch_awin_transactions", "--days", "5", stdout=out)

    assert "eingereiht" in out.getvalue()
    assert (
        awin.seen == [] and not Transaction.objects.filter(external_id="999").exists()
    )
    queued = DBTaskResult.objects.get(task_path__endswith="fetch_awin_task")
    assert queued.args_kwargs["args"] == [5]
    # What `db_worker` does with it, minus its loop (which closes this test's
    # connection between tasks): claim the next ready task and run it.
    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    )
    ready = DBTaskResult.objects.ready().get_locked()
    assert ready == queued
    ready.claim(worker.worker_id)
    worker.run_task(ready)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert Transaction.objects.filter(external_id="999").exists()


def test_the_worker_skips_the_fetch_while_another_holds_its_lock(awin):
    """Another server's run holds the job lock on its own connection."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_key(AWIN_LOCK)])
        result = fetch_awin_task.enqueue(3)
        out = io.StringIO()
        call_command("fetch_awin_transactions", "--now", stdout=out)
    assert result.return_value == {"status": "already_running"}
    assert "übersprungen" in out.getvalue()
    assert awin.seen == []


def test_an_awin_outage_changes_nothing_and_fails_the_task(awin, settings):
    awin.bodies = {"transaction": b"<html>Wartung</html>"}
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        call_command("fetch_awin_transactions", "--now")
    result = fetch_awin_task.enqueue(3)
    assert result.status == TaskResultStatus.FAILED
    settings.AWIN_API_URL = "http://127.0.0.1:9"  # nothing listens
    with pytest.raises(AwinFetchError, match="nicht erreichbar"):
        fetch_transactions(date(2026, 11, 1), date(2026, 11, 2))
    assert not Transaction.objects.exists()
