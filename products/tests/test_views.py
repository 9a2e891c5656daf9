"""/go/<slug>/, the click endpoint and the demo shop, as a browser meets them."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from products.factories import AffiliateLinkFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_go_redirects_to_the_target_without_caching_or_indexing(client, redirect_link):
    response = client.get(f"/go/{redirect_link.slug}/?from=1&p=box")
    assert response.status_code == 302
    assert response["Location"] == redirect_link.url
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_no_parameter_changes_the_destination(client, redirect_link):
    response = client.get(
        f"/go/{redirect_link.slug}/?url=https://evil.example/&next=//evil.example"
    )
    assert response["Location"] == redirect_link.url


def test_unknown_slug_gets_the_404_page(client):
    response = client.get("/go/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es leider nicht" in response.content.decode()


DEAD_LINKS = {
    "inactive": lambda: AffiliateLinkFactory(is_active=False),
    "expired": lambda: AffiliateLinkFactory(
        valid_until=timezone.now() - timedelta(days=1)
    ),
    "archived-product": lambda: AffiliateLinkFactory(
        product=ProductFactory(is_active=False)
    ),
}


@pytest.mark.parametrize("make_link", DEAD_LINKS.values(), ids=DEAD_LINKS.keys())
def test_dead_links_lead_to_the_product_page_on_this_site(client, make_link):
    link = make_link()
    response = client.get(f"/go/{link.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/empfehlungen/{link.product.slug}/"
    assert client.get(response["Location"]).status_code == 200


def test_go_answers_only_safe_methods(client, redirect_link):
    assert client.post(f"/go/{redirect_link.slug}/").status_code == 405


def test_click_endpoint_accepts_a_post_naming_a_registered_link(client, direct_link):
    response = client.post(
        f"/click/?link={direct_link.slug}&from=3&p=box",
        data="PING",
        content_type="text/ping",
        HTTP_PING_FROM="http://testserver/ratgeber/",
    )
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "query", ["", "?link=", "?link=gibt-es-nicht", "?link=" + "x" * 500]
)
def test_click_endpoint_rejects_unknown_links(client, query):
    response = client.post(f"/click/{query}", HTTP_ORIGIN="http://testserver")
    assert response.status_code == 404


def test_click_endpoint_needs_no_csrf_token_but_a_post(direct_link):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    assert client.post(f"/click/?link={direct_link.slug}").status_code == 204
    assert client.get(f"/click/?link={direct_link.slug}").status_code == 405


def test_demo_shop_answers_in_demo_mode(client, redirect_link):
    response = client.get(f"/demo-shop/{redirect_link.slug}/")
    assert response.status_code == 200
    assert "Demo-Shop" in response.content.decode()
    assert redirect_link.product.name in response.content.decode()


@override_settings(DEMO_MODE=False)
def test_demo_shop_does_not_exist_outside_demo_mode(client, redirect_link):
    assert client.get(f"/demo-shop/{redirect_link.slug}/").status_code == 404
