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
