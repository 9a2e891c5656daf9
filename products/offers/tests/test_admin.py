"""Admin: "Datenquellen" with health, "Jetzt aktualisieren", dashboard warning,
price history; the secret behind a source never shows."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from products.factories import AffiliateLinkFactory, MerchantFactory
from products.offers.models import (
    DataSource,
    Offer,
    PricePoint,
    SourceKind,
    record_price,
)

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-wert-7781"
LIST = "/admin/snippets/offers/datasource/"


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setenv("AWIN_FEED_KEY", SECRET)
    return DataSource.objects.create(
        name="Awin Rückenladen",
        merchant=MerchantFactory(name="Rückenladen"),
        kind=SourceKind.AWIN_FEED,
        feed_url="https://productdata.awin.com/datafeed/download/apikey/{key}/x.csv.gz",
        secret_env_var="AWIN_FEED_KEY",
        last_success_at=timezone.now() - timedelta(hours=2),
        last_matched=12,
        next_run_at=timezone.now() + timedelta(hours=4),
    )


def test_sources_list_shows_health_and_never_the_secret(admin_client, source):
    response = admin_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Awin Rückenladen" in html and "In Ordnung" in html
    assert "Jetzt aktualisieren" in html
    for url in (
        LIST,
        reverse("wagtailsnippets_offers_datasource:edit", args=[source.pk]),
        reverse("wagtailsnippets_offers_datasource:inspect", args=[source.pk]),
    ):
        assert SECRET not in admin_client.get(url).content.decode()
    export = admin_client.get(LIST + "?export=csv")
    assert SECRET not in b"".join(export.streaming_content).decode()


def test_the_form_takes_a_variable_name_not_a_secret(admin_client, source):
    edit = reverse("wagtailsnippets_offers_datasource:edit", args=[source.pk])
    data = {
        "name": source.name,
        "merchant": source.merchant.pk,
        "kind": source.kind,
        "feed_url": source.feed_url,
        "secret_env_var": "ab-cd 1234 geheim",
        "marketplace": "",
        "interval_minutes": 360,
        "timeout_seconds": 60,
        "requests_per_minute": 60,
    }
    response = admin_client.post(edit, data)
    assert response.status_code == 200
    assert "nie das Geheimnis selbst" in response.content.decode()


def test_jetzt_aktualisieren_enqueues_one_refresh(admin_client, source, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse("offers_refresh_source", args=[source.pk])
    assert "Jetzt aktualisieren" in admin_client.get(url).content.decode()
    response = admin_client.post(url)
    assert response.status_code == 302
    (task,) = DBTaskResult.objects.filter(task_path__endswith="refresh_source_task")
    assert task.args_kwargs["args"] == [source.pk, False]


def test_dashboard_warns_about_failing_or_matchless_sources(admin_client, source):
    dashboard = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert dashboard.select_one(".offers-source-health") is None
    source.consecutive_failures = 3
    source.last_error = "HTTP 401: Zugang abgelehnt"
    source.save()
    panel = BeautifulSoup(
        admin_client.get("/admin/").content, "html.parser"
    ).select_one(".offers-source-health")
    assert "3 Abrufe in Folge fehlgeschlagen" in panel.get_text()
    source.consecutive_failures = 0
    source.last_matched = 0
    source.save()
    panel = BeautifulSoup(
        admin_client.get("/admin/").content, "html.parser"
    ).select_one(".offers-source-health")
    assert "keinem unserer Produkte zugeordnet" in panel.get_text()


def test_price_history_chart_on_the_products_admin(admin_client):
    link = AffiliateLinkFactory(price=None, price_checked_at=None)
    offer = Offer.objects.create(
        link=link,
        price=Decimal("49.00"),
        observed_at=timezone.now() - timedelta(days=3),
    )
    assert record_price(offer)
    assert not record_price(offer)  # same price again: no new row
    offer.price, offer.observed_at = Decimal("44.00"), timezone.now()
    assert record_price(offer)
    assert PricePoint.objects.filter(offer=offer).count() == 2
    html = admin_client.get(
        reverse("offers_price_history", args=[link.product.pk])
    ).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("svg.offers-price-chart polyline") is not None
    assert [td.get_text() for td in soup.select("tbody tr td:nth-of-type(3)")] == [
        "44,00 €",
        "49,00 €",
    ]
    listing = admin_client.get("/admin/snippets/products/product/").content.decode()
    assert reverse("offers_price_history", args=[link.product.pk]) in listing


def test_next_run_reads_as_minutes_or_a_berlin_time_never_just_now(
    admin_client, source
):
    soon = DataSource.objects.create(
        name="Bald",
        merchant=source.merchant,
        kind=SourceKind.GOOGLE_MERCHANT_FEED,
        feed_url="https://shop.example/feed.xml",
        next_run_at=timezone.now() + timedelta(minutes=25),
    )
    source.next_run_at = datetime(2030, 7, 1, 12, 30, tzinfo=UTC)  # summer: +2
    source.save()
    html = BeautifulSoup(admin_client.get(LIST).content, "html.parser")
    rows = {
        tr.select_one("td a").get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in html.select("tbody tr")
    }
    assert "in 25 Minuten" in rows[soon.name]
    assert "1. Juli 2030, 14:30" in rows[source.name]
    assert "Jetzt gerade" not in rows[soon.name] + rows[source.name]


def test_the_inspect_view_shows_berlin_local_times(admin_client, source):
    source.last_success_at = datetime(2026, 12, 5, 13, 30, tzinfo=UTC)  # winter: +1
    source.last_run_at = source.last_success_at
    source.next_run_at = datetime(2030, 7, 1, 12, 30, tzinfo=UTC)
    source.save()
    url = reverse("wagtailsnippets_offers_datasource:inspect", args=[source.pk])
    text = BeautifulSoup(admin_client.get(url).content, "html.parser").get_text(" ")
    assert "5. Dezember 2026, 14:30" in text
    assert "1. Juli 2030, 14:30" in text
    assert "13:30" not in text and "12:30" not in text


def test_the_product_edit_page_links_to_its_price_history(admin_client):
    link = AffiliateLinkFactory()
    edit = reverse("wagtailsnippets_products_product:edit", args=[link.product.pk])
    soup = BeautifulSoup(admin_client.get(edit).content, "html.parser")
    history = reverse("offers_price_history", args=[link.product.pk])
    (button,) = soup.select(f"header a[href='{history}']")
    assert "Preisverlauf" in button.get_text()
    assert admin_client.get(history).status_code == 200
