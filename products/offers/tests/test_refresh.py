"""A refresh from each connector, against a local server speaking its format."""

import json
import logging
import threading
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db import connections
from django.utils import timezone

from backportal.core import page_cache
from backportal.core.jobs import job_lock
from products.factories import AffiliateLinkFactory, MerchantFactory, set_manual_offer
from products.offers.models import (
    DataSource,
    Offer,
    PricePoint,
    SourceKind,
    UnlinkedMatch,
)
from products.offers.refresh import AlreadyRunning, lock_name, refresh_source

from .conftest import fixture_bytes, gz

pytestmark = pytest.mark.django_db

SECRET = "geheim-9f3e1c"


@pytest.fixture
def shop():
    return MerchantFactory(name="Rückenladen Feed", max_data_age_hours=48)


@pytest.fixture
def links(shop):
    """Links editors made: one by article number, one by GTIN, one unknown."""
    by_id = AffiliateLinkFactory(
        merchant=shop,
        merchant_product_id="RL-1001",
        url="https://shop.example/kissen?partner=bp",
        price=Decimal("45.00"),
    )
    by_gtin = AffiliateLinkFactory(
        merchant=shop, gtin="4006381333948", price=None, price_checked_at=None
    )
    unknown = AffiliateLinkFactory(merchant=shop, merchant_product_id="RL-9999")
    # Another merchant's link names the GTIN of feed item RL-2000.
    AffiliateLinkFactory(gtin="4006381339999")
    return {"by_id": by_id, "by_gtin": by_gtin, "unknown": unknown}


def source_for(shop, kind, url, **kwargs):
    return DataSource.objects.create(
        name=f"Quelle {kind}",
        merchant=shop,
        kind=kind,
        feed_url=url,
        timeout_seconds=kwargs.pop("timeout_seconds", 5),
        **kwargs,
    )


def feed_offer(link, source):
    return Offer.objects.get(link=link, source=source)


def test_google_feed_refresh_updates_the_right_links(feed_server, shop, links):
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    run = refresh_source(source)
    assert (run.seen, run.matched, run.changed, run.skipped) == (6, 2, 2, 3)
    assert run.skip_reasons == {
        "ungültiger Preis": 1,
        "unbekannte Währung": 1,
        "ungültige Adresse": 1,
    }
    kissen = feed_offer(links["by_id"], source)
    assert (kissen.price, kissen.availability, kissen.shipping_note) == (
        Decimal("39.95"),
        "in_stock",
        "Versand 4,95 EUR",
    )
    rolle = feed_offer(links["by_gtin"], source)
    assert (rolle.price, rolle.availability) == (Decimal("19.90"), "out_of_stock")
    assert not Offer.objects.filter(link=links["unknown"], source=source).exists()
    # Editorial data stays: target URLs and the manual offer are untouched.
    links["by_id"].refresh_from_db()
    assert links["by_id"].url == "https://shop.example/kissen?partner=bp"
    assert Offer.objects.get(link=links["by_id"], source=None).price == Decimal("45.00")
    # A GTIN of ours without a link at this merchant is listed for editors.
    assert list(UnlinkedMatch.objects.values_list("gtin", flat=True)) == [
        "4006381339999"
    ]
    source.refresh_from_db()
    assert source.last_success_at and source.consecutive_failures == 0
    assert source.last_matched == 2
    assert source.next_run_at == source.last_success_at + timedelta(minutes=360)


def test_awin_gzip_feed_refresh(feed_server, shop, links):
    url = feed_server.serve(
        "/datafeed/download/feed.csv.gz",
        gz(fixture_bytes("awin_feed.csv")),
        headers={"Content-Type": "application/x-gzip"},
    )
    source = source_for(shop, SourceKind.AWIN_FEED, url)
    run = refresh_source(source)
    assert (run.seen, run.matched, run.skipped) == (5, 2, 3)
    kissen = feed_offer(links["by_id"], source)
    assert (kissen.price, kissen.shipping_note, kissen.rating) == (
        Decimal("37.50"),
        "Versandkostenfrei",
        Decimal("4.4"),
    )
    assert feed_offer(links["by_gtin"], source).availability == "out_of_stock"


