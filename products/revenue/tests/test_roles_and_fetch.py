"""Who sees views, clicks and money (the demo users; the whole matrix is in
tests/test_roles_matrix.py), a page's figures in its edit view, and the Awin API
fetch against a local HTTP server."""

import json
import threading
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from backportal.core.roles import EDITORS, REVIEWERS, setup_roles
from products.clicks.days import today
from products.clicks.factories import ClickFactory
from products.factories import AffiliateLinkFactory
from products.revenue.awin import AwinFetchError, fetch_transactions
from products.revenue.models import DailyPageViews, Network, Status, Transaction

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
    """Answers like Awin's transactions endpoint; remembers the last request."""

    body = b"[]"
    seen: dict = {}

    def do_GET(self):  # noqa: N802
        AwinStub.seen = {"path": self.path, "auth": self.headers.get("Authorization")}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(AwinStub.body)

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
    yield AwinStub
    server.shutdown()
    server.server_close()


def test_the_awin_fetch_imports_and_is_idempotent(awin):
    awin.body = json.dumps(
        [
            {
                "id": 555,
                "advertiserName": "Rückenshop",
                "commissionStatus": "pending",
                "transactionDate": "2026-10-25T22:30:00Z",  # after the DST change
                "saleAmount": {"amount": 20.0, "currency": "EUR"},
                "commissionAmount": {"amount": 1.6, "currency": "EUR"},
                "clickRefs": {"clickRef": "nichtbekannt"},
            }
        ]
    ).encode()
    call_command("fetch_awin_transactions", "--days", "3")
    call_command("fetch_awin_transactions", "--days", "3")
    row = Transaction.objects.get(external_id="555")
    assert row.day == date(2026, 10, 25)  # 23:30 in Berlin (CET)
    assert row.matched_by == ""
    assert awin.seen["auth"] == "Bearer geheim"
    assert awin.seen["path"].startswith("/publishers/4711/transactions/?startDate=")


def test_an_awin_outage_changes_nothing(awin, settings):
    awin.body = b"<html>Wartung</html>"
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        call_command("fetch_awin_transactions")
    settings.AWIN_API_URL = "http://127.0.0.1:9"  # nothing listens
    with pytest.raises(AwinFetchError, match="nicht erreichbar"):
        fetch_transactions(date(2026, 11, 1), date(2026, 11, 2))
    assert not Transaction.objects.exists()
