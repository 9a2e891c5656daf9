"""What readers see of offers: fallback past out-of-stock shops, "Derzeit nicht
verfügbar", the price comparison with a labelled link per shop."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from products.blocks import PriceComparisonBlock
from products.factories import (
    AffiliateLinkFactory,
    CategoryFactory,
    MerchantFactory,
    ProductFactory,
)
from products.offers.models import DataSource, Offer, SourceKind
from products.tests.conftest import box, product_link, product_list, table, text

pytestmark = pytest.mark.django_db


def feed_offer(link, **values):
    source = DataSource.objects.create(
        name=f"Feed {link.merchant.name}",
        merchant=link.merchant,
        kind=SourceKind.GOOGLE_MERCHANT_FEED,
        feed_url="https://feed.example/feed.xml",
    )
    values.setdefault("observed_at", timezone.now() - timedelta(minutes=5))
    return Offer.objects.create(link=link, source=source, **values)


@pytest.fixture
def two_shops():
    """The preferred shop says out of stock; the second has it."""
    product = ProductFactory(category=CategoryFactory(), name="Kissen mit Lücke")
    first = AffiliateLinkFactory(
        product=product, priority=5, slug="kissen-erster", price=None
    )
    second = AffiliateLinkFactory(
        product=product, priority=1, slug="kissen-zweiter", price=Decimal("31.00")
    )
    feed_offer(first, price=Decimal("29.00"), availability="out_of_stock")
    return product, first, second


def hrefs(soup, selector):
    return [a["href"] for a in soup.select(f"{selector} a.affiliate-link")]


def test_box_falls_back_to_the_next_available_shop(two_shops, publish_article, render):
    product, _first, _second = two_shops
    page = publish_article(box(product))
    _response, soup = render(page.url)
    links = hrefs(soup, ".product-box")
    assert links and all("/go/kissen-zweiter/" in href for href in links)
    assert "29,00" not in soup.select_one(".product-box").get_text()
    assert "31,00" in soup.select_one(".product-box .price").get_text()


def test_table_list_and_text_fall_back_too(two_shops, publish_article, render):
    product, _first, _second = two_shops
    other = AffiliateLinkFactory(product=ProductFactory(category=product.category))
    page = publish_article(
        table(product, other.product),
        product_list(product.category),
        text(f"<p>Ich nutze {product_link(product, 'das Kissen')} täglich.</p>"),
    )
    _response, soup = render(page.url)
    row = next(
        tr for tr in soup.select(".product-table tbody tr") if product.name in tr.text
    )
    assert [a["href"].split("?")[0] for a in row.select("a.affiliate-link")] == [
        "/go/kissen-zweiter/"
    ]
    card = next(
        li for li in soup.select(".product-card") if product.name in li.get_text()
    )
    assert [a["href"].split("?")[0] for a in card.select("a.affiliate-link")] == [
        "/go/kissen-zweiter/"
    ]
    inline = next(a for a in soup.select("a.affiliate-link") if "das Kissen" in a.text)
    assert inline["href"].startswith("/go/kissen-zweiter/")
    assert "/go/kissen-erster/" not in str(soup)


def test_no_available_shop_says_derzeit_nicht_verfuegbar(
    two_shops, publish_article, render
):
    product, _first, second = two_shops
    feed_offer(second, price=Decimal("31.00"), availability="out_of_stock")
    other = AffiliateLinkFactory(product=ProductFactory(category=product.category))
    page = publish_article(
        box(product),
        table(product, other.product),
        product_list(product.category),
        text(f"<p>Ich nutze {product_link(product, 'das Kissen')} täglich.</p>"),
    )
    _response, soup = render(page.url)
    assert "Derzeit nicht verfügbar" in soup.select_one(".product-box").get_text()
    assert not soup.select(".product-box a.affiliate-link")
    row = next(
        tr for tr in soup.select(".product-table tbody tr") if product.name in tr.text
    )
    assert "Derzeit nicht verfügbar" in row.get_text()
    assert not row.select("a.affiliate-link")
    card = next(
        li for li in soup.select(".product-card") if product.name in li.get_text()
    )
    assert "Derzeit nicht verfügbar" in card.get_text()
    assert not card.select("a.affiliate-link")
    assert "/go/kissen-" not in str(soup)  # not in running text either
    assert "das Kissen" in soup.get_text()


def test_unknown_availability_is_shown_as_today(two_shops, publish_article, render):
    product, first, _second = two_shops
    Offer.objects.filter(link=first).update(availability="unknown")
    page = publish_article(box(product))
    _response, soup = render(page.url)
    assert "/go/kissen-erster/" in soup.select_one(".product-box__cta")["href"]


def comparison_html(product):
    block = PriceComparisonBlock()
    value = block.to_python({"product": product.pk, "title": "Preisvergleich"})
    return BeautifulSoup(block.render(value, context={}), "html.parser")


def test_price_comparison_lists_fresh_offers_by_price_each_labelled():
    product = ProductFactory()
    amazon = MerchantFactory(name="Amazon", direct=True, link_label="(bezahlter Link)")
    AffiliateLinkFactory(product=product, slug="teuer", price=Decimal("59.00"))
    cheap = AffiliateLinkFactory(product=product, merchant=amazon, price=None)
    feed_offer(
        cheap,
        price=Decimal("44.50"),
        availability="in_stock",
        shipping_note="Versandkostenfrei",
    )
    AffiliateLinkFactory(
        product=product,
        slug="alt",
        price=Decimal("9.99"),
        price_checked_at=timezone.now() - timedelta(days=3),
    )
    gone = AffiliateLinkFactory(product=product, slug="weg", price=None)
    feed_offer(gone, price=Decimal("19.00"), availability="out_of_stock")
    soup = comparison_html(product)
    rows = soup.select("tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == [
        "Amazon",
        rows[1].th.get_text(strip=True),
    ]
    assert [row.select_one(".price-comparison__price").get_text() for row in rows] == [
        "44,50 €",
        "59,00 €",
    ]
    assert "Versandkostenfrei" in rows[0].get_text()
    assert "Uhr" in rows[0].select("td")[1].get_text()  # "Stand"
    # Stale and out-of-stock offers are left out, never shown with a price.
    assert "9,99" not in soup.get_text() and "19,00" not in soup.get_text()
    assert soup.select_one(".ad-label__tag").get_text() == "Werbung"
    for row in rows:
        (link,) = row.select("a.affiliate-link")
        assert link["rel"] == ["sponsored", "nofollow", "noopener"]
        assert link.select_one(".affiliate-link__mark").get_text() == "*"
    assert "(bezahlter Link)" in rows[0].get_text()
    assert "günstigst" not in soup.get_text().lower()


def test_product_page_shows_the_comparison_when_editors_ask(render):
    from products.tests.test_catalogue import INDEX

    product = ProductFactory(show_price_comparison=True)
    AffiliateLinkFactory(product=product, price=Decimal("59.00"))
    AffiliateLinkFactory(product=product, price=Decimal("49.00"))
    _response, soup = render(f"{INDEX}{product.slug}/")
    prices = soup.select(".price-comparison__price")
    assert [p.get_text() for p in prices] == ["49,00 €", "59,00 €"]


def test_a_box_without_our_picture_shows_amazons_from_amazon_only(
    publish_article, render
):
    """Amazon's pictures may not be copied: the box links to Amazon's own URL,
    an origin the CSP allows; a feed's picture on another host is never shown."""
    amazon = "https://m.media-amazon.com/images/I/kissen.jpg"
    product = ProductFactory(category=CategoryFactory(), image=None)
    link = AffiliateLinkFactory(product=product, slug="kissen-amazon", price=None)
    feed_offer(link, price=Decimal("19.00"), image_url=amazon)
    page = publish_article(box(product))
    response, soup = render(page.url)
    assert soup.select_one(".product-box img.product-box__image")["src"] == amazon
    assert "https://m.media-amazon.com" in response["Content-Security-Policy"]

    Offer.objects.filter(link=link).update(image_url="https://cdn.shop.example/k.jpg")
    _response, soup = render(page.url)
    assert soup.select_one(".product-box img.product-box__image") is None


def test_a_catalogue_card_without_our_picture_shows_amazons(render):
    """The catalogue card follows the box: Amazon's own picture URL, sent
    without a referrer, never a copy."""
    from products.tests.test_catalogue import INDEX

    amazon = "https://m.media-amazon.com/images/I/matte.jpg"
    product = ProductFactory(category=CategoryFactory(), image=None)
    link = AffiliateLinkFactory(product=product, slug="matte-amazon", price=None)
    feed_offer(link, price=Decimal("29.00"), image_url=amazon)
    _response, soup = render(INDEX)
    image = soup.select_one(".product-card img.product-card__image--shop")
    assert image["src"] == amazon
    assert image["referrerpolicy"] == "no-referrer"
