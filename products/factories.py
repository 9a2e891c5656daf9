"""Factories for the catalogue (factory_boy); tests build their data with these."""

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import (
    AffiliateLink,
    Brand,
    Category,
    LinkMode,
    Merchant,
    Product,
    ProductIndexPage,
)


class CategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")

    class Meta:
        model = Category


class BrandFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Marke {n}")
    slug = factory.Sequence(lambda n: f"marke-{n}")

    class Meta:
        model = Brand


class MerchantFactory(DjangoModelFactory):
    """A redirect-mode merchant; `direct=True` for one like Amazon."""

    name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    max_data_age_hours = 24
    disclosure_statement = factory.LazyAttribute(
        lambda o: f"Als Partner von {o.name} verdienen wir an qualifizierten Verkäufen."
    )

    class Meta:
        model = Merchant

    class Params:
        direct = factory.Trait(link_mode=LinkMode.DIRECT)


def set_manual_offer(link, **values):
    """The link's manual offer (products.offers) with these values."""
    from products.offers.models import Offer

    offer, _created = Offer.objects.update_or_create(
        link=link, source=None, defaults=values
    )
    return offer


class ProductFactory(DjangoModelFactory):
    """A product; external_rating* put a rating on the manual offer of its
    link at external_rating_source (a link without a price if it has none)."""

    name = factory.Sequence(lambda n: f"Testprodukt {n}")
    slug = factory.Sequence(lambda n: f"testprodukt-{n}")
    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    image = factory.SubFactory(wagtail_factories.ImageFactory)
    short_description = "Ein Produkt für Tests."
    verdict = "Hält, was es verspricht."
    pros = "Wärmt gut\nLeise"
    cons = "Kabel kurz"
    our_rating = Decimal("4.5")

    class Meta:
        model = Product

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        rating = {
            key: kwargs.pop(key)
            for key in (
                "external_rating",
                "external_rating_count",
                "external_rating_source",
                "external_rating_checked_at",
            )
            if key in kwargs
        }
        product = super()._create(model_class, *args, **kwargs)
        if rating.get("external_rating") is not None:
            merchant = rating["external_rating_source"]
            link = product.links.filter(merchant=merchant).first()
            if link is None:
                link = AffiliateLinkFactory(
                    product=product,
                    merchant=merchant,
                    price=None,
                    price_checked_at=None,
                )
            set_manual_offer(
                link,
                rating=rating["external_rating"],
                rating_count=rating.get("external_rating_count"),
                observed_at=rating.get("external_rating_checked_at") or timezone.now(),
                rating_observed_at=rating.get("external_rating_checked_at"),
            )
        return product


class AffiliateLinkFactory(DjangoModelFactory):
    """A live link with a price checked an hour ago (a manual offer);
    price=None and price_checked_at=None: a link without any offer."""

    product = factory.SubFactory(ProductFactory)
    merchant = factory.SubFactory(MerchantFactory)
    url = factory.Sequence(
        lambda n: f"https://shop.example/produkt-{n}?tag=backportal-21"
    )
    slug = factory.Sequence(lambda n: f"link-{n}")
    price = Decimal("49.99")
    price_checked_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Meta:
        model = AffiliateLink

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        price = kwargs.pop("price", None)
        currency = kwargs.pop("currency", "EUR")
        checked_at = kwargs.pop("price_checked_at", None)
        link = super()._create(model_class, *args, **kwargs)
        if price is not None or checked_at is not None:
            set_manual_offer(
                link,
                price=price,
                currency=currency,
                observed_at=checked_at or timezone.now(),
            )
        return link


class ProductIndexPageFactory(wagtail_factories.PageFactory):
    title = "Unsere Empfehlungen"
    slug = "empfehlungen"

    class Meta:
        model = ProductIndexPage
