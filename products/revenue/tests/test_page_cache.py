"""Cached pages follow the revenue settings: a new tag shows on the next request."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from backportal.core import page_cache
from products.factories import AffiliateLinkFactory, MerchantFactory
from products.revenue import references
from products.revenue.models import MerchantRevenue, Network, TrackingId
from products.tests.conftest import box

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def link_parameters(response, name) -> set:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        parse_qs(urlsplit(a["href"]).query).get(name, [None])[0]
        for a in soup.select("a.affiliate-link")
    }


@pytest.fixture
def amazon_page(publish_article):
    amazon = MerchantFactory(direct=True, name="Amazon")
    settings = MerchantRevenue.objects.create(
        merchant=amazon, network=Network.AMAZON, default_tracking_id="bp-default-21"
    )
    link = AffiliateLinkFactory(merchant=amazon, url="https://www.amazon.de/dp/B0X")
    page = publish_article(box(link.product))
    Client().get(page.url)
    cached = Client().get(page.url)
    assert cached["X-Page-Cache"] == "hit"
    assert link_parameters(cached, "tag") == {"bp-default-21"}
    return settings, page


def test_a_newly_mapped_tracking_id_reaches_the_cached_page_at_once(amazon_page):
    settings, page = amazon_page
    TrackingId.objects.create(settings=settings, tracking_id="bp-artikel-21", page=page)

    after = Client().get(page.url)
    assert after.get("X-Page-Cache") != "hit"
    assert link_parameters(after, "tag") == {"bp-artikel-21"}


def test_a_removed_tracking_id_and_a_new_default_reach_the_cached_page(amazon_page):
    settings, page = amazon_page
    tracking = TrackingId.objects.create(
        settings=settings, tracking_id="bp-artikel-21", page=page
    )
    assert link_parameters(Client().get(page.url), "tag") == {"bp-artikel-21"}
    Client().get(page.url)

    tracking.delete()
    settings.default_tracking_id = "bp-neu-21"
    settings.save()
    assert link_parameters(Client().get(page.url), "tag") == {"bp-neu-21"}


def test_a_changed_reference_parameter_reaches_the_cached_page(publish_article):
    shop = MerchantFactory(direct=True, name="Rückenshop")
    settings = MerchantRevenue.objects.create(merchant=shop, network=Network.AWIN)
    link = AffiliateLinkFactory(merchant=shop, url="https://shop.example/kissen")
    page = publish_article(box(link.product))
    Client().get(page.url)
    assert link_parameters(Client().get(page.url), "clickref") == {f"p{page.pk}-box"}

    settings.reference_parameter = "sub"
    settings.save()
    assert link_parameters(Client().get(page.url), "sub") == {f"p{page.pk}-box"}


def test_a_process_with_an_older_snapshot_does_not_store_the_old_tag(amazon_page):
    """Another worker saved a mapping: here only the shared cache says so (its
    signals ran there). This process's snapshot still has the old tags."""
    settings, page = amazon_page
    TrackingId.objects.bulk_create(  # no signal in this process
        [TrackingId(settings=settings, tracking_id="bp-artikel-21", page=page)]
    )
    other_process = references.snapshot()
    page_cache.renew_all()
    cache.set(references.CHANGED_KEY, "saved-elsewhere", None)

    rendered = Client().get(page.url)  # from the old snapshot, then dropped
    assert link_parameters(rendered, "tag") == {"bp-default-21"}
    assert references.snapshot() is not other_process

    after = Client().get(page.url)
    assert after.get("X-Page-Cache") != "hit"
    assert link_parameters(after, "tag") == {"bp-artikel-21"}
    assert Client().get(page.url)["X-Page-Cache"] == "hit"


def test_a_flushed_cache_costs_no_extra_rendering(amazon_page):
    """The change token went with a flush (or a Redis restart): that is no
    settings change, so the next rendering is stored as usual."""
    settings, page = amazon_page
    settings.save()  # a change token, which this process's snapshot then carries
    Client().get(page.url)
    assert references.snapshot().changed_token is not None
    cache.clear()

    Client().get(page.url)
    assert Client().get(page.url)["X-Page-Cache"] == "hit"
