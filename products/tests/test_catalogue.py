"""The public catalogue: "Unsere Empfehlungen" and a detail page per product."""

import json

import pytest

from products.factories import AffiliateLinkFactory, ProductFactory
from products.models import ProductIndexPage

pytestmark = pytest.mark.django_db

INDEX = "/empfehlungen/"


def json_ld_nodes(soup):
    nodes = []
    for script in soup.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        nodes.extend(data.get("@graph", [data]))
    return nodes


def test_index_lists_active_products_by_category_with_labels(render):
    _response, soup = render(INDEX)
    assert soup.h1.get_text() == "Unsere Empfehlungen"
    sections = soup.select(".catalogue__section")
    assert [s.h2.get_text() for s in sections] == [
        "Massagekissen",
        "Akupressurmatte",
        "Wärmepflaster",
        "Magnesium",
        "Massagesessel",
    ]
    for section in sections:
        assert section.select_one(".ad-label__tag").get_text() == "Werbung"
        assert len(section.select(".product-card")) >= 2
        for a in section.select("a.affiliate-link"):
            assert a["rel"] == ["sponsored", "nofollow", "noopener"]
            assert "p=catalogue" in (a.get("ping") or a["href"])
    assert soup.select_one("aside.affiliate-disclosure") is not None


def test_index_hides_archived_products(render):
    archived = AffiliateLinkFactory(
        product=ProductFactory(is_active=False, name="Weg damit")
    )
    response, _soup = render(INDEX)
    assert archived.product.name not in response.content.decode()


def test_list_pages_carry_no_product_markup(render):
    _response, soup = render(INDEX)
    types = {node["@type"] for node in json_ld_nodes(soup)}
    assert "Product" not in types
    assert "AggregateRating" not in json.dumps(json_ld_nodes(soup))


def test_detail_page_shows_the_product_and_all_live_offers(render):
    link = AffiliateLinkFactory()
    second = AffiliateLinkFactory(product=link.product)
    _response, soup = render(f"{INDEX}{link.product.slug}/")
    assert soup.h1.get_text() == link.product.name
    offers = soup.select(".product-detail__offers a.affiliate-link")
    assert {a["href"].split("?")[0] for a in offers} == {
        f"/go/{link.slug}/",
        f"/go/{second.slug}/",
    }
    assert soup.select_one(".ad-label__tag").get_text() == "Werbung"
    assert soup.select_one("aside.affiliate-disclosure") is not None
    crumbs = [li.get_text() for li in soup.select(".breadcrumbs li")]
    assert crumbs == ["Startseite", "Unsere Empfehlungen", link.product.name]


def test_detail_page_has_one_product_with_our_review_and_no_aggregate_rating(render):
    from decimal import Decimal

    from django.utils import timezone

    from products.factories import MerchantFactory

    product = ProductFactory(
        our_rating=Decimal("4.5"),
        review_author="Lena Hoffmann",
        pros="Wärmt gut\nLeise",
        cons="Kabel kurz",
        external_rating=Decimal("4.4"),
        external_rating_count=3812,
        external_rating_source=MerchantFactory(name="Amazon"),
        external_rating_checked_at=timezone.now(),
    )
    AffiliateLinkFactory(product=product)
    response, soup = render(f"{INDEX}{product.slug}/")
    # Readers see the third-party stars ...
    assert "3.812 Bewertungen bei Amazon" in soup.get_text()
    # ... the markup never claims them.
    nodes = json_ld_nodes(soup)
    products = [node for node in nodes if node["@type"] == "Product"]
    assert len(products) == 1
    assert "aggregateRating" not in json.dumps(nodes)
    review = products[0]["review"]
    assert review["reviewRating"]["ratingValue"] == "4.5"
    assert review["author"] == {"@type": "Person", "name": "Lena Hoffmann"}
    assert [i["name"] for i in review["positiveNotes"]["itemListElement"]] == [
        li.get_text() for li in soup.select(".pros-cons__col--pros li")
    ]
    assert [i["name"] for i in review["negativeNotes"]["itemListElement"]] == [
        li.get_text() for li in soup.select(".pros-cons__col--cons li")
    ]


def test_archived_product_page_stays_reachable_without_buttons(render):
    link = AffiliateLinkFactory(product=ProductFactory(is_active=False))
    _response, soup = render(f"{INDEX}{link.product.slug}/")
    assert "nicht mehr" in soup.select_one(".product-detail__archived").get_text()
    assert soup.select("a.affiliate-link") == []
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select_one("aside.affiliate-disclosure") is None


def test_unknown_product_gets_the_404_page(render):
    render(f"{INDEX}gibt-es-nicht/", status=404)


def test_stars_have_a_text_alternative(render):
    product = ProductFactory(our_rating="4.5")
    _response, soup = render(f"{INDEX}{product.slug}/")
    stars = soup.select_one(".stars")
    assert stars["role"] == "img"
    assert stars["aria-label"] == "4,5 von 5 Sternen"


def test_sitemap_lists_the_product_pages():
    index = ProductIndexPage.objects.get()
    product = ProductFactory()
    locations = [entry["location"] for entry in index.get_sitemap_urls()]
    assert any(loc.endswith(f"/empfehlungen/{product.slug}/") for loc in locations)


def test_articles_link_to_the_detail_page_from_the_box(
    publish_article, render, redirect_link
):
    from .conftest import box

    page = publish_article(box(redirect_link.product))
    _response, soup = render(page.url)
    details = soup.select_one(".product-box__details a")
    assert details["href"] == f"{INDEX}{redirect_link.product.slug}/"
