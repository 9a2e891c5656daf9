"""Redaktion switches a product, a link or a merchant off without approval.

"Sofort offline nehmen" publishes an edit at once when it only switches
things off or ends them earlier (products/offline.py); an edit that changes
anything else stays a draft for the Produkt-Freigabe workflow.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from products.models import AffiliateLink, Merchant, Product
from products.offline import takes_only_offline

from . import test_merchant_publishing as merchants
from .test_publishing import (
    NEW_URL,
    PRODUCTS,
    edit_form,
    go_target,
    link_field,
    logged_in,
)

pytestmark = pytest.mark.django_db

TAKE_OFFLINE = "action-take-offline"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def reader_html(article) -> str:
    cache.clear()
    return Client().get(article.url).content.decode()


def take_offline(client, url, data):
    data[TAKE_OFFLINE] = TAKE_OFFLINE
    return client.post(url, data, follow=True)


def test_redaktion_switches_a_link_off_at_once(shown, article):
    product, link = shown
    assert f"/go/{link.slug}/" in reader_html(article)
    editor = logged_in("redaktion")
    html = editor.get(f"{PRODUCTS}edit/{product.pk}/").content.decode()
    assert f'name="{TAKE_OFFLINE}"' in html
    data = edit_form(editor, product)
    del data[link_field(data, link, "is_active")]  # unticked
    response = take_offline(editor, f"{PRODUCTS}edit/{product.pk}/", data)
    assert "braucht keine Freigabe" in response.content.decode()

    assert not AffiliateLink.objects.get(pk=link.pk).is_active
    product.refresh_from_db()
    assert product.live and not product.has_unpublished_changes
    assert product.current_workflow_state is None
    assert f"/go/{link.slug}/" not in reader_html(article)
    assert go_target(link) != link.url


def test_redaktion_deactivates_a_product_at_once(shown, article):
    product, _link = shown
    editor = logged_in("redaktion")
    data = edit_form(editor, product)
    del data["is_active"]
    take_offline(editor, f"{PRODUCTS}edit/{product.pk}/", data)
    product.refresh_from_db()
    assert not product.is_active
    assert product.name not in reader_html(article)
    assert not Product.objects.active().filter(pk=product.pk).exists()


def test_an_offline_action_that_changes_more_waits_for_approval(shown):
    product, link = shown
    editor = logged_in("redaktion")
    data = edit_form(editor, product)
    del data[link_field(data, link, "is_active")]
    data[link_field(data, link, "url")] = NEW_URL
    response = take_offline(editor, f"{PRODUCTS}edit/{product.pk}/", data)
    assert "braucht die Freigabe" in response.content.decode()
    link = AffiliateLink.objects.get(pk=link.pk)
    assert link.is_active and link.url != NEW_URL
    product.refresh_from_db()
    assert product.has_unpublished_changes


def test_redaktion_ends_a_merchant_earlier_at_once(article):
    merchant = merchants.affiliate_merchants(article)[0]
    editor = logged_in("redaktion")
    soon = timezone.localtime() + timedelta(hours=2)
    data = merchants.edit_form(
        editor, merchant, expire_at=soon.strftime("%Y-%m-%d %H:%M")
    )
    take_offline(editor, f"{merchants.MERCHANTS}edit/{merchant.pk}/", data)
    merchant.refresh_from_db()
    assert merchant.live
    assert merchant.expire_at is not None
    assert abs(merchant.expire_at - soon) < timedelta(minutes=1)


def test_only_switching_off_and_ending_earlier_count_as_offline():
    merchant = Merchant.objects.first()
    later = timezone.now() + timedelta(days=1)
    Merchant.objects.filter(pk=merchant.pk).update(expire_at=later)
    merchant.refresh_from_db()
    earlier = Merchant.objects.get(pk=merchant.pk)
    earlier.expire_at = later - timedelta(hours=1)
    assert takes_only_offline(merchant, earlier)
    extended = Merchant.objects.get(pk=merchant.pk)
    extended.expire_at = later + timedelta(hours=1)
    assert not takes_only_offline(merchant, extended)
    unended = Merchant.objects.get(pk=merchant.pk)
    unended.expire_at = None
    assert not takes_only_offline(merchant, unended)
    renamed = Merchant.objects.get(pk=merchant.pk)
    renamed.name = "Anderer Name"
    assert not takes_only_offline(merchant, renamed)


def test_others_get_no_offline_action(shown):
    product, _link = shown
    for username in ("admin", "marketing"):
        html = logged_in(username).get(f"{PRODUCTS}edit/{product.pk}/")
        assert f'name="{TAKE_OFFLINE}"' not in html.content.decode()
