"""Varnish in front of gunicorn, with the VCL the repository ships.

Readers' pages come from Varnish; publishing a page or changing a product
purges what shows it (Wagtail's frontend cache sends HTTP PURGE); a price
turning stale ends a page's life in Varnish; /go/ and /click/ always reach the
app; only allowed addresses may purge. varnishd runs on a loopback port of its
own with a private work folder.
"""

import datetime
import http.client
import io
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from products.clicks.models import Click, Outcome
from products.factories import set_manual_offer
from products.models import AffiliateLink
from products.page_products import page_affiliate_products
from tests.quality.caching import demo_article, publish_new_title, rename_first_product
from tests.quality.pages import ARTICLE
from tests.quality.tools import require

from .server import database_url, gunicorn, production_env
from .services import compose_app_environment, varnish

pytestmark = pytest.mark.load

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0"
CLICKS = 40
STALE_IN_SECONDS = 15


@pytest.fixture
def cached_site(transactional_db, static_root, tmp_path):
    """Varnish (yielded) in front of gunicorn in production settings; the
    site's address is Varnish's, so purges name the URLs readers ask for."""
    require(shutil.which("varnishd") is not None, "varnishd missing (apt varnish)")
    require(
        connection.vendor == "postgresql",
        "load tests need PostgreSQL: set DATABASE_URL=postgres://…",
    )
    call_command("load_demo", stdout=io.StringIO())
    env = production_env(
        database_url(connection.settings_dict),
        static_root,
        settings.MEDIA_ROOT,
        # Varnish is the only cache here, so what it serves is what it kept.
        PAGE_CACHE_SECONDS="0",
        FRAGMENT_CACHE_SECONDS="0",
        CDN_MAX_AGE="300",
        CDN_STALE_SECONDS="30",
        # Readers' addresses from X-Forwarded-For, as compose.yaml says.
        CLICKS_TRUSTED_PROXIES=compose_app_environment()["CLICKS_TRUSTED_PROXIES"],
    )
    with (
        (tmp_path / "gunicorn.log").open("w") as log,
        gunicorn(env, log=log) as app,
        varnish(app.removeprefix("http://")) as proxy,
    ):
        Site.objects.filter(is_default_site=True).update(
            hostname="127.0.0.1", port=proxy.port
        )
        frontend = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": proxy.url,
            }
        }
        with override_settings(WAGTAILFRONTENDCACHE=frontend):
            yield proxy