def test_amazon_creators_api_refresh(feed_server, monkeypatch, caplog):
    source = amazon_source(feed_server, monkeypatch, marketplace="www.amazon.de")
    link = AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA1", price=None)
    gone = AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA2", price=None)
    with caplog.at_level(logging.DEBUG):
        run = refresh_source(source)
    assert (run.matched, run.changed) == (2, 2)
    offer = feed_offer(link, source)
    assert (offer.price, offer.availability, offer.rating, offer.rating_count) == (
        Decimal("41.99"),
        "in_stock",
        Decimal("4.5"),
        3812,
    )
    assert offer.image_url.startswith("https://m.media-amazon.com/")
    assert feed_offer(gone, source).availability == "out_of_stock"
    (_m, _p, token_headers, token_body), (_m2, _p2, headers, body) = (
        feed_server.requests
    )
    # Credential version 3.2 (the default): Login with Amazon, JSON, plain bearer.
    assert token_headers["content-type"] == "application/json"
    assert json.loads(token_body) == {
        "grant_type": "client_credentials",
        "client_id": "client-id",
        "client_secret": SECRET,
        "scope": "creatorsapi::default",
    }
    assert headers["authorization"] == "Bearer tok-1"
    assert headers["x-marketplace"] == "www.amazon.de"
    assert sorted(json.loads(body)["itemIds"]) == ["B0TESTAAA1", "B0TESTAAA2"]
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"status": 401}, "HTTP 401"),
        ({"status": 500}, "HTTP 500"),
        ({"status": 429, "headers": {"Retry-After": "7200"}}, "HTTP 429"),
        ({"delay": 3}, "Zeitüberschreitung"),
        ({"body": "truncated-gzip"}, "abgebrochen"),
        ({"body": "malformed-xml"}, "kein gültiges XML"),
    ],
)
def test_a_failed_download_changes_nothing_and_is_recorded(
    feed_server, shop, links, answer, expected, monkeypatch, caplog
):
    good = fixture_bytes("google_feed.xml")
    source = source_for(
        shop,
        SourceKind.GOOGLE_MERCHANT_FEED,
        feed_server.url("/feed.xml?key={key}"),
        timeout_seconds=1,
        secret_env_var="FEED_KEY",
        interval_minutes=30,
    )
    monkeypatch.setenv("FEED_KEY", SECRET)
    feed_server.serve("/feed.xml", good)
    refresh_source(source)
    before = list(Offer.objects.order_by("pk").values())
    history = PricePoint.objects.count()
    item = good[good.index(b"<item>") : good.index(b"</item>") + 7]
    big = gz(good.replace(b"</channel>", item * 400 + b"</channel>"))
    body = {
        "truncated-gzip": big[: len(big) // 2],
        "malformed-xml": good.replace(b"</item>", b"</itm>", 2),
    }.get(answer.get("body"), good)
    if answer.get("body") == "truncated-gzip":
        source.feed_url = feed_server.url("/feed.xml.gz?key={key}")
        source.save()
        path = "/feed.xml.gz"
    else:
        path = "/feed.xml"
    feed_server.serve(
        path,
        body,
        status=answer.get("status", 200),
        headers=answer.get("headers"),
        delay=answer.get("delay", 0),
    )
    now = timezone.now()
    with caplog.at_level(logging.DEBUG):
        run = refresh_source(source)
    assert expected in run.error
    assert list(Offer.objects.order_by("pk").values()) == before
    assert PricePoint.objects.count() == history
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert expected in source.last_error
    assert SECRET not in run.error + source.last_error + caplog.text
    if answer.get("status") == 429:
        # Retry-After is honoured: no run before two hours have passed.
        assert source.next_run_at >= now + timedelta(seconds=7200)
        assert not DataSource.objects.due(now + timedelta(hours=1)).filter(pk=source.pk)


def test_backoff_grows_with_failures_in_a_row(feed_server, shop):
    url = feed_server.serve("/feed.xml", b"", status=503)
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    delays = []
    for _ in range(3):
        now = timezone.now()
        refresh_source(source, now=now)
        source.refresh_from_db()
        delays.append(source.next_run_at - now)
    assert delays == [timedelta(hours=6), timedelta(hours=12), timedelta(hours=24)]
    assert source.consecutive_failures == 3
    assert DataSource.objects.unhealthy(3).filter(pk=source.pk).exists()


def test_price_history_records_changes_not_refreshes(feed_server, shop, links):
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    refresh_source(source)
    second = refresh_source(source)
    assert second.changed == 0
    offer = feed_offer(links["by_id"], source)
    assert offer.history.count() == 1
    feed_server.serve(
        "/feed.xml",
        fixture_bytes("google_feed.xml").replace(b"39.95 EUR", b"34.95 EUR"),
    )
    third = refresh_source(source)
    assert third.changed == 1
    assert list(offer.history.values_list("price", flat=True)) == [
        Decimal("39.95"),
        Decimal("34.95"),
    ]


def test_a_dry_run_changes_nothing(feed_server, shop, links):
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    run = refresh_source(source, dry_run=True)
    assert (run.matched, run.changed) == (2, 2)
    assert not Offer.objects.filter(source=source).exists()
    source.refresh_from_db()
    assert source.last_success_at is None


def test_two_refreshes_of_one_source_do_not_both_run(feed_server, shop, links):
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with job_lock(lock_name(source)) as acquired:
                assert acquired
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(10)
    try:
        with pytest.raises(AlreadyRunning):
            refresh_source(source)
    finally:
        release.set()
        thread.join()
    assert not Offer.objects.filter(source=source).exists()
    # Once the other run is done, this one goes ahead.
    assert refresh_source(source).matched == 2


def test_changed_offers_renew_exactly_the_pages_showing_them(
    feed_server, shop, links, publish_article, django_capture_on_commit_callbacks
):
    from products.tests.conftest import box

    shown = publish_article(box(links["by_id"].product), title="Mit Kissen")
    other = publish_article(box(links["unknown"].product), title="Ohne Kissen")
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    before = {page.pk: page_cache.current_tokens(page.pk) for page in (shown, other)}
    with django_capture_on_commit_callbacks(execute=True):
        refresh_source(source)
    assert page_cache.current_tokens(shown.pk) != before[shown.pk]
    assert page_cache.current_tokens(other.pk) == before[other.pk]
    # A refresh that changes nothing renews nothing.
    again = page_cache.current_tokens(shown.pk)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_source(source)
    assert page_cache.current_tokens(shown.pk) == again


def test_stale_amazon_data_disappears_after_24_hours(publish_article, render):
    from products.tests.conftest import box

    amazon = MerchantFactory(name="Amazon", direct=True, max_data_age_hours=24)
    link = AffiliateLinkFactory(merchant=amazon, price=None, asin="B0TESTAAA1")
    source = DataSource.objects.create(
        name="Amazon.de", merchant=amazon, kind=SourceKind.AMAZON_CREATORS
    )
    Offer.objects.create(
        link=link,
        source=source,
        price=Decimal("41.99"),
        availability="in_stock",
        rating=Decimal("4.5"),
        rating_count=3812,
        observed_at=timezone.now() - timedelta(hours=25),
    )
    page = publish_article(box(link.product))
    _response, soup = render(page.url)
    assert "41,99" not in soup.get_text()
    assert soup.select_one(".product-box .price--check") is not None
    assert "3.812 Bewertungen" not in soup.get_text()
    set_manual_offer(link, price=Decimal("39.00"), observed_at=timezone.now())
    page = publish_article(box(link.product))
    _response, soup = render(page.url)
    assert "39,00" in soup.get_text()


def amazon_source(feed_server, monkeypatch, **kwargs):
    """An Amazon source pointed at the local server (token and getItems)."""
    monkeypatch.setenv("AMAZON_CREATORS", f"client-id:{SECRET}")
    feed_server.serve(
        "/auth/token",
        json.dumps({"access_token": "tok-1", "expires_in": 3600}).encode(),
    )
    amazon = MerchantFactory(name="Amazon", direct=True, max_data_age_hours=24)
    feed_server.serve("/api/catalog/v1/getItems", fixture_bytes("amazon_getitems.json"))
    return DataSource.objects.create(
        name="Amazon.de",
        merchant=amazon,
        kind=SourceKind.AMAZON_CREATORS,
        feed_url=feed_server.url("/api"),
        auth_url=feed_server.url("/auth/token"),
        secret_env_var="AMAZON_CREATORS",
        partner_tag="backportal-21",
        timeout_seconds=kwargs.pop("timeout_seconds", 5),
        **kwargs,
    )


def test_an_amazon_item_with_a_bad_rating_is_skipped_not_fatal(
    feed_server, monkeypatch
):
    source = amazon_source(feed_server, monkeypatch)
    good = AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA2")
    bad = AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA1")
    answer = json.loads(fixture_bytes("amazon_getitems.json"))
    answer["itemsResult"]["items"][0]["customerReviews"]["starRating"]["value"] = "x"
    feed_server.serve("/api/catalog/v1/getItems", json.dumps(answer).encode())
    run = refresh_source(source)
    assert run.error == ""
    assert (run.seen, run.matched, run.skipped) == (2, 1, 1)
    assert run.skip_reasons == {"ungültige Bewertung": 1}
    assert feed_offer(good, source).price == Decimal("22.49")
    assert not Offer.objects.filter(link=bad, source=source).exists()


def test_an_awin_review_count_too_big_for_the_database_is_skipped(
    feed_server, shop, links
):
    csv_data = fixture_bytes("awin_feed.csv").replace(b",4.4,120", b",4.4,3000000000")
    url = feed_server.serve("/feed.csv", csv_data)
    source = source_for(shop, SourceKind.AWIN_FEED, url)
    run = refresh_source(source)
    assert run.error == ""
    assert run.skip_reasons["ungültige Anzahl Bewertungen"] == 1
    assert not Offer.objects.filter(link=links["by_id"], source=source).exists()
    assert feed_offer(links["by_gtin"], source).availability == "out_of_stock"


def test_an_unexpected_error_is_a_recorded_failure_that_changes_nothing(
    feed_server, shop, links, caplog
):
    from products.offers.connectors import FeedItem

    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    source = source_for(shop, SourceKind.GOOGLE_MERCHANT_FEED, url)
    refresh_source(source)
    before = list(Offer.objects.order_by("pk").values())
    history = PricePoint.objects.count()
    # A value no connector check foresaw: the database refuses it mid-write.
    items = [
        FeedItem(merchant_product_id="RL-1001", price=Decimal("1.00")),
        FeedItem(
            gtin="4006381333948",
            price=Decimal("2.00"),
            rating=Decimal("4.0"),
            rating_count=2**40,
        ),
    ]
    now = timezone.now()
    with caplog.at_level(logging.ERROR):
        run = refresh_source(source, items=items, now=now)
    run.refresh_from_db()
    assert run.finished_at is not None
    assert "Unerwarteter Fehler" in run.error
    assert not run.succeeded
    assert list(Offer.objects.order_by("pk").values()) == before
    assert PricePoint.objects.count() == history
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert source.last_error == run.error
    assert source.next_run_at > now
    assert "unerwarteter Fehler" in caplog.text


def test_older_amazon_credentials_send_a_form_and_name_their_version(
    feed_server, monkeypatch
):
    source = amazon_source(feed_server, monkeypatch, credential_version="2.2")
    AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA1")
    assert refresh_source(source).matched == 1
    (_m, _p, token_headers, token_body), (_m2, _p2, headers, _body) = (
        feed_server.requests
    )
    assert token_headers["content-type"] == "application/x-www-form-urlencoded"
    assert b"scope=creatorsapi%2Fdefault" in token_body
    assert b"client_id=client-id" in token_body
    assert headers["authorization"] == "Bearer tok-1, Version 2.2"


def test_an_amazon_source_without_addresses_uses_the_official_endpoints():
    from products.offers.connectors import amazon

    source = DataSource(
        name="Amazon.de",
        merchant=MerchantFactory(name="Amazon"),
        kind=SourceKind.AMAZON_CREATORS,
        secret_env_var="AMAZON_CREATORS",
        partner_tag="backportal-21",
    )
    source.full_clean(exclude=["last_matched"])  # written by refreshes only
    assert amazon.items_url(source) == "https://creatorsapi.amazon/catalog/v1/getItems"
    assert amazon.token_url(source) == "https://api.amazon.co.uk/auth/o2/token"
    source.credential_version = "2.2"
    assert amazon.token_url(source) == (
        "https://creatorsapi.auth.eu-south-2.amazoncognito.com/oauth2/token"
    )


def refreshed_then_broken(feed_server, source, path, good, broken, **answer):
    """Refresh once from `good`, then from `broken`: the offers before, the run."""
    feed_server.serve(path, good)
    first = refresh_source(source)
    assert first.error == "" and first.matched
    before = list(Offer.objects.order_by("pk").values())
    history = PricePoint.objects.count()
    feed_server.serve(path, broken, **answer)
    run = refresh_source(source)
    assert list(Offer.objects.order_by("pk").values()) == before
    assert PricePoint.objects.count() == history
    source.refresh_from_db()
    assert run.finished_at is not None
    assert source.consecutive_failures == 1
    assert source.last_error == run.error
    return run


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda data: data.replace(b"Faszienrolle", b"Faszien\0rolle"), id="nul"
        ),
        pytest.param(
            lambda data: data.replace(b"RL-1002,", b'"RL-1002,', 1), id="open-quote"
        ),
        pytest.param(
            lambda data: data.replace(b"RL-1001,", b'"RL-1001"x,', 1), id="bad-quote"
        ),
    ],
)
def test_a_malformed_awin_csv_changes_nothing_and_is_recorded(
    feed_server, shop, links, damage
):
    good = fixture_bytes("awin_feed.csv")
    source = source_for(shop, SourceKind.AWIN_FEED, feed_server.url("/feed.csv"))
    run = refreshed_then_broken(feed_server, source, "/feed.csv", good, damage(good))
    assert "kein gültiges CSV" in run.error


