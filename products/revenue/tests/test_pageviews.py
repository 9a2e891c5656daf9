"""The page-view beacon: one count per view, no bots, nothing personal, cache hits too."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from products.clicks.tests.conftest import BROWSER_UA
from products.revenue.models import DailyPageViews

pytestmark = pytest.mark.django_db

HEADERS = {"HTTP_USER_AGENT": BROWSER_UA, "REMOTE_ADDR": "203.0.113.7"}


def beacon(client, page_id, **extra):
    return client.post(f"/seitenaufruf/?page={page_id}", **{**HEADERS, **extra})


def views(page) -> int:
    return sum(DailyPageViews.objects.filter(page=page).values_list("views", flat=True))


def beacon_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    script = soup.select_one('script[src$="revenue/pageview.js"]')
    return script


def test_each_view_counts_once_and_nothing_personal_is_kept(
    client, publish_article, django_assert_num_queries
):
    page = publish_article()
    script = beacon_of(client.get(page.url))
    assert script["data-page"] == str(page.pk) and script.has_attr("defer")
    assert script["data-url"] == "/seitenaufruf/"
    with django_assert_num_queries(1):
        response = beacon(client, page.pk)
    beacon(client, page.pk)
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert views(page) == 2
    assert DailyPageViews.objects.filter(page=page).count() == 1
    columns = {f.name for f in DailyPageViews._meta.get_fields()}
    assert columns == {"id", "page", "day", "views"}


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_USER_AGENT": ""},
    ],
)
def test_bots_and_prefetches_are_not_counted(client, publish_article, extra):
    page = publish_article()
    assert beacon(client, page.pk, **extra).status_code == 204
    assert views(page) == 0


def test_head_get_and_bad_ids_are_not_counted(client, publish_article):
    page = publish_article()
    assert client.head(f"/seitenaufruf/?page={page.pk}", **HEADERS).status_code == 405
    assert client.get(f"/seitenaufruf/?page={page.pk}", **HEADERS).status_code == 405
    for value in ["", "abc", "-1", "0", "99999999999", "999999"]:
        assert beacon(client, value).status_code == 204
    assert views(page) == 0
    assert not DailyPageViews.objects.exists()


def test_the_beacon_is_in_pages_served_from_the_page_cache(settings, publish_article):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    page = publish_article()
    try:
        Client().get(page.url)
        hit = Client().get(page.url)
        assert hit["X-Page-Cache"] == "hit"
        assert beacon_of(hit)["data-page"] == str(page.pk)
        beacon(Client(), page.pk)
        assert views(page) == 1
    finally:
        cache.clear()
