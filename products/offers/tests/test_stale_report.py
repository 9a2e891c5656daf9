"""Admin "Veraltete Daten": only stale or out-of-stock offers, what and since
when (Berlin time), and the pages that show them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.factories import ArticlePageFactory
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.offers.models import DataSource, Offer, PricePoint, SourceKind
from products.offers.reports import offer_problems, stale_products
from products.tests.conftest import box

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/veraltete-daten/"
# Winter time in Berlin: UTC + 1.
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def rows(admin_client) -> dict[str, str]:
    html = BeautifulSoup(admin_client.get(REPORT).content, "html.parser")
    return {
        tr.select_one("td").get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in html.select("tbody tr")
    }


def problems(product, at=NOW):
    (loaded,) = stale_products(at).filter(pk=product.pk)
    return offer_problems(loaded, at)


def test_a_feed_offer_is_stale_by_its_sources_stricter_rule():
    shop = MerchantFactory(name="Wochenladen", max_data_age_hours=72)
    source = DataSource.objects.create(
        name="Feed Wochenladen",
        merchant=shop,
        kind=SourceKind.GOOGLE_MERCHANT_FEED,
        feed_url="https://shop.example/feed.xml",
        max_age_hours=6,
    )
    link = AffiliateLinkFactory(merchant=shop, price=None, price_checked_at=None)
    Offer.objects.create(
        link=link,
        source=source,
        price=Decimal("19.90"),
        availability="in_stock",
        observed_at=NOW - timedelta(hours=8),  # fine for the shop, not the feed
    )
    assert problems(link.product) == [
        "Preis bei Wochenladen veraltet seit 5. Dezember 2026, 11:00 "
        "(Stand 5. Dezember 2026, 05:00, Quelle Feed Wochenladen)"
    ]
    fresh = AffiliateLinkFactory(merchant=shop, price=None, price_checked_at=None)
    Offer.objects.create(
        link=fresh, source=source, price=Decimal("9.90"), observed_at=NOW
    )
    assert not stale_products(NOW).filter(pk=fresh.product.pk).exists()


def test_an_out_of_stock_offer_says_since_when():
    shop = MerchantFactory(name="Marktplatz", max_data_age_hours=24)
    link = AffiliateLinkFactory(merchant=shop, price=None, price_checked_at=None)
    offer = Offer.objects.create(
        link=link,
        price=Decimal("49.99"),
        availability="out_of_stock",
        observed_at=NOW - timedelta(hours=1),
    )
    for hours, availability in (
        (50, "in_stock"),
        (30, "out_of_stock"),
        (1, "out_of_stock"),
    ):
        PricePoint.objects.create(
            offer=offer,
            price=Decimal("49.99"),
            currency="EUR",
            availability=availability,
            observed_at=NOW - timedelta(hours=hours),
        )
    assert problems(link.product) == [
        "Nicht lieferbar bei Marktplatz seit 4. Dezember 2026, 07:00 "
        "(zuletzt gemeldet 5. Dezember 2026, 12:00, manuell)"
    ]


def test_the_report_lists_only_stale_or_unavailable_offers_and_their_pages(
    admin_client,
):
    shop = MerchantFactory(name="Tagesladen", max_data_age_hours=24)
    now = timezone.now()
    sold_out = AffiliateLinkFactory(
        merchant=shop,
        product=ProductFactory(name="Ausverkauftes Kissen"),
        price=None,
        price_checked_at=None,
    )
    Offer.objects.create(
        link=sold_out,
        price=Decimal("30.00"),
        availability="out_of_stock",
        observed_at=now,
    )
    old = AffiliateLinkFactory(
        merchant=shop,
        product=ProductFactory(name="Kissen mit altem Preis"),
        price_checked_at=now - timedelta(hours=30),
    )
    unused_fresh = AffiliateLinkFactory(
        merchant=shop, product=ProductFactory(name="Frisch auf keiner Seite")
    )
    page = ArticlePageFactory(title="Kissen im Test", body=[box(sold_out.product)])
    page.save_revision().publish()
    listed = rows(admin_client)
    assert unused_fresh.product.name not in listed
    assert "Nicht lieferbar bei Tagesladen seit" in listed["Ausverkauftes Kissen"]
    assert "Kissen im Test" in listed["Ausverkauftes Kissen"]
    assert "Preis bei Tagesladen veraltet seit" in listed["Kissen mit altem Preis"]
    assert "auf keiner Seite" in listed["Kissen mit altem Preis"]
    assert old.product.name in listed
