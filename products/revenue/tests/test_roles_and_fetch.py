"""Who sees money (role matrix), the page's admin button, and the Awin API fetch
against a local HTTP server."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from backportal.core.roles import (
    ADMINISTRATORS,
    EDITORS,
    MARKETING,
    REVIEWERS,
    setup_roles,
)
from products.revenue.awin import AwinFetchError, fetch_transactions
from products.revenue.models import Transaction

pytestmark = pytest.mark.django_db

# Role -> (sees click reports, sees money, imports commissions)
MATRIX = {
    EDITORS: (False, False, False),
    REVIEWERS: (False, False, False),
    MARKETING: (True, True, True),
    ADMINISTRATORS: (True, True, True),
}


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_the_sees_money_column_of_the_role_matrix(django_user_model, role, expected):
    groups = setup_roles()
    user = django_user_model.objects.create_user(f"rolle-{role}", password="pw")
    user.groups.add(groups[role])
    user = django_user_model.objects.get(pk=user.pk)
    assert (
        user.has_perm("clicks.view_click_reports"),
        user.has_perm("revenue.view_revenue"),
        user.has_perm("revenue.add_transaction"),
    ) == expected


def test_a_page_admin_view_links_to_its_views_and_revenue(
    admin_client, publish_article
):
    page = publish_article()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/admin/revenue/?page={page.pk}&amp;period=30" in html
    assert "Aufrufe und Umsatz" in html


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