def fetch(proxy, path, method="GET", source="127.0.0.1", headers=None):
    """(status, headers, body) of one request through Varnish from `source`."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", proxy.port, timeout=30, source_address=(source, 0)
    )
    try:
        conn.request(
            method, path, headers={"User-Agent": BROWSER_UA, **(headers or {})}
        )
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def from_varnish(headers) -> bool:
    """A hit carries two transaction ids in X-Varnish (this one, the stored one)."""
    return len(headers["X-Varnish"].split()) == 2


def test_pages_come_from_varnish_until_a_change_purges_them(cached_site):
    status, headers, _ = fetch(cached_site, ARTICLE)
    assert status == 200
    assert "s-maxage=" in headers["Cache-Control"]
    assert not from_varnish(headers)
    status, headers, _ = fetch(cached_site, ARTICLE)
    assert from_varnish(headers), headers
    assert "Age" in headers

    # Publishing purges the page and its parents' listings.
    fetch(cached_site, "/ratgeber/")
    assert from_varnish(fetch(cached_site, "/ratgeber/")[1])
    publish_new_title("Verhärtete Muskeln im unteren Rücken lockern")
    _, headers, body = fetch(cached_site, ARTICLE)
    assert not from_varnish(headers)
    assert "Verhärtete Muskeln im unteren Rücken lockern" in body
    _, headers, body = fetch(cached_site, "/ratgeber/")
    assert not from_varnish(headers)
    assert "Verhärtete Muskeln im unteren Rücken lockern" in body

    # A product change purges the article that shows it.
    fetch(cached_site, ARTICLE)
    assert from_varnish(fetch(cached_site, ARTICLE)[1])
    rename_first_product("Faszienrolle Varnish-Test")
    _, headers, body = fetch(cached_site, ARTICLE)
    assert not from_varnish(headers)
    assert "Faszienrolle Varnish-Test" in body


def test_a_price_change_and_an_unpublish_purge_the_pages_that_showed_them(
    cached_site,
):
    product, _placement = page_affiliate_products(demo_article())[0]
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    # Only the manual offer counts: the demo feed's offer of the link goes.
    link.offers.filter(source__isnull=False).delete()
    set_manual_offer(link, price=Decimal("19.00"), observed_at=timezone.now())
    fetch(cached_site, ARTICLE)
    _, headers, body = fetch(cached_site, ARTICLE)
    assert from_varnish(headers)
    assert "19,00" in body

    # An editor changes the price (the offer's save renews and purges the
    # pages that show its product, as a refresh's invalidation does).
    set_manual_offer(link, price=Decimal("23.45"), observed_at=timezone.now())
    _, headers, body = fetch(cached_site, ARTICLE)
    assert not from_varnish(headers)
    assert "23,45" in body
    assert "19,00" not in body

    # Unpublishing purges the page and the listing that linked it.
    fetch(cached_site, "/ratgeber/")
    _, headers, body = fetch(cached_site, "/ratgeber/")
    assert from_varnish(headers)
    article = demo_article()
    assert article.title in body
    assert from_varnish(fetch(cached_site, ARTICLE)[1])
    article.unpublish()
    status, headers, _ = fetch(cached_site, ARTICLE)
    assert status == 404
    assert not from_varnish(headers)
    _, headers, body = fetch(cached_site, "/ratgeber/")
    assert not from_varnish(headers)
    assert article.title not in body


def test_a_page_leaves_varnish_before_its_price_turns_stale(cached_site):
    product, _placement = page_affiliate_products(demo_article())[0]
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    # Only this price counts: the demo feed's newer offer of the link goes.
    link.offers.filter(source__isnull=False).delete()
    offer = set_manual_offer(
        link,
        price=19,
        observed_at=timezone.now()
        - link.merchant.max_data_age
        + datetime.timedelta(seconds=STALE_IN_SECONDS),
    )
    stale_at = offer.observed_at + link.merchant.max_data_age

    asked = timezone.now()
    _, headers, _ = fetch(cached_site, ARTICLE)
    stored = timezone.now()  # Varnish counts the page's age from its arrival
    directives = dict(
        (part.strip().split("=") + [""])[:2]
        for part in headers["Cache-Control"].split(",")
    )
    s_maxage = int(directives.get("s-maxage", 0))
    # The price's bound leaves no room for stale-while-revalidate, so the
    # page's whole life in Varnish is its s-maxage: no grace after it.
    assert "stale-while-revalidate" not in directives, headers["Cache-Control"]
    assert 0 < s_maxage <= (stale_at - asked).total_seconds(), headers["Cache-Control"]
    assert from_varnish(fetch(cached_site, ARTICLE)[1])
    expired = stored + datetime.timedelta(seconds=s_maxage)
    time.sleep(max(0, (expired - timezone.now()).total_seconds()) + 1)
    # Varnish's default grace (10 s) would answer this from the old object
    # (a hit with an Age past s-maxage) while it fetches a new one.
    _, headers, _ = fetch(cached_site, ARTICLE)
    assert not from_varnish(headers), headers
    assert int(headers.get("Age", 0)) <= s_maxage, headers


def test_clicks_always_reach_the_app_and_strangers_cannot_purge(cached_site):
    link = AffiliateLink.objects.filter(
        is_active=True, merchant__link_mode="redirect", product__is_active=True
    ).first()
    before = Click.objects.filter(link=link).count()
    started = timezone.now()
    path = f"/go/{link.slug}/?p=box"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _n: fetch(cached_site, path), range(CLICKS)))
    assert [status for status, _, _ in results] == [302] * CLICKS
    assert all("no-store" in headers["Cache-Control"] for _, headers, _ in results)
    # A beacon from one of our pages, as the browser sends it.
    status, _, _ = fetch(
        cached_site,
        f"/click/?link={link.slug}",
        method="POST",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert status == 204
    assert Click.objects.filter(link=link).count() - before == CLICKS + 1
    assert Click.objects.filter(link=link, outcome=Outcome.PING).exists()
    # Another reader is another visitor, though both reach the app from Varnish.
    assert fetch(cached_site, path, source="127.0.0.2")[0] == 302
    visitors = Click.objects.filter(
        link=link, outcome=Outcome.REDIRECT, at__gte=started
    )
    assert visitors.values("visitor_key").distinct().count() == 2

    fetch(cached_site, ARTICLE)
    status, _, _ = fetch(cached_site, ARTICLE, method="PURGE", source="127.0.0.2")
    assert status == 405
    assert from_varnish(fetch(cached_site, ARTICLE)[1])
    status, _, _ = fetch(cached_site, ARTICLE, method="PURGE")
    assert status == 200
    assert not from_varnish(fetch(cached_site, ARTICLE)[1])
