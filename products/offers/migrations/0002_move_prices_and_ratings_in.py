"""Move AffiliateLink.price/currency/price_checked_at and Product.external_rating*
into manual offers (source empty), one per link.

A rating goes to the product's first link at its rating source's merchant; a
product without such a link loses its rating (it could not be shown with a
merchant to credit anyway). Where price and rating were checked at different
times each keeps its own moment (observed_at, rating_observed_at).

A price or rating without a check date is kept too, but stale from the
start: the old schema never showed it (Merchant.is_fresh(None) was False)
and listed it as stale, so its offer is dated one merchant's maximum age
before this migration ran. Editors find it under "Veraltete Daten"; readers
see it only once someone confirms it. Databases that already ran this
migration are unaffected by that addition.
"""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def never_fresh(merchant, now):
    """A moment whose data is stale at `now` by the merchant's rule."""
    return now - timedelta(hours=merchant.max_data_age_hours, seconds=1)


def forwards(apps, schema_editor):
    AffiliateLink = apps.get_model("products", "AffiliateLink")
    Product = apps.get_model("products", "Product")
    Offer = apps.get_model("offers", "Offer")
    PricePoint = apps.get_model("offers", "PricePoint")
    now = timezone.now()
    offers = {}
    for link in AffiliateLink.objects.filter(price__isnull=False).select_related(
        "merchant"
    ):
        offers[link.pk] = Offer(
            link_id=link.pk,
            price=link.price,
            currency=link.currency or "EUR",
            observed_at=link.price_checked_at or never_fresh(link.merchant, now),
        )
    for product in Product.objects.filter(
        external_rating__isnull=False,
        external_rating_source__isnull=False,
    ).select_related("external_rating_source"):
        link = (
            AffiliateLink.objects.filter(
                product_id=product.pk, merchant_id=product.external_rating_source_id
            )
            .order_by("-priority", "sort_order", "pk")
            .first()
        )
        if link is None:
            continue
        checked_at = product.external_rating_checked_at or never_fresh(
            product.external_rating_source, now
        )
        offer = offers.get(link.pk) or Offer(link_id=link.pk, observed_at=checked_at)
        offer.rating = product.external_rating
        offer.rating_count = product.external_rating_count
        offer.rating_observed_at = checked_at
        offers[link.pk] = offer
    created = Offer.objects.bulk_create(offers.values())
    PricePoint.objects.bulk_create(
        PricePoint(
            offer=offer,
            price=offer.price,
            currency=offer.currency,
            availability=offer.availability,
            observed_at=offer.observed_at,
        )
        for offer in created
        if offer.price is not None
    )


def backwards(apps, schema_editor):
    AffiliateLink = apps.get_model("products", "AffiliateLink")
    Product = apps.get_model("products", "Product")
    Offer = apps.get_model("offers", "Offer")
    for offer in Offer.objects.filter(source__isnull=True).select_related("link"):
        link = offer.link
        if offer.price is not None:
            AffiliateLink.objects.filter(pk=link.pk).update(
                price=offer.price,
                currency=offer.currency,
                price_checked_at=offer.observed_at,
            )
        if offer.rating is not None:
            Product.objects.filter(pk=link.product_id).update(
                external_rating=offer.rating,
                external_rating_count=offer.rating_count,
                external_rating_source_id=link.merchant_id,
                external_rating_checked_at=offer.rating_observed_at
                or offer.observed_at,
            )
    Offer.objects.filter(source__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_create_offers_and_sources")]

    operations = [migrations.RunPython(forwards, backwards)]
