"""The whole-page cache: fast for repeat readers, never stale, never personal."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import ArticlePage
from backportal.core.page_cache import cache_timeout
from products.models import AffiliateLink, Product
from products.selectors import page_affiliate_products

from .pages import ARTICLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def article():
    return ArticlePage.objects.get(url_path__endswith=ARTICLE)


def heading(response) -> str:
    return BeautifulSoup(response.content, "html.parser").h1.get_text()


def test_repeat_reader_gets_the_page_from_the_cache_with_at_most_two_queries(
    django_assert_max_num_queries,
):
    first = Client().get(ARTICLE)
    assert "X-Page-Cache" not in first
    with django_assert_max_num_queries(2):
        again = Client().get(ARTICLE)
    assert again["X-Page-Cache"] == "hit"
    assert again.content.count(b"<h1") == 1
    assert heading(again) == heading(first)


def test_feedback_form_on_a_cached_page_carries_the_readers_own_token():
    Client().get(ARTICLE)  # stored by someone else's visit
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(ARTICLE)
    assert page["X-Page-Cache"] == "hit"
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token and b"page-cache" not in token.group(1)
    response = reader.post(
        f"/artikel-feedback/{article().pk}/",
        {"vote": "ja", "csrfmiddlewaretoken": token.group(1).decode()},
    )
    assert response.status_code == 302


def test_publishing_a_change_shows_at_once():
    Client().get(ARTICLE)
    page = article()
    page.title = "Ganz neuer Titel"
    page.save_revision().publish()
    response = Client().get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert heading(response) == "Ganz neuer Titel"


def test_unpublished_page_is_gone_at_once():
    Client().get(ARTICLE)
    article().unpublish()
    assert Client().get(ARTICLE).status_code == 404


def test_a_changed_product_shows_on_the_pages_that_use_it():
    Client().get(ARTICLE)
    product, _placement = page_affiliate_products(article())[0]
    product = Product.objects.get(pk=product.pk)
    product.name = "Umbenanntes Produkt"
    product.save()
    response = Client().get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert "Umbenanntes Produkt" in response.content.decode()


def test_an_entry_never_outlives_the_freshness_of_its_prices():
    page = article()
    product, _placement = page_affiliate_products(page)[0]
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    now = timezone.now()
    link.price = 19
    link.price_checked_at = (
        now - link.merchant.max_data_age + datetime.timedelta(seconds=90)
    )
    link.save()
    assert cache_timeout(article(), now) <= 90


def test_personal_visits_bypass_the_cache(admin_client):
    Client().get(ARTICLE)
    response = admin_client.get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert Client().get(ARTICLE + "?utm_source=x").get("X-Page-Cache") is None
    anonymous = Client().get(ARTICLE)
    assert anonymous["X-Page-Cache"] == "hit"
    assert b"wagtail-userbar" not in anonymous.content
