"""Page fragments: what readers the page cache cannot serve get from the cache.

Readers with a session (they voted), editors looking at the live site and the
page cache's own misses get the reader-independent parts of a page from the
cache ({% pagefragment %} in base.html): never stale, never personal.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from backportal.core import page_cache

from .caching import (
    demo_article,
    publish_new_title,
    rename_first_product,
    seconds_left,
)
from .pages import ARTICLE, PUBLIC_PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def voter(message: str = "Danke für dein Feedback!") -> Client:
    """A reader with a session and one message waiting for them, as a form of
    the site leaves it (votes themselves no longer create a session)."""
    session = SessionStore()
    session.save()
    request = RequestFactory().get("/")
    encoded = CookieStorage(request)._encode([Message(constants.SUCCESS, message)])
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    client.cookies[CookieStorage.cookie_name] = encoded
    return client


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, len(captured.captured_queries)


def title(response) -> str:
    html = BeautifulSoup(response.content, "html.parser")
    return f"{html.title.get_text()} / {html.h1.get_text()}"


@pytest.mark.parametrize(
    "site_page", [p for p in PUBLIC_PAGES if p.status == 200], ids=lambda p: p.name
)
def test_every_page_is_the_same_from_its_fragments_and_cheaper(site_page):
    first, cold = queries(Client(), site_page.path)
    again, warm = queries(Client(), site_page.path)
    assert again.content == first.content
    assert warm <= cold


def test_the_article_from_its_fragments_needs_only_routing_queries():
    _first, cold = queries(Client(), ARTICLE)
    again, warm = queries(Client(), ARTICLE)
    # Site, home, listing, article; view restrictions (ancestors, restrictions).
    assert warm <= 7 < cold
    from_newsletter, newsletter = queries(Client(), ARTICLE + "?utm_campaign=mai")
    assert newsletter == warm
    assert from_newsletter.content == again.content
    assert "Werbung" in again.content.decode()  # notice and labels come along
    assert 'class="affiliate-disclosure"' in again.content.decode()


def test_a_reader_with_a_session_gets_fragments_and_only_their_own_message():
    Client().get(ARTICLE)  # someone else's visit stores the fragments
    reader = voter()
    thanks = reader.get(ARTICLE)
    assert "Danke für dein Feedback!" in thanks.content.decode()
    other = voter()
    other.get(ARTICLE)  # their own thanks, consumed
    again, warm = queries(other, ARTICLE)
    assert "Danke für dein Feedback!" not in again.content.decode()
    assert warm <= 7 + 2  # routing, plus the session and its user lookup


def test_an_editor_on_the_live_site_gets_fragments_and_the_userbar(admin_client):
    Client().get(ARTICLE)
    response = admin_client.get(ARTICLE)
    assert b"wagtail-userbar" in response.content
    assert b"wagtail-userbar" not in Client().get(ARTICLE).content


def test_publishing_a_change_shows_at_once():
    Client().get(ARTICLE)
    publish_new_title("Ganz neuer Titel")
    response = voter().get(ARTICLE)
    assert title(response) == "Ganz neuer Titel | Backportal / Ganz neuer Titel"


def test_a_changed_product_shows_at_once():
    Client().get(ARTICLE)
    rename_first_product("Umbenanntes Produkt")
    assert "Umbenanntes Produkt" in Client().get(ARTICLE).content.decode()


def test_a_preview_never_uses_nor_fills_fragments():
    # Live visits on the host and path the preview's own request gets.
    url = urlsplit(demo_article().full_url)
    live = Client(HTTP_HOST=url.netloc)
    live_title = title(live.get(url.path))
    draft = demo_article().get_latest_revision_as_object()
    draft.title = "Entwurfstitel"
    preview = draft.make_preview_request()
    assert title(preview).startswith("Entwurfstitel")
    assert "Entwurfstitel" in preview.content.decode().split("<h1", 1)[1]
    assert title(live.get(url.path)) == live_title


def test_no_fragment_outlives_the_freshness_of_its_prices(price_stale_soon):
    request = Client().get(ARTICLE).wsgi_request
    key = page_cache.fragment_key(request, "main")
    assert cache.get(key) is not None
    assert seconds_left(key) <= price_stale_soon  # the setting says 600 s


def test_the_page_cache_keeps_the_freshness_cap_of_fragments(
    settings, price_stale_soon
):
    settings.PAGE_CACHE_SECONDS = 600
    voter().get(ARTICLE)  # renders and stores the fragments only
    response = Client().get(ARTICLE)  # the page from fragments, then stored whole
    assert "X-Page-Cache" not in response
    key = page_cache.entry_key(response.wsgi_request)
    assert Client().get(ARTICLE)["X-Page-Cache"] == "hit"
    assert seconds_left(key) <= price_stale_soon