def test_a_row_in_another_currency_leaves_that_links_offer_as_it_was(
    feed_server, shop, links
):
    good = fixture_bytes("awin_feed.csv")
    url = feed_server.serve("/feed.csv", good)
    source = source_for(shop, SourceKind.AWIN_FEED, url)
    refresh_source(source)
    kissen = feed_offer(links["by_id"], source)
    feed_server.serve(
        "/feed.csv",
        good.replace(b"37.50,EUR", b"31.00,JPY").replace(b"18.00,EUR", b"17.00,EUR"),
    )
    run = refresh_source(source)
    assert run.error == ""
    assert run.skip_reasons["unbekannte Währung"] == 2
    assert (run.matched, run.changed) == (1, 1)
    after = feed_offer(links["by_id"], source)
    assert (after.price, after.currency, after.observed_at) == (
        kissen.price,
        kissen.currency,
        kissen.observed_at,
    )
    assert feed_offer(links["by_gtin"], source).price == Decimal("17.00")


@pytest.mark.parametrize(
    ("path", "answer", "expected"),
    [
        ("/api/catalog/v1/getItems", {"status": 401}, "HTTP 401"),
        (
            "/api/catalog/v1/getItems",
            {"status": 429, "headers": {"Retry-After": "5400"}},
            "HTTP 429",
        ),
        ("/auth/token", {"status": 500}, "Zugangs-Token: HTTP 500"),
        ("/auth/token", {"status": 401}, "Zugangs-Token: HTTP 401"),
        ("/auth/token", {"body": b"<html>Wartung</html>"}, "Zugangs-Token"),
    ],
)
def test_a_failed_amazon_request_changes_nothing_and_is_recorded(
    feed_server, monkeypatch, caplog, path, answer, expected
):
    source = amazon_source(feed_server, monkeypatch, interval_minutes=60)
    AffiliateLinkFactory(merchant=source.merchant, asin="B0TESTAAA1")
    good = (
        fixture_bytes("amazon_getitems.json")
        if path.startswith("/api")
        else json.dumps({"access_token": "tok-1"}).encode()
    )
    now = timezone.now()
    with caplog.at_level(logging.DEBUG):
        run = refreshed_then_broken(
            feed_server,
            source,
            path,
            good,
            answer.get("body", good),
            status=answer.get("status", 200),
            headers=answer.get("headers"),
        )
    assert expected in run.error
    assert SECRET not in run.error + caplog.text
    if answer.get("status") == 429:
        assert source.next_run_at >= now + timedelta(seconds=5400)
    else:
        assert source.next_run_at < now + timedelta(hours=2)


