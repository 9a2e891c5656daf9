"""The catalogue as editors use it in the Wagtail admin."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import querydict_from_html

from products.factories import (
    AffiliateLinkFactory,
    CategoryFactory,
    MerchantFactory,
    ProductFactory,
)
from products.models import AffiliateLink, Product

from .conftest import box, product_link, text

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/snippets/products/product/"


def names_in_listing(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {a.get_text(strip=True) for a in soup.select("td.title span[id$=_title]")}


@pytest.mark.parametrize(
    "url",
    [
        PRODUCTS,
        "/admin/snippets/products/category/",
        "/admin/snippets/products/brand/",
        "/admin/snippets/products/merchant/",
        f"{PRODUCTS}add/",
        "/admin/snippets/choose/products/product/",
    ],
)
def test_catalogue_views_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_produkte_menu_groups_the_catalogue(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert '"Produkte"' in html
    for url in ("products/product/", "products/category/", "products/merchant/"):
        assert url in html


def test_product_list_searches_and_filters(admin_client):
    category = CategoryFactory()
    amazon = MerchantFactory(name="Amazon")
    match = AffiliateLinkFactory(
        merchant=amazon, product=ProductFactory(name="Zirbenkissen", category=category)
    ).product
    other = ProductFactory(name="Zirbenmatte", is_active=False)

    assert names_in_listing(admin_client.get(PRODUCTS, {"q": "Zirben"})) == {
        "Zirbenkissen",
        "Zirbenmatte",
    }
    assert names_in_listing(admin_client.get(PRODUCTS, {"category": category.pk})) == {
        match.name
    }
    assert names_in_listing(admin_client.get(PRODUCTS, {"merchant": amazon.pk})) == {
        match.name
    }
    inactive = names_in_listing(admin_client.get(PRODUCTS, {"is_active": "false"}))
    assert other.name in inactive
    assert match.name not in inactive


def test_product_list_filters_stale_data_and_sorts(admin_client):
    from datetime import timedelta

    from django.utils import timezone

    stale = AffiliateLinkFactory(
        product=ProductFactory(name="Altpreis"),
        price_checked_at=timezone.now() - timedelta(days=3),
    ).product
    response = admin_client.get(PRODUCTS, {"stale": "true"})
    assert stale.name in names_in_listing(response)
    assert "veraltet: Preis bei" in response.content.decode()
    assert "Altpreis" not in names_in_listing(
        admin_client.get(PRODUCTS, {"stale": "false"})
    )
    assert admin_client.get(PRODUCTS, {"ordering": "-our_rating"}).status_code == 200


def test_inspect_view_shows_the_product(admin_client):
    product = ProductFactory(verdict="Sehr angenehm.")
    response = admin_client.get(f"{PRODUCTS}inspect/{product.pk}/")
    assert response.status_code == 200
    assert "Sehr angenehm." in response.content.decode()


def test_usage_view_lists_the_articles_using_a_product(admin_client, publish_article):
    in_box, in_text = AffiliateLinkFactory().product, AffiliateLinkFactory().product
    boxed = publish_article(box(in_box), title="Artikel mit Box")
    linked = publish_article(
        text(f"<p>{product_link(in_text)}</p>"), title="Artikel mit Link"
    )
    assert (
        boxed.title
        in admin_client.get(f"{PRODUCTS}usage/{in_box.pk}/").content.decode()
    )
    assert (
        linked.title
        in admin_client.get(f"{PRODUCTS}usage/{in_text.pk}/").content.decode()
    )


def edit_form_data(admin_client, product):
    """The edit form as a browser would submit it."""
    response = admin_client.get(f"{PRODUCTS}edit/{product.pk}/")
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    # Checked boxes without a value attribute: browsers send "on".
    for name in ("is_active", "links-0-is_active"):
        if data.get(name) == "":
            data[name] = "on"
    return data


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://shop.example/kissen",
        "https://",
        "http:///kissen",
        "data:text/html,hallo",
        "shop",
    ],
)
def test_invalid_target_urls_are_rejected_by_the_form(admin_client, url):
    link = AffiliateLinkFactory()
    data = edit_form_data(admin_client, link.product)
    data["links-0-url"] = url
    response = admin_client.post(f"{PRODUCTS}edit/{link.product.pk}/", data)
    assert response.status_code == 200  # the form again, with the error
    assert "error-message" in response.content.decode()
    link.refresh_from_db()
    assert link.url != url


def test_valid_edit_saves_links_and_a_revision(admin_client):
    link = AffiliateLinkFactory()
    data = edit_form_data(admin_client, link.product)
    data["links-0-url"] = "https://shop.example/neu?tag=bp-21"
    data["name"] = "Neuer Name"
    data["action-publish"] = "action-publish"  # a draft until published
    response = admin_client.post(f"{PRODUCTS}edit/{link.product.pk}/", data)
    assert response.status_code == 302
    assert (
        AffiliateLink.objects.get(pk=link.pk).url
        == "https://shop.example/neu?tag=bp-21"
    )
    product = Product.objects.get(pk=link.product.pk)
    assert product.name == "Neuer Name"
    assert product.is_active
    assert product.latest_revision is not None


def test_preview_shows_the_box_as_readers_see_it(admin_client):
    link = AffiliateLinkFactory()
    data = edit_form_data(admin_client, link.product)
    preview_url = f"{PRODUCTS}preview/{link.product.pk}/"
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url, {"mode": "box"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".product-box .ad-label__tag").get_text() == "Werbung"
    assert soup.select_one(".product-box a.affiliate-link") is not None
    detail = admin_client.get(preview_url, {"mode": "detail"})
    assert link.product.name in detail.content.decode()


def test_chooser_finds_products_by_name(admin_client):
    response = admin_client.get(
        "/admin/snippets/choose/products/product/results/", {"q": "Massagekissen"}
    )
    html = response.content.decode()
    assert "Wärmewerk Shiatsu-Massagekissen Komfort" in html
    assert "Magnavita" not in html
