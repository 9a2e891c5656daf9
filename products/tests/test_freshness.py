"""Prices and third-party ratings appear only while their source allows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.models import Product
from products.page_products import fresh_until

from .conftest import box, table

pytestmark = pytest.mark.django_db


def rated_product(merchant, hours_ago):
    return ProductFactory(
        external_rating=Decimal("4.5"),
        external_rating_count=3812,
        external_rating_source=merchant,
        external_rating_checked_at=timezone.now() - timedelta(hours=hours_ago),
    )


def test_fresh_price_shows_amount_and_time_stamp(publish_article, render):
    checked = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    link = AffiliateLinkFactory(price=Decimal("1299.5"), price_checked_at=checked)
    page = publish_article(box(link.product))
    _response, soup = render(page.url)
    price = soup.select_one(".product-box .price")
    local = timezone.localtime(checked)
    assert price.select_one(".price__amount").get_text() == "1.299,50 €"
    stamp = date_format(local, "j. F Y, H:i") + " Uhr"  # "4. Dezember 2026, 09:05"
    assert f"Preis inkl. MwSt., Stand: {stamp}" in price.get_text()


def test_price_older_than_the_merchant_allows_is_hidden(publish_article, render):
    amazon = MerchantFactory(direct=True, max_data_age_hours=24)
    link = AffiliateLinkFactory(
        merchant=amazon,
        price=Decimal("49.99"),
        price_checked_at=timezone.now() - timedelta(hours=25),
    )
    page = publish_article(box(link.product), table(link.product, ProductFactory()))
    response, soup = render(page.url)
    html = response.content.decode()
    assert "49,99" not in html
    assert (
        soup.select_one(".product-box .price--check")
        .get_text()
        .startswith("Aktuellen Preis prüfen")
    )
    # The button stays: only the stale data goes.
    assert soup.select_one(".product-box a.affiliate-link.button") is not None


def test_the_same_age_is_fresh_for_a_more_tolerant_merchant(publish_article, render):
    shop = MerchantFactory(max_data_age_hours=72)
    link = AffiliateLinkFactory(
        merchant=shop,
        price=Decimal("49.99"),
        price_checked_at=timezone.now() - timedelta(hours=25),
    )
    page = publish_article(box(link.product))
    response, _soup = render(page.url)
    assert "49,99 €" in response.content.decode()


def test_stale_external_rating_is_hidden_our_rating_stays(publish_article, render):
    amazon = MerchantFactory(name="Amazon", max_data_age_hours=24)
    stale = rated_product(amazon, hours_ago=30)
    AffiliateLinkFactory(product=stale)
    page = publish_article(box(stale))
    response, soup = render(page.url)
    html = response.content.decode()
    assert "3.812 Bewertungen" not in html
    assert soup.select_one(".rating .stars")["aria-label"] == "4,5 von 5 Sternen"
    assert len(soup.select(".product-box .rating")) == 1


def test_fresh_external_rating_reads_like_the_source(publish_article, render):
    amazon = MerchantFactory(name="Amazon", max_data_age_hours=24)
    fresh = rated_product(amazon, hours_ago=3)
    AffiliateLinkFactory(product=fresh)
    page = publish_article(box(fresh))
    _response, soup = render(page.url)
    external = soup.select_one(".rating--external")
    assert "4,5 Sterne aus 3.812 Bewertungen bei Amazon" in external.get_text()
    assert external.select_one(".stars")["role"] == "img"


def test_offer_answers_freshness_at_a_given_time():
    link = AffiliateLinkFactory(price_checked_at=timezone.now())
    product = Product.objects.for_display().get(pk=link.product.pk)
    now = timezone.now()
    assert product.snapshot(now).best_offer.price_is_fresh
    assert not product.snapshot(
        now + timedelta(hours=24, minutes=1)
    ).best_offer.price_is_fresh


def test_fresh_until_is_the_first_moment_any_shown_data_turns_stale(publish_article):
    checked = timezone.now() - timedelta(hours=1)
    early = AffiliateLinkFactory(price_checked_at=checked)
    late = AffiliateLinkFactory(
        merchant=MerchantFactory(max_data_age_hours=72), price_checked_at=checked
    )
    page = publish_article(box(early.product), box(late.product))
    assert fresh_until(page) == checked + timedelta(hours=24)


def test_editors_see_what_is_stale():
    link = AffiliateLinkFactory(price_checked_at=timezone.now() - timedelta(days=2))
    product = link.product
    assert product.stale_data(timezone.now()) == [f"Preis bei {link.merchant.name}"]
    fresh = AffiliateLinkFactory().product
    stale_ids = set(
        Product.objects.with_stale_data(timezone.now()).values_list("pk", flat=True)
    )
    assert product.pk in stale_ids
    assert fresh.pk not in stale_ids


def test_fresh_until_knows_when_an_offer_ends_or_begins(publish_article):
    """A cached page must not show an offer past its end, nor miss one that
    starts: both moments bound its lifetime like a price's age."""
    now = timezone.now()
    ending = AffiliateLinkFactory(
        price=None, price_checked_at=None, valid_until=now + timedelta(minutes=30)
    )
    page = publish_article(box(ending.product))
    assert fresh_until(page) == ending.valid_until
    starting = AffiliateLinkFactory(
        product=ending.product,
        price=None,
        price_checked_at=None,
        valid_from=now + timedelta(minutes=10),
    )
    page = publish_article(box(ending.product))
    assert fresh_until(page) == starting.valid_from
