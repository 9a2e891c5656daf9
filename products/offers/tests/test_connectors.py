"""Each connector reads the published format's example documents as a stream."""

import gzip
import io
from decimal import Decimal

import pytest

from products.offers.connectors import FetchError, SkippedRow, awin, google
from products.offers.connectors.amazon import parse_item

from .conftest import fixture_bytes


def test_google_feed_items_and_skips():
    items = list(google.read_stream(io.BytesIO(fixture_bytes("google_feed.xml"))))
    good = [i for i in items if not isinstance(i, SkippedRow)]
    skipped = [i for i in items if isinstance(i, SkippedRow)]
    assert [i.merchant_product_id for i in good] == ["RL-1001", "RL-1002", "RL-2000"]
    first = good[0]
    assert (first.price, first.currency, first.availability) == (
        Decimal("39.95"),
        "EUR",
        "in_stock",
    )
    assert first.gtin == "4006381333931"
    assert first.shipping_note == "Versand 4,95 EUR"
    assert first.image_url == "https://shop.example/bilder/waermekissen.jpg"
    # The sale price counts; out_of_stock is read as such, preorder as available.
    assert (good[1].price, good[1].availability) == (Decimal("19.90"), "out_of_stock")
    assert good[2].availability == "in_stock"
    assert sorted(s.reason for s in skipped) == [
        "unbekannte Währung",
        "ungültige Adresse",
        "ungültiger Preis",
    ]


def test_google_atom_entries_are_read_too():
    atom = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
 <entry><g:id>A1</g:id><title>Kissen</title>
  <link href="https://shop.example/a1"/><g:price>10.00 EUR</g:price>
  <g:availability>in stock</g:availability></entry>
</feed>"""
    (item,) = google.read_stream(io.BytesIO(atom))
    assert (item.merchant_product_id, item.url, item.availability) == (
        "A1",
        "https://shop.example/a1",
        "in_stock",
    )


def test_malformed_xml_is_a_fetch_error():
    broken = fixture_bytes("google_feed.xml")[:700]
    with pytest.raises(FetchError, match="kein gültiges XML"):
        list(google.read_stream(io.BytesIO(broken)))


def test_awin_csv_items_and_skips():
    stream = gzip.GzipFile(
        fileobj=io.BytesIO(gzip.compress(fixture_bytes("awin_feed.csv")))
    )
    items = list(awin.read_stream(stream))
    good = [i for i in items if not isinstance(i, SkippedRow)]
    skipped = [i for i in items if isinstance(i, SkippedRow)]
    assert [i.merchant_product_id for i in good] == ["RL-1001", "RL-1002"]
    assert good[0].price == Decimal("37.50")
    assert good[0].shipping_note == "Versandkostenfrei"
    assert (good[0].rating, good[0].rating_count) == (Decimal("4.4"), 120)
    assert good[1].availability == "out_of_stock"
    assert good[1].shipping_note == "Versand 3,95 €"
    assert sorted(s.reason for s in skipped) == [
        "unbekannte Währung",
        "ungültige Adresse",
        "ungültiger Preis",
    ]


def test_truncated_gzip_is_a_fetch_error():
    data = gzip.compress(fixture_bytes("awin_feed.csv") * 50)
    stream = gzip.GzipFile(fileobj=io.BytesIO(data[: len(data) // 2]))
    with pytest.raises(FetchError, match="abgebrochen"):
        list(awin.read_stream(stream))


def test_csv_without_awin_columns_is_a_fetch_error():
    with pytest.raises(FetchError, match="Spalten"):
        list(awin.read_stream(io.BytesIO(b"name;preis\nKissen;10\n")))


def test_amazon_item_with_offers_v2():
    import json

    data = json.loads(fixture_bytes("amazon_getitems.json"))
    first, second = (parse_item(item) for item in data["itemsResult"]["items"])
    assert (first.asin, first.price, first.availability) == (
        "B0TESTAAA1",
        Decimal("41.99"),
        "in_stock",
    )
    assert (first.rating, first.rating_count) == (Decimal("4.5"), 3812)
    assert first.image_url.startswith("https://m.media-amazon.com/")
    assert second.availability == "out_of_stock"
    assert second.rating is None  # no customerReviews in the answer: no rating


def amazon_item(**changes):
    import json

    data = json.loads(fixture_bytes("amazon_getitems.json"))["itemsResult"]["items"][0]
    reviews = data["customerReviews"]
    money = data["offersV2"]["listings"][0]["price"]["money"]
    for key, value in changes.items():
        if key == "star":
            reviews["starRating"]["value"] = value
        elif key == "count":
            reviews["count"] = value
        elif key == "amount":
            money["amount"] = value
    return data


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"star": "fünf"}, "ungültige Bewertung"),
        ({"star": "NaN"}, "ungültige Bewertung"),
        ({"star": 0.4}, "ungültige Bewertung"),
        ({"star": 7}, "ungültige Bewertung"),
        ({"count": -3}, "ungültige Anzahl Bewertungen"),
        ({"count": 2**31}, "ungültige Anzahl Bewertungen"),
        ({"count": "viele"}, "ungültige Anzahl Bewertungen"),
        ({"count": 12.5}, "ungültige Anzahl Bewertungen"),
        ({"amount": 100_000_000}, "ungültiger Preis"),
        ({"amount": "Infinity"}, "ungültiger Preis"),
        ({"amount": "zehn"}, "ungültiger Preis"),
    ],
)
def test_amazon_item_with_an_impossible_value_is_a_bad_row(changes, reason):
    from products.offers.connectors.base import BadRow

    with pytest.raises(BadRow, match=reason):
        parse_item(amazon_item(**changes))


def test_amazon_item_at_the_limits_is_kept():
    item = parse_item(amazon_item(star=5, count=2**31 - 1, amount=99_999_999.99))
    assert (item.rating, item.rating_count, item.price) == (
        Decimal("5.0"),
        2**31 - 1,
        Decimal("99999999.99"),
    )


def test_awin_review_count_beyond_the_integer_limit_is_a_skipped_row():
    header, first = fixture_bytes("awin_feed.csv").splitlines()[:2]
    huge = first.replace(b",4.4,120", b",4.4,99999999999")
    (skipped,) = awin.read_stream(io.BytesIO(header + b"\n" + huge + b"\n"))
    assert skipped == SkippedRow("ungültige Anzahl Bewertungen", "RL-1001")
