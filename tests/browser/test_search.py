"""Site search in a real browser: a reader types a word into the header's
search field and reads articles (with the passage, the word marked) first,
then matching products; never the home or the legal pages."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="German stemming needs PostgreSQL"
    ),
]


def test_search_lists_marked_articles_first_then_products(page, site_url):
    page.goto(site_url + "/")
    field = page.get_by_role("searchbox").first
    field.fill("Muskelverhärtung")
    with page.expect_navigation():
        field.press("Enter")
    assert page.locator("h1").inner_text() == "Suche"
    articles = page.locator("#search-artikel ~ .search-results .search-result")
    products = page.locator(".search-side-results .search-product")
    assert articles.count() >= 1
    assert products.count() >= 1
    first = articles.first
    assert first.locator("h3").inner_text() == (
        "Muskelverhärtung im unteren Rücken lösen: Was wirklich hilft"
    )
    assert first.locator(".search-result__teaser").inner_text().strip()
    marked = page.locator(".search-results mark").all_inner_texts()
    assert "Muskelverhärtung" in marked
    assert first.locator("mark").first.is_visible()
    # Articles above products, as the reader scrolls.
    last_article = articles.last.bounding_box()
    first_product = products.first.bounding_box()
    assert last_article["y"] + last_article["height"] <= first_product["y"]
    product_names = products.locator("h3").all_inner_texts()
    assert "Wärmewerk Shiatsu-Massagekissen Komfort" in product_names
    titles = set(page.locator(".search-result__title").all_inner_texts())
    assert not {"Gesunder Rücken", "Impressum", "Datenschutz"} & titles


def test_search_never_lists_the_home_or_legal_pages(desktop_page, site_url):
    page = desktop_page
    for word in ("Rücken", "Impressum", "Datenschutz"):
        page.goto(f"{site_url}/suche/?q={word}")
        titles = set(page.locator(".search-result__title").all_inner_texts())
        assert not {"Gesunder Rücken", "Impressum", "Datenschutz"} & titles, word
