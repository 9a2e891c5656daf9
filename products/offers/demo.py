"""Demo product data: the demo shop's Google Merchant and Awin feeds, and the
two data sources that read them (`load_demo`).

The feeds are built from the demo catalogue (only with DEMO_MODE on): the
Rückenladen shop's links as a Google Merchant feed (RSS, g: namespace), the
Demo-Marktplatz's as a gzipped Awin CSV. Prices move a little each day; the
marketplace reports one product out of stock, so its boxes fall back to
Rückenladen. load_demo refreshes both sources once from the same documents
(no server runs yet); while `make run` serves the site, its loop queues the
sources every few minutes and the worker fetches them over HTTP from the
address in WAGTAILADMIN_BASE_URL (the Makefile sets it to the port it serves).
"""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone

from products.models import AffiliateLink, Product

from .connectors import awin, google
from .models import DataSource, Offer, SourceKind

GOOGLE_SHOP = "rueckenladen"
AWIN_SHOP = "demo-marktplatz"
OUT_OF_STOCK = "waermewerk-shiatsu-kissen"  # at the marketplace; Rückenladen has it
COMPARISON_PRODUCT = "waermewerk-shiatsu-kissen"
DEMO_INTERVAL_MINUTES = 5
FEED_PATHS = {
    "google": "/demo-shop/feeds/google-merchant.xml",
    "awin": "/demo-shop/feeds/awin.csv.gz",
}


def _links(merchant_slug):
    return (
        AffiliateLink.objects.filter(merchant__slug=merchant_slug)
        .select_related("product", "merchant")
        .order_by("slug")
    )


def _shop_url(link) -> str:
    """The product's page in the (imaginary) shop, as a feed names it; a
    refresh never uses it to change the link's own target."""
    return f"https://{link.merchant.slug}.example/produkt/{link.product.slug}"


def _price(link) -> Decimal:
    """Today's demo price: the manual price, a few cents lower on odd days."""
    manual = Offer.objects.filter(link=link, source=None).first()
    base = manual.price if manual and manual.price else Decimal("29.90")
    return (base - Decimal(timezone.localdate().day % 3) * Decimal("0.50")).quantize(
        Decimal("0.01")
    )


def google_feed() -> bytes:
    items = []
    for link in _links(GOOGLE_SHOP):
        items.append(
            "<item>"
            f"<g:id>{escape(link.merchant_product_id or link.slug)}</g:id>"
            f"<g:title>{escape(link.product.name)}</g:title>"
            f"<g:link>{_shop_url(link)}</g:link>"
            f"<g:price>{_price(link)} EUR</g:price>"
            "<g:availability>in_stock</g:availability>"
            "<g:shipping><g:country>DE</g:country><g:price>4.95 EUR</g:price>"
            "</g:shipping></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>'
        "<title>Rückenladen (Demo)</title><link>https://example.org/</link>"
        "<description>Demo-Feed</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def awin_feed() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "aw_product_id",
            "merchant_product_id",
            "product_name",
            "search_price",
            "currency",
            "in_stock",
            "delivery_cost",
            "aw_deep_link",
            "merchant_deep_link",
        ]
    )
    now = timezone.now()
    for number, link in enumerate(_links(AWIN_SHOP), start=1):
        manual = Offer.objects.filter(link=link, source=None).first()
        if manual and not manual.is_fresh(now):
            # The demo's deliberately stale price: the marketplace no longer
            # lists it, so "Aktuellen Preis prüfen" stays visible.
            continue
        writer.writerow(
            [
                900000 + number,
                link.merchant_product_id or link.slug,
                link.product.name,
                _price(link),
                "EUR",
                "0" if link.product.slug == OUT_OF_STOCK else "1",
                "0.00",
                _shop_url(link),
                _shop_url(link),
            ]
        )
    return gzip.compress(out.getvalue().encode())


def feed_view(request, kind):
    """The demo shop's feeds; only with DEMO_MODE on."""
    if not settings.DEMO_MODE or kind not in FEED_PATHS:
        raise Http404
    if kind == "google":
        return HttpResponse(google_feed(), content_type="application/xml")
    return HttpResponse(awin_feed(), content_type="application/gzip")


def load(stdout) -> None:
    """Configure both demo sources and refresh them once (idempotent)."""
    from products.models import Merchant

    from .refresh import refresh_source

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    readers = {
        "google": (SourceKind.GOOGLE_MERCHANT_FEED, GOOGLE_SHOP, google, google_feed),
        "awin": (SourceKind.AWIN_FEED, AWIN_SHOP, awin, awin_feed),
    }
    for key, (kind, merchant_slug, module, build) in readers.items():
        merchant = Merchant.objects.filter(slug=merchant_slug).first()
        if merchant is None:
            continue
        source, _created = DataSource.objects.update_or_create(
            name=f"Demo-Feed {merchant.name}",
            defaults={
                "merchant": merchant,
                "kind": kind,
                "feed_url": base + FEED_PATHS[key],
                # Short, so that `make run` shows refreshes happening.
                "interval_minutes": DEMO_INTERVAL_MINUTES,
                "timeout_seconds": 30,
            },
        )
        data = build()
        stream = gzip.GzipFile(fileobj=io.BytesIO(data)) if key == "awin" else None
        items = module.read_stream(stream or io.BytesIO(data))
        run = refresh_source(source, items=items)
        stdout.write(f"Datenquelle {source.name}: {run.matched} Angebote aktualisiert.")
    Product.objects.filter(slug=COMPARISON_PRODUCT).update(show_price_comparison=True)
