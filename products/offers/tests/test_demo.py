"""The demo: its shop serves both feeds, load_demo refreshed both sources."""

import gzip
import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from products.offers.models import DataSource, Offer

ROOT = Path(__file__).resolve().parents[3]

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
    assert [(s.last_error, s.last_matched) for s in sources] == [("", 6), ("", 10)]
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
    # The sold-out marketplace falls back, and still two shops compare.
    shops = {link["href"] for link in links}
    assert len(shops) >= 2, shops
    assert soup.select_one(".affiliate-disclosure") is not None


def test_demo_sources_come_due_again_within_minutes():
    """`make run` queues due sources every minute: the demo's come due soon."""
    now = timezone.now()
    sources = DataSource.objects.filter(name__startswith="Demo-Feed")
    assert not DataSource.objects.due(now).filter(pk__in=sources)
    due = DataSource.objects.due(now + timedelta(minutes=6)).filter(pk__in=sources)
    assert due.count() == 2


def test_demo_feed_addresses_follow_the_served_port(settings):
    from products.offers import demo

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    demo.load(io.StringIO())
    urls = DataSource.objects.filter(name__startswith="Demo-Feed").values_list(
        "feed_url", flat=True
    )
    assert sorted(urls) == [
        "http://127.0.0.1:8123/demo-shop/feeds/awin.csv.gz",
        "http://127.0.0.1:8123/demo-shop/feeds/google-merchant.xml",
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_its_port_and_keeps_queueing_refreshes():
    makefile = (ROOT / "Makefile").read_text()
    # The demo's load and the server share one address, from PORT.
    assert re.search(
        r"^demo run: export WAGTAILADMIN_BASE_URL \?= http://127\.0\.0\.1:\$\(PORT\)$",
        makefile,
        re.MULTILINE,
    )
    # -n: print the recipe, run nothing.
    recipe = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8123"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"while sleep 60; do .*manage\.py refresh_offers", recipe)
    assert "db_worker" in recipe
    assert "runserver 127.0.0.1:8123" in recipe
