"""The whole-page cache: fast for repeat readers, never stale, never personal."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from backportal.core import page_cache
from backportal.core.page_cache import cache_timeout
from products.models import Product
from products.page_products import page_affiliate_products

from .caching import (
    demo_article,
    publish_new_title,
    rename_first_product,
    seconds_left,
)
from .pages import ARTICLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


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


def test_a_cached_page_sets_no_cookie_and_its_feedback_form_works():
    Client().get(ARTICLE)  # stored by someone else's visit
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(ARTICLE)
    assert page["X-Page-Cache"] == "hit"
    assert not page.cookies
    response = reader.post(
        f"/artikel-feedback/{demo_article().pk}/",
        {"vote": "ja"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert reader.get(ARTICLE).get("X-Page-Cache") is None  # now has a session


def test_a_cached_page_carries_the_headers_of_a_fresh_one():
    fresh = Client().get(ARTICLE)
    cached = Client().get(ARTICLE)
    assert cached["X-Page-Cache"] == "hit"
    for header in (
        "Content-Type",
        "Content-Language",
        "Content-Length",
        "Vary",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert cached[header] == fresh[header], header
    assert cached["X-Frame-Options"] == "DENY"


def test_publishing_a_change_shows_at_once():
    Client().get(ARTICLE)
    publish_new_title("Ganz neuer Titel")
    response = Client().get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert heading(response) == "Ganz neuer Titel"


def test_unpublished_page_is_gone_at_once():
    Client().get(ARTICLE)
    demo_article().unpublish()
    assert Client().get(ARTICLE).status_code == 404


def test_a_changed_product_shows_on_the_pages_that_use_it():
    Client().get(ARTICLE)
    rename_first_product("Umbenanntes Produkt")
    response = Client().get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert "Umbenanntes Produkt" in response.content.decode()


def test_an_entry_never_outlives_the_freshness_of_its_prices(price_stale_soon):
    assert cache_timeout(demo_article(), timezone.now()) <= price_stale_soon
    response = Client().get(ARTICLE)
    assert seconds_left(page_cache.entry_key(response.wsgi_request)) <= price_stale_soon


def test_personal_visits_bypass_the_cache(admin_client):
    Client().get(ARTICLE)
    response = admin_client.get(ARTICLE)
    assert "X-Page-Cache" not in response
    assert Client().get(ARTICLE + "?seite=2").get("X-Page-Cache") is None
    assert Client().get(ARTICLE + "?x=<script>").get("X-Page-Cache") is None
    anonymous = Client().get(ARTICLE)
    assert anonymous["X-Page-Cache"] == "hit"
    assert b"wagtail-userbar" not in anonymous.content


def test_a_deploy_with_new_static_files_starts_with_no_stored_page(monkeypatch):
    """Stored pages name hashed CSS and JS files; a new build has other names."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    Client().get(ARTICLE)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(
        staticfiles_storage, "manifest_hash", "new-build", raising=False
    )
    page_cache.build.cache_clear()  # a new process reads its manifest afresh
    assert "X-Page-Cache" not in Client().get(ARTICLE)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    monkeypatch.undo()
    page_cache.build.cache_clear()


def test_newsletter_and_ad_links_get_the_cached_page():
    """utm_* and click ids change nothing on the page: they do not bypass it."""
    Client().get(ARTICLE)
    for query in ("?utm_source=newsletter&utm_medium=email", "?gclid=abc", "?fbclid=1"):
        response = Client().get(ARTICLE + query)
        assert response["X-Page-Cache"] == "hit", query
        assert b"newsletter" not in response.content
    assert "X-Page-Cache" not in Client().get(ARTICLE + "?utm_source=x&seite=2")


def test_making_a_page_private_takes_it_out_of_the_cache_at_once():
    from wagtail.models import PageViewRestriction

    Client().get(ARTICLE)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=demo_article(), restriction_type=PageViewRestriction.LOGIN
    )
    response = Client().get(ARTICLE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_change_while_a_page_renders_leaves_its_entry_invalid(rf):
    """The tokens are read before rendering; renewed meanwhile, they no longer
    match what is stored."""
    page, request = demo_article(), rf.get(ARTICLE)
    tokens = page_cache.current_tokens(page.pk)  # rendering starts
    page_cache.renew_all()  # someone publishes meanwhile
    key = page_cache.entry_key(request)
    page_cache.store(key, page, request, seconds=600, tokens=tokens, content=b"alt")
    assert page_cache.lookup(key)[0] is None


def test_a_rendering_of_rows_not_yet_committed_is_void_after_the_commit(
    rf, django_capture_on_commit_callbacks
):
    """A product saved in a transaction renews the tokens at once and again on
    commit: a reader who rendered the old rows in between stored in vain."""
    page, request = demo_article(), rf.get(ARTICLE)
    key = page_cache.entry_key(request)
    product, _placement = page_affiliate_products(page)[0]
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.get(pk=product.pk).save()
        tokens = page_cache.current_tokens(page.pk)  # a reader renders old rows
        page_cache.store(key, page, request, seconds=600, tokens=tokens, content=b"")
        assert page_cache.lookup(key)[0] is not None
    assert page_cache.lookup(key)[0] is None


def test_a_wrong_page_hint_never_validates_an_entry(rf):
    """The middleware guesses the page of a URL to read the entry and the
    page's tokens at once; the guess is checked against the entry."""
    page, request = demo_article(), rf.get(ARTICLE)
    other = page.get_parent()
    key = page_cache.entry_key(request)
    tokens = page_cache.current_tokens(page.pk)
    page_cache.store(key, page, request, seconds=600, tokens=tokens, content=b"")
    assert page_cache.lookup(key, other.pk)[0] is not None  # still valid
    page_cache.renew_pages([page.pk])  # its product changed
    assert page_cache.lookup(key, other.pk)[0] is None
    assert page_cache.lookup(key)[0] is None
