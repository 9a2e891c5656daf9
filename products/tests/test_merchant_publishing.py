"""Merchants under draft/publish: readers see only the approved, live merchant.

A Redaktion edit of a merchant's statement waits for the Produkt-Freigabe
workflow; a merchant that is not live or has expired counts as no merchant
(its links are left out like inactive ones, /go/ falls back to the product
page); taking a product or merchant offline needs no approval.
"""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from products.factories import AffiliateLinkFactory, MerchantFactory
from products.models import AffiliateLink, Merchant, Product
from products.page_products import affiliate_merchants, page_affiliate_products

from .conftest import box
from .test_publishing import go_target, logged_in, user

pytestmark = pytest.mark.django_db

MERCHANTS = "/admin/snippets/products/merchant/"
PRODUCTS = "/admin/snippets/products/product/"
OLD_STATEMENT = "Als Partner des Rückenladens verdienen wir an Verkäufen."
NEW_STATEMENT = "Neuer Pflichthinweis, noch nicht freigegeben."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def merchant(article):
    """A merchant whose links the demo article renders, with a known statement."""
    merchant = affiliate_merchants(article)[0]
    Merchant.objects.filter(pk=merchant.pk).update(disclosure_statement=OLD_STATEMENT)
    merchant.refresh_from_db()
    return merchant


def reader_html(article) -> str:
    cache.clear()
    return Client().get(article.url).content.decode()


def shown_links(article, merchant) -> list[AffiliateLink]:
    """The merchant's links among the products the article shows."""
    products = [product.pk for product, _placement in page_affiliate_products(article)]
    return list(AffiliateLink.objects.filter(product__in=products, merchant=merchant))


def edit_form(client, merchant, **changes):
    html = client.get(f"{MERCHANTS}edit/{merchant.pk}/").content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    if data.get("show_ratings") == "":
        data["show_ratings"] = "on"
    data.update(changes)
    return data


def approve(merchant, username):
    merchant = Merchant.objects.get(pk=merchant.pk)
    task_state = merchant.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user(username), "approve")


def assert_links_off_the_page(article, merchant):
    html = reader_html(article)
    assert OLD_STATEMENT not in html
    for link in shown_links(article, merchant):
        assert f"/go/{link.slug}/" not in html
        assert go_target(link) != link.url  # /go/ falls back, as for inactive links


def test_an_editors_new_statement_waits_for_review_and_sign_off(article, merchant):
    assert OLD_STATEMENT in reader_html(article)
    editor = logged_in("redaktion")
    data = edit_form(editor, merchant, disclosure_statement=NEW_STATEMENT)
    data["action-submit"] = "action-submit"
    response = editor.post(f"{MERCHANTS}edit/{merchant.pk}/", data)
    assert response.status_code == 302

    merchant.refresh_from_db()
    assert merchant.current_workflow_state is not None
    assert merchant.has_unpublished_changes
    assert merchant.disclosure_statement == OLD_STATEMENT
    html = reader_html(article)
    assert OLD_STATEMENT in html and NEW_STATEMENT not in html

    approve(merchant, "pruefung")  # Fachliche Prüfung
    assert NEW_STATEMENT not in reader_html(article)  # still waiting for Freigabe

    approve(merchant, "admin")  # Freigabe
    html = reader_html(article)
    assert NEW_STATEMENT in html and OLD_STATEMENT not in html


def test_editors_cannot_publish_or_delete_merchants(merchant):
    editor = logged_in("redaktion")
    html = editor.get(f"{MERCHANTS}edit/{merchant.pk}/").content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    data = edit_form(editor, merchant, disclosure_statement=NEW_STATEMENT)
    data["action-publish"] = "action-publish"
    editor.post(f"{MERCHANTS}edit/{merchant.pk}/", data)
    merchant.refresh_from_db()
    assert merchant.disclosure_statement == OLD_STATEMENT
    editor.post(f"{MERCHANTS}delete/{merchant.pk}/")
    assert Merchant.objects.filter(pk=merchant.pk).exists()


def test_a_merchant_never_published_counts_as_none(publish_article, render):
    shop = MerchantFactory(
        live=False, name="Neuer Laden", disclosure_statement="Hinweis Neuer Laden."
    )
    hidden = AffiliateLinkFactory(merchant=shop)
    product = hidden.product
    shown = AffiliateLinkFactory(product=product)
    page = publish_article(box(product))
    response, soup = render(page.url)
    html = response.content.decode()
    assert f"/go/{shown.slug}/" in html
    assert f"/go/{hidden.slug}/" not in html
    assert "Hinweis Neuer Laden." not in html
    assert "Neuer Laden" not in html
    assert go_target(hidden) != hidden.url


def test_a_merchant_expiry_takes_its_links_off_every_page_on_time(article, merchant):
    links = shown_links(article, merchant)
    assert links
    soon = timezone.now() + timedelta(minutes=10)
    Merchant.objects.filter(pk=merchant.pk).update(expire_at=soon)
    for product in Product.objects.filter(links__in=links).distinct():
        fresh_until = product.snapshot().fresh_until
        assert fresh_until is not None and fresh_until <= soon  # bounds the cache

    Merchant.objects.filter(pk=merchant.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    assert_links_off_the_page(article, merchant)
    call_command("publish_scheduled", stdout=io.StringIO())
    merchant.refresh_from_db()
    assert not merchant.live and merchant.expired


def test_redaktion_takes_a_merchant_offline_without_approval(article, merchant):
    editor = logged_in("redaktion")
    html = editor.get(f"{MERCHANTS}edit/{merchant.pk}/").content.decode()
    assert f"{MERCHANTS}unpublish/{merchant.pk}/" in html
    response = editor.post(f"{MERCHANTS}unpublish/{merchant.pk}/")
    assert response.status_code == 302
    merchant.refresh_from_db()
    assert not merchant.live
    assert merchant.current_workflow_state is None
    assert_links_off_the_page(article, merchant)

    # Putting it live again still needs approval.
    data = edit_form(editor, merchant)
    data["action-publish"] = "action-publish"
    editor.post(f"{MERCHANTS}edit/{merchant.pk}/", data)
    merchant.refresh_from_db()
    assert not merchant.live


def test_redaktion_takes_a_product_offline_without_approval(article):
    product = page_affiliate_products(article)[0][0]
    editor = logged_in("redaktion")
    html = editor.get(f"{PRODUCTS}edit/{product.pk}/").content.decode()
    assert f"{PRODUCTS}unpublish/{product.pk}/" in html
    response = editor.post(f"{PRODUCTS}unpublish/{product.pk}/")
    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.live
    assert product.current_workflow_state is None
    assert product.name not in reader_html(article)
    assert not Product.objects.active().filter(pk=product.pk).exists()


def test_marketing_may_not_take_anything_offline(merchant):
    marketing = logged_in("marketing")
    assert marketing.post(f"{MERCHANTS}unpublish/{merchant.pk}/").status_code in (
        302,
        403,
    )
    merchant.refresh_from_db()
    assert merchant.live
