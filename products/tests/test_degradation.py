"""Archived, link-less and deleted products never break a page."""

import pytest

from products.factories import AffiliateLinkFactory, ProductFactory
from products.models import Product

from .conftest import box, product_list, table

pytestmark = pytest.mark.django_db


def test_archived_product_renders_no_box_and_no_button(publish_article, render):
    link = AffiliateLinkFactory(
        product=ProductFactory(is_active=False, name="Altes Kissen")
    )
    page = publish_article(box(link.product))
    response, soup = render(page.url)
    assert soup.select(".product-box") == []
    assert "Altes Kissen" not in response.content.decode()
    assert "editor-warning" not in response.content.decode()


def test_product_without_a_live_link_shows_its_box_without_button(
    publish_article, render
):
    product = ProductFactory(name="Kissen ohne Shop")
    AffiliateLinkFactory(product=product, is_active=False)
    page = publish_article(box(product))
    _response, soup = render(page.url)
    product_box = soup.select_one(".product-box")
    assert "Kissen ohne Shop" in product_box.get_text()
    assert product_box.select("a.affiliate-link") == []
    assert (
        "Derzeit bei keinem unserer Partner-Shops erhältlich." in product_box.get_text()
    )


def test_expired_and_future_links_are_not_live(publish_article, render):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    product = ProductFactory()
    AffiliateLinkFactory(product=product, valid_until=now - timedelta(minutes=1))
    AffiliateLinkFactory(product=product, valid_from=now + timedelta(days=1))
    page = publish_article(box(product))
    _response, soup = render(page.url)
    assert soup.select("a.affiliate-link") == []


def test_deleted_product_leaves_a_working_page(publish_article, render):
    link = AffiliateLinkFactory()
    other = AffiliateLinkFactory()
    page = publish_article(
        box(link.product), table(link.product, other.product), box(other.product)
    )
    Product.objects.filter(pk=link.product.pk).delete()
    _response, soup = render(page.url)
    assert len(soup.select(".product-box")) == 1
    rows = soup.select(".product-table tbody tr")
    assert len(rows) == 1


def test_table_of_only_unavailable_products_renders_nothing(publish_article, render):
    archived = ProductFactory(is_active=False)
    page = publish_article(table(archived, ProductFactory(is_active=False)))
    _response, soup = render(page.url)
    assert soup.select(".product-table") == []


def test_list_of_a_category_without_active_products_renders_nothing(
    publish_article, render
):
    product = ProductFactory(is_active=False)
    page = publish_article(product_list(product.category))
    _response, soup = render(page.url)
    assert soup.select(".product-list") == []


def test_editors_see_a_warning_where_a_product_went_missing(rf):
    """Wagtail marks preview requests (request.is_preview); readers never see this."""
    from products.blocks import ComparisonTableBlock, ProductBoxBlock

    archived = ProductFactory(is_active=False)
    box_block, table_block = ProductBoxBlock(), ComparisonTableBlock()
    box_value = box_block.to_python({"product": 999999, "title": "x", "intro": ""})
    table_value = table_block.to_python(
        {"title": "t", "products": [archived.pk, 999999]}
    )
    preview = rf.get("/")
    preview.is_preview = True
    reader = rf.get("/")
    assert "Empfehlungsbox ohne Produkt" in box_block.render(
        box_value, {"request": preview}
    )
    assert "2 Produkt(e)" in table_block.render(table_value, {"request": preview})
    assert box_block.render(box_value, {"request": reader}).strip() == ""
    assert table_block.render(table_value, {"request": reader}).strip() == ""


def test_delete_confirmation_warns_that_the_product_is_used(
    admin_client, publish_article
):
    link = AffiliateLinkFactory()
    publish_article(box(link.product))
    response = admin_client.get(
        f"/admin/snippets/products/product/delete/{link.product.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "/usage/" in html
