"""The demo: its shop serves both feeds, load_demo refreshed both sources."""

import gzip

import pytest

from products.offers.models import DataSource, Offer

pytestmark = pytest.mark.django_db


def test_demo_shop_serves_a_google_and_an_awin_feed(client):
    google = client.get("/demo-shop/feeds/google-merchant.xml")
    assert google.status_code == 200
    assert b'xmlns:g="http://base.google.com/ns/1.0"' in google.content
    awin = client.get("/demo-shop/feeds/awin.csv.gz")
    assert gzip.decompress(awin.content).startswith(b"aw_product_id,")


def test_demo_sources_are_healthy_and_one_product_falls_back(client):
    sources = DataSource.objects.filter(name__startswith="Demo-Feed")
    assert sources.count() == 2
    assert [(s.last_error, s.last_matched) for s in sources] == [("", 4), ("", 7)]
    gone = Offer.objects.get(
        source__merchant__slug="demo-marktplatz",
        link__product__slug="waermewerk-shiatsu-kissen",
    )
    assert gone.availability == "out_of_stock"
    page = client.get("/empfehlungen/waermewerk-shiatsu-kissen/").content.decode()
    assert "price-comparison" in page
    assert "/go/waermewerk-shiatsu-kissen-demo-marktplatz/" not in page


def test_feeds_exist_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert client.get("/demo-shop/feeds/awin.csv.gz").status_code == 404


def test_a_demo_article_compares_the_shops_with_labelled_links(client):
    """The price comparison in an article: each shop's link labelled and
    sponsored, the shop that ran out left out, the disclosure on the page."""
    from bs4 import BeautifulSoup

    html = client.get("/ratgeber/lws-schmerzen-ursachen-und-behandlung/").content
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one(".price-comparison")
    assert block is not None
    assert "Preise im Vergleich" in block.get_text()
    links = block.select("a[href^='/go/']")
    assert links
    for link in links:
        assert link["rel"] == ["sponsored", "nofollow", "noopener"]
    assert "Werbung" in block.get_text()
    assert "/go/waermewerk-shiatsu-kissen-demo-marktplatz/" not in str(block)
    assert soup.select_one(".affiliate-disclosure") is not None
