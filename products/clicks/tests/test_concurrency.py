"""Concurrent clicks against a live server: N requests record exactly N clicks.

Runs on PostgreSQL (CI and production); SQLite serialises every write, so the
test says so and skips there.
"""

import http.client
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.db import connection

from products.clicks.models import Click, Outcome
from products.factories import AffiliateLinkFactory, MerchantFactory

from .conftest import BROWSER_UA

REQUESTS = 120
THREADS = 12


def request(live_server_url: str, method: str, path: str) -> tuple[int, str | None]:
    parts = urlsplit(live_server_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {"User-Agent": BROWSER_UA}
        if method == "POST":  # a ping names the page of this site it came from
            headers["Ping-From"] = f"{live_server_url}/ratgeber/"
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        conn.close()


def test_concurrent_redirects_and_pings_record_exactly_n_clicks(live_server):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (SQLite serialises writes); CI runs it with "
            "DATABASE_URL=postgres://…"
        )
    redirect = AffiliateLinkFactory(url="https://shop.example/kissen?partner=bp")
    direct = AffiliateLinkFactory(merchant=MerchantFactory(direct=True))
    calls = [
        ("GET", f"/go/{redirect.slug}/?p=box")
        if n % 2
        else ("POST", f"/click/?link={direct.slug}&p=table")
        for n in range(REQUESTS)
    ]

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda call: request(live_server.url, *call), calls))

    assert results.count((302, redirect.url)) == REQUESTS // 2
    assert results.count((204, None)) == REQUESTS // 2
    assert (
        Click.objects.filter(link=redirect, outcome=Outcome.REDIRECT).count()
        == REQUESTS // 2
    )
    assert (
        Click.objects.filter(link=direct, outcome=Outcome.PING).count() == REQUESTS // 2
    )
