"""An article's query count does not grow with the number of product blocks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.factories import AffiliateLinkFactory, MerchantFactory

from .conftest import box, product_link, table, text

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # warm up: renditions, site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def links(count):
    """Links of distinct products, brands, categories, images and merchants."""
    return [
        AffiliateLinkFactory(merchant=MerchantFactory(direct=bool(i % 2)))
        for i in range(count)
    ]


def test_one_and_ten_product_boxes_cost_the_same_queries(client, publish_article):
    ten = links(10)
    for link in ten[:5]:  # some products offer two shops
        AffiliateLinkFactory(product=link.product)
    one_page = publish_article(box(ten[0].product))
    ten_page = publish_article(*[box(link.product) for link in ten])
    one_count = queries_for(client, one_page.url)
    ten_count = queries_for(client, ten_page.url)
    assert ten_count == one_count
    assert (
        client.get(ten_page.url).content.decode().count('<div class="product-box">')
        == 10
    )


def test_tables_and_text_links_do_not_grow_the_count_either(client, publish_article):
    six = links(6)
    small = publish_article(
        table(six[0].product, six[1].product),
        text(f"<p>{product_link(six[0].product)}</p>"),
    )
    large = publish_article(
        table(*[link.product for link in six]),
        text("<p>" + " ".join(product_link(link.product) for link in six) + "</p>"),
    )
    assert queries_for(client, large.url) == queries_for(client, small.url)


def test_boxes_tables_and_text_links_share_one_load_of_the_products(
    client, publish_article
):
    """Products load once per page view, however many blocks and paragraphs
    show them: a page with one box costs as many queries as one with boxes, a
    table and product links spread over several paragraphs."""
    six = links(6)
    products = [link.product for link in six]
    one_box = publish_article(box(products[0]))
    everything = publish_article(
        *[box(product) for product in products[:3]],
        table(*products),
        *[text(f"<p>Mit {product_link(product)} im Text.</p>") for product in products],
    )
    assert queries_for(client, everything.url) == queries_for(client, one_box.url)
    html = client.get(everything.url).content.decode()
    assert html.count('<div class="product-box">') == 3
    assert html.count("affiliate-link__mark") >= 6 + 6  # table rows and text links


def test_teasers_of_articles_with_products_cost_no_product_queries(
    client, publish_article
):
    """A listing counts its articles' words from stored data: the products and
    images inside the listed articles are never loaded."""
    from articles.models import ArticleIndexPage

    listing = ArticleIndexPage.objects.get().url
    before = queries_for(client, listing)
    for link in links(3):
        publish_article(box(link.product), table(link.product, links(1)[0].product))
    assert queries_for(client, listing) == before
