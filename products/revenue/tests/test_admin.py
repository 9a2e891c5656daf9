"""Admin side: "Provisionen importieren", settings with tracking IDs, the demo history."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group
from products.clicks.models import DailyClicks
from products.revenue.figures import NOT_ATTRIBUTABLE
from products.revenue.models import (
    DailyPageViews,
    MerchantRevenue,
    Network,
    Status,
    Transaction,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def marketing(client, django_user_model):
    ensure_marketing_group()
    user = django_user_model.objects.create_user("marketing-import", password="pw")
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    client.force_login(user)
    return client


def upload(client, data: bytes, fmt="awin", **extra):
    return client.post(
        "/admin/revenue/provisionen-importieren/",
        {
            "network_format": fmt,
            "file": SimpleUploadedFile("bericht.csv", data),
            **extra,
        },
        follow=True,
    )


def test_marketing_uploads_a_report_and_sees_the_unmatched_rows(marketing):
    Transaction.objects.all().delete()
    data = (FIXTURES / "awin-transactions.csv").read_bytes()
    response = upload(marketing, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "3 neu, 0 geändert, 0 unverändert; 3 ohne Zuordnung." in text
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".revenue-unmatched tbody tr")) == 3
    again = upload(marketing, data)
    assert "0 neu, 0 geändert, 3 unverändert" in again.content.decode()


def test_a_bad_upload_shows_german_line_errors_and_changes_nothing(marketing):
    Transaction.objects.all().delete()
    data = (FIXTURES / "awin-transactions.csv").read_bytes().replace(b"pending", b"??")
    response = upload(marketing, data)
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [li.get_text() for li in soup.select(".revenue-import-errors li")]
    assert errors == [
        "Zeile 2: Unbekannter Status „??“ (offen, bestätigt oder storniert).",
        "Zeile 4: Unbekannter Status „??“ (offen, bestätigt oder storniert).",
    ]
    assert not Transaction.objects.exists()


def test_settings_form_offers_topics_and_at_most_100_tracking_ids(admin_client):
    response = admin_client.get("/admin/snippets/revenue/merchantrevenue/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tracking-IDs für Themen und Artikel (Amazon)" in html
    assert 'name="tracking_ids-MAX_NUM_FORMS" value="100"' in html


def test_demo_history_has_open_confirmed_and_cancelled_sales_and_views(db):
    call_command(
        "generate_clicks", clicks=3000, days=60, replace=True, stdout=io.StringIO()
    )
    statuses = set(Transaction.objects.values_list("status", flat=True))
    assert statuses == {Status.OPEN, Status.CONFIRMED, Status.CANCELLED}
    assert Transaction.objects.filter(matched_by="").exists()
    assert DailyPageViews.objects.exists()
    pages_with_clicks = set(
        DailyClicks.objects.filter(is_bot=False, page__isnull=False).values_list(
            "page_id", flat=True
        )
    )
    assert (
        set(DailyPageViews.objects.values_list("page_id", flat=True))
        == pages_with_clicks
    )


def test_demo_amazon_money_lands_on_its_topics_and_its_article(admin_client):
    call_command(
        "generate_clicks", clicks=3000, days=60, replace=True, stdout=io.StringIO()
    )
    amazon = MerchantRevenue.objects.get(network=Network.AMAZON)
    mapped = list(amazon.tracking_ids.order_by("pk"))
    by_topic = [t for t in mapped if t.topic_id is not None]
    by_page = [t for t in mapped if t.page_id is not None]
    assert len(by_topic) == 3 and len(by_page) == 1
    sales = Transaction.objects.filter(network=Network.AMAZON)
    article = by_page[0]
    assert set(
        sales.filter(page_id=article.page_id).values_list("tracking_id", flat=True)
    ) == {article.tracking_id}
    assert set(
        sales.filter(topic_id__isnull=False).values_list("tracking_id", flat=True)
    ) <= {t.tracking_id for t in by_topic}
    assert sales.filter(topic_id__isnull=False).exists()

    period = f"merchant={amazon.merchant_id}&period=90&export=csv"
    for report, key in (("pages", article.page.title), ("topics", None)):
        response = admin_client.get(f"/admin/revenue/{report}/?{period}")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        money = {row[0]: Decimal(row[1]) for row in rows if row[1]}
        attributed = {k: v for k, v in money.items() if k != NOT_ATTRIBUTABLE}
        assert attributed and max(attributed.values()) > 0, report
        if key:
            assert money[key] > 0
