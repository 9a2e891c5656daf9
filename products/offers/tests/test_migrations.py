"""Prices and ratings survive their move from links and products into offers.

Migrates back to before offers.0002 (prices on AffiliateLink, ratings on
Product), writes rows the way that schema stored them, migrates forward to
the latest state and checks the offers. transactional_db: migrations need
their own transactions; the conftest reloads the demo afterwards.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from products.tests.test_migrations import migrate

BEFORE_OFFERS = [
    ("products", "0004_add_import_prices_permission"),
    ("offers", "0001_create_offers_and_sources"),
]
CHECKED = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def test_prices_and_ratings_become_offers_and_nothing_is_lost(transactional_db):
    from products.offers.models import Offer, PricePoint

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE_OFFERS)
    Merchant = old.get_model("products", "Merchant")
    Product = old.get_model("products", "Product")
    Link = old.get_model("products", "AffiliateLink")
    shop = Merchant.objects.create(
        name="Alter Laden", slug="alter-laden-offers", max_data_age_hours=48
    )
    category = old.get_model("products", "Category").objects.create(
        name="Altbestand", slug="altbestand-offers", claims_kind="device"
    )

    def product(slug, **fields):
        return Product.objects.create(
            name=slug, slug=slug, category=category, verdict="Gut.", **fields
        )

    def link(item, **fields):
        return Link.objects.create(
            product=item,
            merchant=shop,
            url=f"https://shop.example/{item.slug}",
            slug=f"alt-{item.slug}",
            **fields,
        )

    dated = link(
        product(
            "mit-datum",
            external_rating=Decimal("4.3"),
            external_rating_count=87,
            external_rating_source=shop,
            external_rating_checked_at=CHECKED - timedelta(days=1),
        ),
        price=Decimal("29.95"),
        currency="EUR",
        price_checked_at=CHECKED,
    )
    undated = link(
        product(
            "ohne-datum",
            external_rating=Decimal("3.9"),
            external_rating_count=5,
            external_rating_source=shop,
        ),
        price=Decimal("19.00"),
        currency="EUR",
    )
    priceless = link(product("ohne-preis"))

    before = timezone.now()
    migrate(latest)

    offer = Offer.objects.get(link_id=dated.pk, source=None)
    assert (offer.price, offer.currency, offer.observed_at) == (
        Decimal("29.95"),
        "EUR",
        CHECKED,
    )
    assert (offer.rating, offer.rating_count, offer.rating_observed_at) == (
        Decimal("4.3"),
        87,
        CHECKED - timedelta(days=1),
    )
    assert list(
        PricePoint.objects.filter(offer=offer).values_list("price", flat=True)
    ) == [Decimal("29.95")]

    # A price or rating without a check date is kept, but was never shown and
    # is not shown now: stale from the moment of the migration on.
    kept = Offer.objects.get(link_id=undated.pk, source=None)
    assert (kept.price, kept.rating, kept.rating_count) == (
        Decimal("19.00"),
        Decimal("3.9"),
        5,
    )
    assert not kept.is_fresh(before)
    assert not kept.rating_is_fresh(before)
    assert (
        before - timedelta(hours=49) < kept.observed_at < before - timedelta(hours=48)
    )
    assert PricePoint.objects.filter(offer=kept).count() == 1

    assert not Offer.objects.filter(link_id=priceless.pk).exists()
