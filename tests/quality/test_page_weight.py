"""Page weight and layout stability of every listed page, from the rendered HTML.

Budgets: an article's HTML + CSS + JS under 100 KB uncompressed,
no render-blocking request to another host, every image sized (no layout shift).
bench/article_run.py measures the same on the 3,000-word benchmark article.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from .pages import ARTICLE, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 100 * 1024


def own_asset_bytes(url: str) -> int:
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), url
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, url
    with open(found, "rb") as file:
        return len(file.read())


def blocking_assets(html: BeautifulSoup) -> list[str]:
    """Stylesheets, and scripts that are neither async, deferred nor modules."""
    sheets = [link["href"] for link in html.select('link[rel="stylesheet"]')]
    scripts = [
        script["src"]
        for script in html.select("script[src]")
        if not {"async", "defer"} & set(script.attrs) and script.get("type") != "module"
    ]
    return sheets + scripts


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_no_third_party_blocking_requests_and_every_image_sized(client, site_page):
    html = BeautifulSoup(client.get(site_page.path).content, "html.parser")
    third_party = [url for url in blocking_assets(html) if urlsplit(url).netloc]
    assert not third_party
    unsized = [
        str(img)[:120]
        for img in html.find_all("img")
        if not (img.get("width") and img.get("height"))
    ]
    assert not unsized


def test_article_html_css_and_js_stay_under_100_kb(client):
    response = client.get(ARTICLE)
    html = BeautifulSoup(response.content, "html.parser")
    assets = [link["href"] for link in html.select('link[rel="stylesheet"]')]
    assets += [script["src"] for script in html.select("script[src]")]
    total = len(response.content) + sum(own_asset_bytes(url) for url in assets)
    assert total < BUDGET_BYTES, f"{total / 1024:.1f} KB"


@pytest.mark.parametrize("site_page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_pages_leave_without_the_templates_indentation(client, site_page):
    """The templates are indented for their authors; readers download none of it."""
    content = client.get(site_page.path).content
    indented = [line[:80] for line in content.split(b"\n") if line[:1] in (b" ", b"\t")]
    assert not indented


def test_the_length_header_matches_the_shortened_page(client):
    response = client.get(ARTICLE)
    assert int(response["Content-Length"]) == len(response.content)
