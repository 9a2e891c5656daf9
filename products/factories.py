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


class ProductFactory(DjangoModelFactory):
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


class AffiliateLinkFactory(DjangoModelFactory):
    """A live link with a price checked just now."""

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


class ProductIndexPageFactory(wagtail_factories.PageFactory):
    title = "Unsere Empfehlungen"
    slug = "empfehlungen"

    class Meta:
        model = ProductIndexPage