def test_amazon_batches_keep_the_sources_rate_limit(feed_server, monkeypatch):
    # 600 requests a minute: at least 0.1 s between two getItems requests.
    source = amazon_source(feed_server, monkeypatch, requests_per_minute=600)
    for number in range(25):
        AffiliateLinkFactory(merchant=source.merchant, asin=f"B0RATE{number:04d}")
    run = refresh_source(source)
    assert run.error == ""
    batches = [
        (json.loads(body)["itemIds"], arrived)
        for (_m, path, _h, body), (_p, arrived) in zip(
            feed_server.requests, feed_server.arrivals, strict=True
        )
        if path.endswith("/getItems")
    ]
    assert [len(ids) for ids, _ in batches] == [10, 10, 5]
    gaps = [later - earlier for (_, earlier), (_, later) in pairwise(batches)]
    assert all(gap >= 0.1 for gap in gaps), gaps


def test_an_amazon_source_must_refresh_within_24_hours():
    from django.core.exceptions import ValidationError

    source = DataSource(
        name="Amazon.de",
        merchant=MerchantFactory(name="Amazon"),
        kind=SourceKind.AMAZON_CREATORS,
        interval_minutes=24 * 60,
    )
    with pytest.raises(ValidationError) as error:
        source.full_clean(exclude=["last_matched"])
    assert "unter 24 Stunden" in str(error.value.message_dict["interval_minutes"])
    source.interval_minutes = 24 * 60 - 1
    source.full_clean(exclude=["last_matched"])
    # Feeds may take longer.
    feed = DataSource(
        name="Feed",
        merchant=source.merchant,
        kind=SourceKind.AWIN_FEED,
        feed_url="https://shop.example/feed.csv",
        interval_minutes=48 * 60,
    )
    feed.full_clean(exclude=["last_matched"])
