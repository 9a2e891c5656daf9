"""Cache-Control for a CDN or Varnish, and the purges Wagtail's frontend cache sends.

A shared cache may keep readers' pages (never past the freshness of their
prices); everything personal is private. Purges go to a local HTTP server
that records them, as Varnish would receive them.
"""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from products.models import AffiliateLink
from products.page_products import page_affiliate_products
from tests.quality.caching import demo_article, publish_new_title, rename_first_product
from tests.quality.pages import ARTICLE

pytestmark = pytest.mark.django_db


def private(response) -> bool:
    """No shared cache (and no browser cache) may keep it."""
    value = response["Cache-Control"]
    return "no-store" in value and "public" not in value


def directives(response) -> dict[str, str]:
    return dict(
        (part.strip().split("=") + [""])[:2]
        for part in response["Cache-Control"].split(",")
    )


@override_settings(CDN_MAX_AGE=60, CDN_STALE_SECONDS=30)
def test_a_readers_page_may_be_shared_for_a_short_while():
    response = Client().get(ARTICLE)
    assert response.status_code == 200
    shared = directives(response)
    assert "public" in shared
    assert shared["s-maxage"] == "60"
    assert shared["stale-while-revalidate"] == "30"
    assert shared["max-age"] == "0"  # browsers ask again; purges reach the CDN only


@override_settings(CDN_MAX_AGE=600, CDN_STALE_SECONDS=600)
def test_a_shared_copy_never_outlives_the_prices_on_the_page():
    product, _placement = page_affiliate_products(demo_article())[0]
    link = AffiliateLink.objects.filter(product=product, is_active=True).first()
    link.price = 19
    link.price_checked_at = (
        timezone.now() - link.merchant.max_data_age + datetime.timedelta(seconds=90)
    )
    link.save()
    shared = directives(Client().get(ARTICLE))
    lifetime = int(shared["s-maxage"]) + int(shared.get("stale-while-revalidate", 0))
    assert 0 < lifetime <= 90


@override_settings(PAGE_CACHE_SECONDS=300, CDN_MAX_AGE=60)
def test_a_page_from_the_page_cache_carries_the_same_bound():
    client = Client()
    client.get(ARTICLE)
    hit = client.get(ARTICLE)
    assert hit["X-Page-Cache"] == "hit"
    assert directives(hit)["s-maxage"] == "60"


def test_personal_answers_are_private():
    link = AffiliateLink.objects.filter(is_active=True, product__is_active=True).first()
    anonymous = Client()
    assert private(anonymous.get(f"/go/{link.slug}/"))
    assert private(anonymous.post(f"/click/?link={link.slug}"))
    vote = anonymous.post(f"/artikel-feedback/{demo_article().pk}/", {"vote": "ja"})
    assert private(vote)
    assert private(anonymous.get("/admin/login/"))
    assert anonymous.get(ARTICLE + "?q=x")["Cache-Control"] == "private, no-store"

    editor = Client()
    editor.force_login(
        get_user_model().objects.create_superuser("cdn-editor", "e@example.org", "pw")
    )
    assert editor.get(ARTICLE)["Cache-Control"] == "private, no-store"
    page = demo_article()
    preview = editor.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert private(preview)


class PurgeRecorder(BaseHTTPRequestHandler):
    """Answers PURGE like Varnish and remembers (Host, path)."""

    purged: list

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purges():
    """The (host, path) pairs purged while the test runs."""
    handler = type("Recorder", (PurgeRecorder,), {"purged": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_port}"
    frontend = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    with override_settings(WAGTAILFRONTENDCACHE=frontend):
        yield handler.purged
    server.shutdown()
    server.server_close()


def paths(purged) -> set[str]:
    return {path for _host, path in purged}


def test_publishing_purges_the_page_and_its_listings(
    purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_title("Verhärtete Muskeln lockern")
    assert {ARTICLE, "/ratgeber/", "/"} <= paths(purges)


def test_a_product_change_purges_the_pages_that_show_it(
    purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rename_first_product("Faszienrolle neu")
    assert ARTICLE in paths(purges)
    assert "/" not in paths(purges)


def test_nothing_is_purged_without_a_frontend_cache(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rename_first_product("Faszienrolle ohne CDN")
    assert all("purge" not in repr(callback) for callback in callbacks)
