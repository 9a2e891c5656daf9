"""Broken links drop out of what readers see: boxes, tables and text links fall back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.linkcheck.models import LinkCheck, LinkState
from products.tests.conftest import box, product_link, table, text

pytestmark = pytest.mark.django_db


def hrefs(soup):
    return [a["href"] for a in soup.select("a.affiliate-link")]


def break_link(link):
    LinkCheck.objects.update_or_create(
        link=link, defaults={"state": LinkState.BROKEN, "consecutive_failures": 2}
    )


@pytest.fixture
def two_shops():
    """A product whose best shop (higher priority) and second shop both work."""
    product = ProductFactory()
    best = AffiliateLinkFactory(product=product, priority=2, slug="kissen-bester-shop")
    second = AffiliateLinkFactory(
        product=product, priority=1, slug="kissen-zweiter-shop"
    )
    return product, best, second


def test_box_falls_back_to_the_next_working_link(publish_article, soup_of, two_shops):
    product, best, second = two_shops
    page = publish_article(box(product))
    cta = soup_of(page.url).select_one("a.product-box__cta")
    assert "/go/kissen-bester-shop/" in cta["href"]
    break_link(best)
    soup = soup_of(page.url)
    cta = soup.select_one("a.product-box__cta")
    assert "/go/kissen-zweiter-shop/" in cta["href"]
    assert cta["rel"] == ["sponsored", "nofollow", "noopener"]
    assert not any("kissen-bester-shop" in href for href in hrefs(soup))
    assert soup.select_one("aside.affiliate-disclosure") is not None


def test_links_only_failing_once_or_unverifiable_stay(
    publish_article, soup_of, two_shops
):
    product, best, second = two_shops
    LinkCheck.objects.create(link=best, state=LinkState.UNVERIFIABLE)
    LinkCheck.objects.create(link=second, state=LinkState.FAILING)
    soup = soup_of(publish_article(box(product)).url)
    assert len(hrefs(soup)) == 2


def test_without_a_working_link_the_box_shows_no_button(publish_article, soup_of):
    link = AffiliateLinkFactory()
    break_link(link)
    soup = soup_of(publish_article(box(link.product)).url)
    assert soup.select_one(".product-box") is not None
    assert hrefs(soup) == []
    assert "Derzeit bei keinem unserer Partner-Shops erhältlich." in soup.text


def test_tables_and_text_links_use_the_working_link(
    publish_article, soup_of, two_shops
):
    product, best, second = two_shops
    break_link(best)
    page = publish_article(
        table(product, ProductFactory()), text(f"<p>{product_link(product)}</p>")
    )
    links = hrefs(soup_of(page.url))
    assert links and all("kissen-zweiter-shop" in href for href in links)


def test_an_excluded_link_is_shown(publish_article, soup_of, two_shops):
    product, best, _second = two_shops
    check = LinkCheck.objects.create(link=best, state=LinkState.BROKEN)
    check.set_excluded(True)
    check.save()
    cta = soup_of(publish_article(box(product)).url).select_one("a.product-box__cta")
    assert "/go/kissen-bester-shop/" in cta["href"]


def queries_for(client, url) -> int:
    client.get(url)  # warm up: renditions, site root paths
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def test_leaving_out_broken_links_costs_no_query(client, publish_article):
    links = [
        AffiliateLinkFactory(merchant=MerchantFactory(direct=bool(i % 2)))
        for i in range(6)
    ]
    for link in links:
        AffiliateLinkFactory(product=link.product, priority=5)
    page = publish_article(*[box(link.product) for link in links])
    clean = queries_for(client, page.url)
    for link in links[::2]:
        break_link(link)
    assert queries_for(client, page.url) == clean


def test_a_cached_page_drops_the_link_as_soon_as_it_breaks(
    settings, publish_article, two_shops
):
    """With the whole-page cache on, a broken (or recovered) link renews the page."""
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from products.linkcheck.checker import CheckResult, Outcome
    from products.linkcheck.services import record_result

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    product, best, _second = two_shops
    page = publish_article(box(product))
    Client().get(page.url)
    assert Client().get(page.url)["X-Page-Cache"] == "hit"
    check = LinkCheck.objects.create(link=best)
    for _ in range(2):
        record_result(check, CheckResult(Outcome.HARD, "HTTP 404"), timezone.now())
    assert "kissen-bester-shop" not in Client().get(page.url).content.decode()
    record_result(check, CheckResult(Outcome.OK, "HTTP 200"), timezone.now())
    assert "kissen-bester-shop" in Client().get(page.url).content.decode()
    cache.clear()
