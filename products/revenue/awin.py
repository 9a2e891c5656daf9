"""Fetching Awin transactions over its API (publisher token), on the task worker.

GET {AWIN_API_URL}/publishers/{id}/transactions/?startDate=…&endDate=…&timezone=Europe/Berlin
&dateType=transaction|validation with "Authorization: Bearer <token>". Awin
allows at most 31 days per request. A fetch asks twice: the sales made in the
window, and the sales validated in it (an older sale is confirmed or declined
30–90 days after it was made). A network failure raises AwinFetchError;
nothing is imported then.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from .imports import ImportReport, import_awin_api

MAX_DAYS = 31
TIMEOUT_SECONDS = 30
MAX_RESPONSE_BYTES = 20 * 1024 * 1024


class AwinFetchError(Exception):
    """The API did not answer usably; the message is German."""


# Awin's dateType: which date of a transaction the window filters on.
DATE_TYPES = ("transaction", "validation")


def fetch_transactions(
    first: date, last: date, date_type: str = "transaction"
) -> list[dict]:
    """The transactions whose `date_type` date ("transaction" or "validation")
    falls in [first, last] (Berlin days), as Awin's JSON objects."""
    base = getattr(settings, "AWIN_API_URL", "https://api.awin.com").rstrip("/")
    publisher = getattr(settings, "AWIN_PUBLISHER_ID", "")
    token = getattr(settings, "AWIN_API_TOKEN", "")
    if not (publisher and token):
        raise AwinFetchError("AWIN_PUBLISHER_ID und AWIN_API_TOKEN sind nicht gesetzt.")
    if (last - first).days + 1 > MAX_DAYS:
        raise AwinFetchError(f"Höchstens {MAX_DAYS} Tage je Abruf.")
    query = urlencode(
        {
            "startDate": f"{first:%Y-%m-%d}T00:00:00",
            "endDate": f"{last:%Y-%m-%d}T23:59:59",
            "timezone": "Europe/Berlin",
            "dateType": date_type,
        }
    )
    request = Request(  # noqa: S310 - the URL is from settings, https in production
        f"{base}/publishers/{publisher}/transactions/?{query}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except (URLError, OSError) as error:
        raise AwinFetchError(f"Awin nicht erreichbar: {error}") from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise AwinFetchError("Die Antwort von Awin ist zu groß.")
    try:
        data = json.loads(body)
    except ValueError as error:
        raise AwinFetchError("Awin hat kein gültiges JSON geliefert.") from error
    if not isinstance(data, list):
        raise AwinFetchError("Awin hat keine Transaktionsliste geliefert.")
    return data


def fetch_and_import(days: int, today: date) -> ImportReport:
    """Re-read the sales made or validated in the last `days` days and import
    them (two requests; a sale in both answers counts once, as last reported)."""
    first = today - timedelta(days=min(days, MAX_DAYS) - 1)
    by_id: dict[object, dict] = {}
    for date_type in DATE_TYPES:
        for position, transaction in enumerate(
            fetch_transactions(first, today, date_type)
        ):
            # Without an id the import names the row's error; keep each such row.
            key = transaction.get("id") or (date_type, position)
            by_id[key] = transaction
    return import_awin_api(list(by_id.values()))
