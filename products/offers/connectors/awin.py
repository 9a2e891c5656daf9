"""Awin product feeds: CSV (usually gzipped) with Awin's column names
(aw_product_id, merchant_product_id, ean/product_GTIN, product_name,
search_price, currency, in_stock, stock_status, delivery_cost, aw_deep_link,
merchant_deep_link, merchant_image_url, aw_image_url, rating, reviews).
Read row by row from the decompressing stream.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .base import (
    BadRow,
    FeedItem,
    FetchError,
    SkippedRow,
    check_count,
    check_currency,
    check_gtin,
    check_url,
    clean_text,
    parse_price,
    read_feed,
    stream_reader,
)

REQUIRED = {"merchant_product_id", "search_price", "currency"}

# A CSV field may be long (descriptions), never unbounded.
csv.field_size_limit(1_000_000)


def _availability(row) -> str:
    flag = (row.get("in_stock") or "").strip().lower()
    status = (row.get("stock_status") or "").strip().lower()
    if flag in ("1", "yes", "true") or status in ("in stock", "in_stock"):
        return "in_stock"
    if flag in ("0", "no", "false") or status in ("out of stock", "out_of_stock"):
        return "out_of_stock"
    return "unknown"


def _shipping(text: str) -> str:
    try:
        price, _currency = parse_price(text, allow_zero=True)
    except BadRow:
        return ""
    if price is None:
        return ""
    if price == 0:
        return "Versandkostenfrei"
    return f"Versand {price:.2f} €".replace(".", ",")


def parse_row(row: dict) -> FeedItem:
    price, _ = parse_price(row.get("search_price"))
    if price is None:
        raise BadRow("Preis fehlt")
    rating = None
    if (row.get("rating") or "").strip():
        try:
            rating, _ = parse_price(row["rating"])
        except BadRow:
            rating = None
        if rating is not None and not 1 <= rating <= 5:
            rating = None
    # Only a rating's count is kept, so only then can a bad count spoil the row.
    reviews = check_count(row.get("reviews")) if rating else None
    return FeedItem(
        merchant_product_id=clean_text(row.get("merchant_product_id"), 100),
        gtin=check_gtin(row.get("ean") or row.get("product_GTIN") or ""),
        title=clean_text(row.get("product_name"), 300),
        price=price,
        currency=check_currency(row.get("currency")),
        availability=_availability(row),
        url=check_url(row.get("merchant_deep_link") or row.get("aw_deep_link")),
        image_url=check_url(row.get("merchant_image_url") or row.get("aw_image_url")),
        shipping_note=_shipping(row.get("delivery_cost") or ""),
        rating=rating.quantize(rating.__class__("0.1")) if rating else None,
        rating_count=reviews,
    )


def _lines(text):
    """The feed's lines; a NUL byte means a corrupt or binary file, not text."""
    for line in text:
        if "\x00" in line:
            raise csv.Error("NUL-Byte in der Datei")
        yield line


@stream_reader
def read_stream(stream) -> Iterator[FeedItem | SkippedRow]:
    """Items from a binary (already decompressed) CSV stream."""
    try:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        # strict: a stray quote is an error, not a field that swallows the
        # rest of the file (and every row after it) without a word.
        reader = csv.DictReader(_lines(text), strict=True)
        columns = set(reader.fieldnames or ())
        if not columns >= REQUIRED:
            raise FetchError(
                "Feed hat nicht die Spalten eines Awin-Feeds (es fehlen "
                + ", ".join(sorted(REQUIRED - columns))
                + ")."
            )
        for row in reader:
            if None in row:  # more fields than the header: a broken row
                yield SkippedRow("Zeile mit zu vielen Feldern", "")
                continue
            try:
                yield parse_row(row)
            except BadRow as bad:
                yield SkippedRow(str(bad), row.get("merchant_product_id") or "")
    except csv.Error as error:
        raise FetchError(f"Feed ist kein gültiges CSV ({error}).") from None
    except UnicodeDecodeError:
        raise FetchError("Feed ist nicht UTF-8-kodiert.") from None


def read_source(source) -> Iterator[FeedItem | SkippedRow]:
    return read_feed(source, read_stream)
