"""Clicks in a real browser: an affiliate click is recorded and lands on the demo shop;
marketing logs in, opens the click report, narrows the range and exports CSV.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from products.clicks.factories import ClickFactory
from products.clicks.groups import MARKETING_GROUP
from products.clicks.models import Click, Outcome
from products.models import AffiliateLink
from tests.quality.pages import ARTICLE

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

# A person's desktop Chrome: headless Chromium announces itself and would be
# counted as a bot (correctly), so the journey uses an ordinary User-Agent.
PERSON_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def shop_links(site_url):
    """Demo links end at WAGTAILADMIN_BASE_URL's demo shop; here, this live server's.

    The shared demo gets its targets and its click count back afterwards.
    """
    targets = dict(AffiliateLink.objects.values_list("pk", "url"))
    last_click = Click.objects.order_by("-pk").values_list("pk", flat=True).first()
    for link in AffiliateLink.objects.all():
        link.url = f"{site_url}/demo-shop/{link.slug}/?partner=backportal-21"
        link.save(update_fields=["url"])
    cache.clear()  # no page rendered with the old targets
    yield site_url
    Click.objects.filter(pk__gt=last_click or 0).delete()
    for link in AffiliateLink.objects.all():
        link.url = targets[link.pk]
        link.save(update_fields=["url"])
    cache.clear()


@pytest.fixture
def person(browser):
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"], locale="de-DE", user_agent=PERSON_UA
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_an_affiliate_button_records_a_click_and_lands_on_the_demo_shop(
    person, shop_links
):
    site_url = shop_links
    person.goto(site_url + ARTICLE)
    button = person.locator("main a.affiliate-link[href*='/go/']").first
    slug = button.get_attribute("href").split("/go/")[1].split("/")[0]
    before = Click.objects.count()

    with person.context.expect_page() as shop_tab:
        button.click()
    shop = shop_tab.value
    shop.wait_for_load_state()

    assert f"/demo-shop/{slug}/" in shop.url
    click = Click.objects.select_related("link", "page").get(pk__gt=0, link__slug=slug)
    assert Click.objects.count() == before + 1
    assert click.outcome == Outcome.REDIRECT and not click.is_bot
    assert click.page.url_path.endswith(ARTICLE.split("/ratgeber/")[1])
    assert click.placement in {"box", "table", "list", "text"}


def test_a_direct_link_reports_its_click_to_the_click_endpoint(person, shop_links):
    site_url = shop_links
    person.goto(site_url + ARTICLE)
    direct = person.locator("main a.affiliate-link[data-affiliate-ping]").first
    slug = direct.get_attribute("data-affiliate-ping").split("link=")[1].split("&")[0]
    with person.context.expect_page() as shop_tab:
        direct.click()
    assert f"/demo-shop/{slug}/" in shop_tab.value.url
    for _ in range(50):  # the ping/beacon is sent in the background
        if Click.objects.filter(link__slug=slug).exists():
            break
        person.wait_for_timeout(100)
    click = Click.objects.get(link__slug=slug)
    assert click.outcome == Outcome.PING and not click.is_bot
    assert click.page.url_path.endswith(ARTICLE.split("/ratgeber/")[1])


@pytest.fixture
def marketing_login(site_url):
    """A marketing login and five clicks of its own, removed afterwards."""
    user = get_user_model().objects.create_user(
        "marketing-browser", password="Rücken-2026!"
    )
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    link = AffiliateLink.objects.first()
    now = timezone.now()
    clicks = ClickFactory.create_batch(3, link=link, at=now)
    clicks += ClickFactory.create_batch(2, link=link, at=now - timedelta(days=20))
    yield "marketing-browser", "Rücken-2026!", link
    Click.objects.filter(pk__in=[click.pk for click in clicks]).delete()
    user.delete()


def test_marketing_opens_the_click_report_narrows_the_range_and_exports_csv(
    page, site_url, marketing_login, assert_accessible
):
    username, password, link = marketing_login
    page.goto(site_url + "/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(site_url + "/admin/")
    assert "Klicks der letzten 7 Tage" in page.locator("main").inner_text()

    page.goto(site_url + "/admin/clicks/")
    total = page.locator("[data-clicks-total]")
    assert total.inner_text() == "5"
    assert page.locator("svg.clicks-chart rect.bar").count() == 30
    assert_accessible(page)

    page.get_by_role("button", name="Filter").click()
    page.get_by_role("button", name="Zeitraum", exact=True).click()
    page.get_by_label("Letzte 7 Tage").check()
    page.wait_for_function(
        "document.querySelector('[data-clicks-total]').textContent === '3'"
    )
    assert page.locator("svg.clicks-chart rect.bar").count() == 7
    assert "period=7" in page.url

    page.goto(site_url + "/admin/clicks/products/?period=7")
    page.get_by_role("button", name="Aktionen").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV herunterladen").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text())))
    assert rows[0] == ["Produkt", "Klicks", "Eindeutige Klicks", "Anteil (%)"]
    assert rows[1][:3] == [link.product.name, "3", "3"]
