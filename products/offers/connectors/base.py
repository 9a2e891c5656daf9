"""What every connector shares: the item, row validation and the download."""

from __future__ import annotations

import email.utils
import functools
import gzip
import re
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from products.models import validate_http_url

CURRENCIES = ("EUR", "USD", "GBP", "CHF")
MAX_PRICE = Decimal("99999999.99")
# The largest value PostgreSQL's integer column (rating_count) holds.
MAX_COUNT = 2_147_483_647
USER_AGENT = "Backportal-Datenabruf/1.0"


@dataclass
class FeedItem:
    """One product as a source describes it, validated and normalised."""

    merchant_product_id: str = ""
    gtin: str = ""
    asin: str = ""
    title: str = ""
    price: Decimal | None = None
    currency: str = "EUR"
    availability: str = "unknown"
    url: str = ""
    image_url: str = ""
    shipping_note: str = ""
    rating: Decimal | None = None
    rating_count: int | None = None


@dataclass
class SkippedRow:
    """A row that cannot be used, and why (counted on the refresh run)."""

    reason: str
    row: str = ""


class FetchError(Exception):
    """The download failed or broke off: the refresh changes nothing.

    `retry_after` (seconds) comes from a 429/503 answer's Retry-After.
    """

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class BadRow(ValueError):
    """Raised while normalising one row; the row is skipped with this reason."""


def parse_price(
    text: str | None, *, allow_zero: bool = False
) -> tuple[Decimal | None, str | None]:
    """ "29.95 EUR" / "29.95" / "29,95" -> (Decimal, currency or None)."""
    text = (text or "").strip()
    if not text:
        return None, None
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]{1,2})?)\s*([A-Za-z]{3})?", text)
    if not match:
        raise BadRow("ungültiger Preis")
    try:
        price = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        raise BadRow("ungültiger Preis") from None
    if price < 0 or (price == 0 and not allow_zero) or price > MAX_PRICE:
        raise BadRow("ungültiger Preis")
    currency = match.group(2).upper() if match.group(2) else None
    return price, currency


def check_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCIES:
        raise BadRow("unbekannte Währung")
    return code


def check_rating(value) -> Decimal | None:
    """A star rating 1..5 to one decimal; None if absent; BadRow if unusable."""
    if value is None or str(value).strip() == "":
        return None
    try:
        rating = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise BadRow("ungültige Bewertung") from None
    if not rating.is_finite() or not 1 <= rating <= 5:
        raise BadRow("ungültige Bewertung")
    return rating.quantize(Decimal("0.1"))


def check_count(value) -> int | None:
    """A number of reviews: a non-negative integer the database can hold."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, bool):
        raise BadRow("ungültige Anzahl Bewertungen")
    if isinstance(value, int):
        count = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,12}", value.strip()):
        count = int(value.strip())
    else:
        raise BadRow("ungültige Anzahl Bewertungen")
    if not 0 <= count <= MAX_COUNT:
        raise BadRow("ungültige Anzahl Bewertungen")
    return count


def check_url(url: str, *, required: bool = False) -> str:
    url = (url or "").strip()
    if not url:
        if required:
            raise BadRow("Adresse fehlt")
        return ""
    if len(url) > 2000:
        raise BadRow("ungültige Adresse")
    try:
        validate_http_url(url)
    except ValidationError:
        raise BadRow("ungültige Adresse") from None
    return url


def check_gtin(text: str) -> str:
    text = (text or "").strip()
    return text if re.fullmatch(r"[0-9]{8,14}", text) else ""


def clean_text(text: str | None, limit: int = 200) -> str:
    """Plain text from a source: whitespace collapsed, cut to `limit`."""
    return " ".join((text or "").split())[:limit]


def retry_after_seconds(value: str | None) -> int | None:
    """Retry-After as seconds (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, int((moment - datetime.now(UTC)).total_seconds()))


def open_url(url: str, *, timeout: int, headers=None, data: bytes | None = None):
    """An open HTTP response, or FetchError with a German reason (no secrets:
    the URL is never part of the message, it may carry a key)."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError("Nur http- und https-Adressen werden abgerufen.")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=data, headers={"User-Agent": USER_AGENT, **(headers or {})}
    )
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
    except urllib.error.HTTPError as error:
        retry = retry_after_seconds(error.headers.get("Retry-After"))
        error.close()
        if error.code in (401, 403):
            raise FetchError(
                f"HTTP {error.code}: Zugang abgelehnt (Schlüssel prüfen; bei Amazon "
                "ruht der Zugang nach 30 Tagen ohne qualifizierte Verkäufe)."
            ) from None
        if error.code == 429:
            raise FetchError(
                "HTTP 429: zu viele Anfragen, die Quelle bittet zu warten.",
                retry_after=retry,
            ) from None
        raise FetchError(
            f"HTTP {error.code} von der Quelle.", retry_after=retry
        ) from None
    except TimeoutError:
        raise FetchError("Zeitüberschreitung beim Abruf.") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise FetchError("Zeitüberschreitung beim Abruf.") from None
        raise FetchError(
            f"Quelle nicht erreichbar ({type(reason).__name__})."
        ) from None


def maybe_gunzip(response, url: str):
    """The response body as a binary stream, decompressed if it is gzip."""
    encoding = (response.headers.get("Content-Encoding") or "").lower()
    kind = (response.headers.get("Content-Type") or "").lower()
    peek = response.peek(2)[:2] if hasattr(response, "peek") else b""
    if (
        encoding == "gzip"
        or "gzip" in kind
        or url.split("?")[0].endswith(".gz")
        or peek == b"\x1f\x8b"
    ):
        return gzip.GzipFile(fileobj=response)
    return response


# Errors a broken-off or corrupt stream raises while it is being read.
STREAM_ERRORS = (EOFError, OSError, zlib.error, gzip.BadGzipFile, TimeoutError)


def stream_reader(read_stream):
    """Decorates a connector's read_stream: a download that breaks off or
    arrives corrupt while it is read raises FetchError, whatever the format."""

    @functools.wraps(read_stream)
    def read(stream):
        try:
            yield from read_stream(stream)
        except STREAM_ERRORS as error:
            raise FetchError(
                f"Download abgebrochen oder beschädigt ({type(error).__name__})."
            ) from None

    return read


def read_feed(source, read_stream):
    """A feed source's items: its URL (the secret filled in, never logged),
    downloaded as a stream, ungzipped where needed, read by `read_stream`."""
    url = source.feed_url.replace("{key}", source.secret())
    with open_url(url, timeout=source.timeout_seconds) as response:
        yield from read_stream(maybe_gunzip(response, source.feed_url))
