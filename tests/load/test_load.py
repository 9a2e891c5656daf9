"""Bounded loads under gunicorn: article pages answered, every click recorded."""

import http.client
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from articles.models import ArticlePage
from products.clicks.models import Click, Outcome
from products.models import AffiliateLink

from .loadgen import run_load
from .server import warm_up

pytestmark = pytest.mark.load

SECONDS = 20
CONNECTIONS = 32
CLICKS = 1600
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
)


def test_article_pages_under_load_answer_without_errors(production_site, tmp_path):
    paths = [page.url for page in ArticlePage.objects.live()]
    assert len(paths) >= 5
    warm_up(production_site, paths)
    summary = run_load(production_site, paths, SECONDS, CONNECTIONS, tmp_path)
    assert summary["requests"] > CONNECTIONS, summary
    assert summary["bad_status"] == 0, summary
    assert summary["socket_errors"] == 0, summary


def test_go_under_load_redirects_and_records_every_click(production_site):
    """A bounded number of /go/ requests from 32 connections at once: each one a
    redirect to the shop, each one exactly one click row."""
    link = AffiliateLink.objects.filter(
        is_active=True, merchant__link_mode="redirect", product__is_active=True
    ).first()
    before = Click.objects.filter(link=link, outcome=Outcome.REDIRECT).count()
    parts = urlsplit(production_site)
    path = f"/go/{link.slug}/?p=box"

    def click(_number) -> tuple[int, str | None]:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request("GET", path, headers={"User-Agent": BROWSER_UA})
            response = conn.getresponse()
            response.read()
            return response.status, response.getheader("Location")
        finally:
            conn.close()

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        results = list(pool.map(click, range(CLICKS)))

    assert results.count((302, link.url)) == CLICKS, set(results)
    recorded = Click.objects.filter(link=link, outcome=Outcome.REDIRECT).count()
    assert recorded - before == CLICKS
