"""Amazon Creators API (successor of PA-API 5): OAuth2 client credentials,
then GetItems with the OffersV2 resources, ten ASINs per request, for the
ASINs our links name. The secret environment variable holds
"client_id:client_secret"; the marketplace goes into the x-marketplace
header. Ratings only when the response carries them. Amazon's image URL is
kept as a URL (images may not be stored).

Addresses and headers follow Amazon's official creatorsapi SDK: one API
host for every marketplace, a token endpoint per credential version and
region (Europe for amazon.de), the credentials in the token request's body.
Version 3.x (Login with Amazon) sends JSON and a plain bearer header;
version 2.x (Cognito) sends a form and "Bearer <token>, Version <x.y>".
An empty feed_url or auth_url on the source means these defaults.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlencode

from .base import (
    MAX_PRICE,
    BadRow,
    FeedItem,
    FetchError,
    SkippedRow,
    check_count,
    check_currency,
    check_rating,
    check_url,
    clean_text,
    open_url,
)

BATCH = 10
API_HOST = "https://creatorsapi.amazon"
GET_ITEMS_PATH = "/catalog/v1/getItems"
# Token endpoints for the European region, which amazon.de belongs to.
TOKEN_ENDPOINTS = {
    "2.2": "https://creatorsapi.auth.eu-south-2.amazoncognito.com/oauth2/token",
    "3.2": "https://api.amazon.co.uk/auth/o2/token",
}
DEFAULT_VERSION = "3.2"
RESOURCES = [
    "itemInfo.title",
    "images.primary.medium",
    "offersV2.listings.price",
    "offersV2.listings.availability",
    "offersV2.listings.merchantInfo",
    "customerReviews.starRating",
    "customerReviews.count",
]
AVAILABILITY = {
    "IN_STOCK": "in_stock",
    "IN_STOCK_SCARCE": "in_stock",
    "PREORDER": "in_stock",
    "BACKORDER": "in_stock",
    "OUT_OF_STOCK": "out_of_stock",
    "UNAVAILABLE": "out_of_stock",
}


def credential_version(source) -> str:
    return source.credential_version or DEFAULT_VERSION


def token_url(source) -> str:
    """The source's token endpoint, else the official one for its version."""
    return source.auth_url or TOKEN_ENDPOINTS[credential_version(source)]


def items_url(source) -> str:
    """The GetItems address: under the source's feed_url, else Amazon's host."""
    return (source.feed_url or API_HOST).rstrip("/") + GET_ITEMS_PATH


def authorization(token: str, version: str) -> str:
    """The API's Authorization header: version 2.x names its version."""
    if version.startswith("2."):
        return f"Bearer {token}, Version {version}"
    return f"Bearer {token}"


def access_token(source) -> str:
    """A bearer token by the client-credentials grant."""
    credentials = source.secret()
    client_id, _, client_secret = credentials.partition(":")
    if not client_id or not client_secret:
        raise FetchError(
            f"Zugangsdaten fehlen: Umgebungsvariable {source.secret_env_var or '–'} "
            "ist nicht als „client_id:client_secret“ gesetzt."
        )
    version = credential_version(source)
    fields = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
    }
    if version.startswith("2."):
        fields["scope"] = "creatorsapi/default"
        body = urlencode(fields).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        fields["scope"] = "creatorsapi::default"
        body = json.dumps(fields).encode()
        content_type = "application/json"
    try:
        with open_url(
            token_url(source),
            timeout=source.timeout_seconds,
            data=body,
            headers={"Content-Type": content_type},
        ) as response:
            try:
                return json.load(response)["access_token"]
            except (ValueError, KeyError, TypeError):
                raise FetchError("Antwort unlesbar.") from None
    except FetchError as error:
        raise FetchError(
            f"Zugangs-Token: {error}", retry_after=error.retry_after
        ) from None


def parse_item(data: dict) -> FeedItem:
    asin = clean_text(data.get("asin"), 20)
    listings = (data.get("offersV2") or {}).get("listings") or []
    if not listings:
        raise BadRow("kein Angebot")
    listing = listings[0]
    money = (listing.get("price") or {}).get("money") or {}
    try:
        price = Decimal(str(money["amount"])).quantize(Decimal("0.01"))
    except (KeyError, ArithmeticError, ValueError):
        raise BadRow("ungültiger Preis") from None
    if not price.is_finite() or not 0 < price <= MAX_PRICE:
        raise BadRow("ungültiger Preis")
    kind = ((listing.get("availability") or {}).get("type") or "").upper()
    reviews = data.get("customerReviews") or {}
    rating = check_rating((reviews.get("starRating") or {}).get("value"))
    rating_count = check_count(reviews.get("count")) if rating is not None else None
    image = ((data.get("images") or {}).get("primary") or {}).get("medium") or {}
    return FeedItem(
        asin=asin,
        merchant_product_id=asin,
        title=clean_text(
            ((data.get("itemInfo") or {}).get("title") or {}).get("displayValue"), 300
        ),
        price=price,
        currency=check_currency(money.get("currency")),
        availability=AVAILABILITY.get(kind, "unknown"),
        url=check_url(data.get("detailPageURL")),
        image_url=check_url(image.get("url")),
        rating=rating,
        rating_count=rating_count,
    )


def read_source(source, asins=None) -> Iterator[FeedItem | SkippedRow]:
    """Items for the ASINs of the source merchant's links (or `asins`)."""
    if asins is None:
        from products.models import AffiliateLink

        asins = sorted(
            set(
                AffiliateLink.objects.filter(merchant=source.merchant)
                .exclude(asin="")
                .values_list("asin", flat=True)
            )
        )
    token = access_token(source)
    headers = {
        "Authorization": authorization(token, credential_version(source)),
        "Content-Type": "application/json",
        "x-marketplace": source.marketplace,
    }
    pause = 60 / max(source.requests_per_minute, 1)
    for start in range(0, len(asins), BATCH):
        if start:
            time.sleep(pause)
        body = json.dumps(
            {
                "itemIds": asins[start : start + BATCH],
                "itemIdType": "ASIN",
                "partnerTag": source.partner_tag,
                "resources": RESOURCES,
            }
        ).encode()
        with open_url(
            items_url(source),
            timeout=source.timeout_seconds,
            data=body,
            headers=headers,
        ) as response:
            try:
                payload = json.load(response)
            except ValueError:
                raise FetchError("Antwort der Amazon-API ist kein JSON.") from None
        items = ((payload or {}).get("itemsResult") or {}).get("items") or []
        for data in items:
            try:
                yield parse_item(data)
            except BadRow as bad:
                yield SkippedRow(str(bad), str(data.get("asin", "")))
