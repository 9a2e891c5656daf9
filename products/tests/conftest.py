"""Fixtures for the catalogue tests: published articles built from product blocks."""

import io

import pytest
from bs4 import BeautifulSoup

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from products.factories import AffiliateLinkFactory, MerchantFactory
from products.models import AffiliateLink
from products.page_products import page_affiliate_products
from tests.quality.pages import ARTICLE


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (the migration test) flush the test database:
    rebuild the demo site after them for the tests that follow."""
    from django.core.management import call_command
    from pytest_django.plugin import blocking_manager_key

    result = yield
    if "transactional_db" in item.fixturenames and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_demo", stdout=io.StringIO())
    return result


def box(product, title="Unsere Empfehlung", intro=""):
    return ("product_box", {"product": product, "title": title, "intro": intro})


def table(*products, title="Im Vergleich"):
    return ("comparison_table", {"title": title, "products": list(products)})


def product_list(category, limit=4, title="Unsere Favoriten"):
    return ("product_list", {"title": title, "category": category, "limit": limit})


def text(html):
    from wagtail.rich_text import RichText

    return ("paragraph", RichText(html))


def product_link(product, words="dieses Produkt"):
    return f'<embed embedtype="product" id="{product.pk}" text="{words}"/>'


@pytest.fixture
def publish_article():
    """Build and publish an article whose body is the given blocks."""

    def make(*blocks, **kwargs):
        page = ArticlePageFactory(body=list(blocks), **kwargs)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def render(client):
    """GET a URL and return (response, BeautifulSoup)."""

    def get(url, status=200):
        response = client.get(url)
        assert response.status_code == status
        return response, BeautifulSoup(response.content, "html.parser")

    return get


@pytest.fixture
def redirect_link():
    return AffiliateLinkFactory(url="https://shop.example/kissen?partner=bp-21")


@pytest.fixture
def direct_link():
    return AffiliateLinkFactory(
        merchant=MerchantFactory(
            direct=True,
            name="Amazon",
            disclosure_statement="Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.",
        ),
        url="https://www.amazon.de/dp/B000TEST?tag=backportal-21",
    )


@pytest.fixture
def article():
    """The demo article with product boxes (tests/quality/pages.py)."""
    return ArticlePage.objects.get(url_path__endswith=ARTICLE)


@pytest.fixture
def shown(article):
    """A live product the demo article shows, and its first active link."""
    product = page_affiliate_products(article)[0][0]
    # Demo links point at http://testserver/…, which the URL field rejects.
    for link in AffiliateLink.objects.filter(product=product):
        AffiliateLink.objects.filter(pk=link.pk).update(
            url=f"https://shop.example/{link.slug}"
        )
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    return product, link
