"""Google Merchant Center product feeds: RSS 2.0 <item> or Atom <entry> with
the g: namespace (g:id, g:gtin, g:price "29.95 EUR", g:sale_price,
g:availability in_stock/out_of_stock/preorder/backorder, g:link,
g:image_link, g:shipping). Also what Adcell, Tradedoubler, Webgains and most
shop systems export. Read with iterparse, element by element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .base import (
    BadRow,
    FeedItem,
    FetchError,
    SkippedRow,
    check_currency,
    check_gtin,
    check_url,
    clean_text,
    parse_price,
    read_feed,
    stream_reader,
)

G = "{http://base.google.com/ns/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
ITEM_TAGS = ("item", f"{ATOM}entry")

AVAILABILITY = {
    "in_stock": "in_stock",
    "in stock": "in_stock",
    "preorder": "in_stock",
    "backorder": "in_stock",
    "out_of_stock": "out_of_stock",
    "out of stock": "out_of_stock",
}


def _text(element, *names) -> str:
    for name in names:
        child = element.find(name)
        if child is not None:
            if name == f"{ATOM}link" and child.get("href"):
                return child.get("href")
            if child.text:
                return child.text.strip()
    return ""


def _shipping(element) -> str:
    shipping = element.find(f"{G}shipping")
    if shipping is None:
        return ""
    price_text = _text(shipping, f"{G}price")
    try:
        price, currency = parse_price(price_text, allow_zero=True)
    except BadRow:
        return ""
    if price is None:
        return ""
    if price == 0:
        return "Versandkostenfrei"
    amount = f"{price:.2f}".replace(".", ",")
    return clean_text(f"Versand {amount} {currency or ''}".strip())


def parse_item(element) -> FeedItem:
    """One <item>/<entry> as a FeedItem; BadRow if a value is unusable."""
    price_text = _text(element, f"{G}sale_price") or _text(element, f"{G}price")
    price, currency = parse_price(price_text)
    if price is None:
        raise BadRow("Preis fehlt")
    availability_text = _text(element, f"{G}availability").lower()
    return FeedItem(
        merchant_product_id=clean_text(_text(element, f"{G}id"), 100),
        gtin=check_gtin(_text(element, f"{G}gtin")),
        title=clean_text(_text(element, f"{G}title", "title", f"{ATOM}title"), 300),
        price=price,
        currency=check_currency(currency or "EUR"),
        availability=AVAILABILITY.get(availability_text, "unknown"),
        url=check_url(_text(element, f"{G}link", "link", f"{ATOM}link")),
        image_url=check_url(_text(element, f"{G}image_link")),
        shipping_note=_shipping(element),
    )


@stream_reader
def read_stream(stream) -> Iterator[FeedItem | SkippedRow]:
    """Items of a feed from a binary stream; FetchError if the XML is broken."""
    try:
        context = iterparse(stream, events=("start", "end"), forbid_dtd=True)
        root = None
        for event, element in context:
            if root is None:
                root = element
            if event != "end" or element.tag not in ITEM_TAGS:
                continue
            try:
                yield parse_item(element)
            except BadRow as bad:
                yield SkippedRow(str(bad), _text(element, f"{G}id"))
            root.clear()  # forget finished items: memory stays flat
    except ET.ParseError as error:
        raise FetchError(f"Feed ist kein gültiges XML ({error}).") from None
    except DefusedXmlException:
        raise FetchError("Feed enthält eine DTD oder Entitäten: abgelehnt.") from None


def read_source(source) -> Iterator[FeedItem | SkippedRow]:
    return read_feed(source, read_stream)
