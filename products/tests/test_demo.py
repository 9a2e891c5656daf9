"""The demo catalogue as `make run` shows it: placed in articles, clickable offline."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from products.models import AffiliateLink, Category, LinkMode, Merchant, Product

pytestmark = pytest.mark.django_db


def test_demo_seeds_five_categories_with_two_products_each():
    names = list(Category.objects.values_list("name", flat=True))
    assert names[:5] == [
        "Massagekissen",
        "Akupressurmatte",
        "Wärmepflaster",
        "Magnesium",
        "Massagesessel",
    ]
    for category in Category.objects.all():
        assert Product.objects.active().in_category(category).count() >= 2
    modes = set(Merchant.objects.values_list("link_mode", flat=True))
    assert modes == {LinkMode.REDIRECT, LinkMode.DIRECT}


def test_load_demo_again_changes_nothing():
    counts = [Product.objects.count(), AffiliateLink.objects.count()]
    call_command("load_demo", stdout=io.StringIO())
    assert [Product.objects.count(), AffiliateLink.objects.count()] == counts
    for article in ArticlePage.objects.all():
        types = [child.block_type for child in article.body]
        assert types.count("product_box") <= 1
        assert types.count("comparison_table") <= 1


def test_most_demo_articles_recommend_and_one_compares(render):
    articles = ArticlePage.objects.live()
    with_box = [
        a for a in articles if any(c.block_type == "product_box" for c in a.body)
    ]
    with_table = [
        a for a in articles if any(c.block_type == "comparison_table" for c in a.body)
    ]
    assert len(with_box) > len(articles) / 2
    assert len(with_table) == 1
    _response, soup = render(with_table[0].url)
    assert soup.select_one(".product-table") is not None
    assert soup.select_one("aside.affiliate-disclosure") is not None


def test_a_demo_click_ends_in_the_demo_shop(client, render):
    _response, soup = render("/empfehlungen/")
    redirect = next(
        a for a in soup.select("a.affiliate-link") if a["href"].startswith("/go/")
    )
    response = client.get(redirect["href"])
    assert response.status_code == 302
    shop = urlsplit(response["Location"])
    assert shop.path.startswith("/demo-shop/")
    assert "Demo-Shop" in client.get(shop.path).content.decode()
