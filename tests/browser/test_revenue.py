"""Marketing in a real browser: from the dashboard's revenue panel to one
article's revenue, styled without a CSP violation (the admin's policy is
report-only, yet it allows no inline style), then both CSV downloads (plain
and "für Excel (deutsch)")."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import ArticlePage
from products.clicks.days import today
from products.clicks.factories import ClickFactory
from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group
from products.models import AffiliateLink
from products.revenue.models import DailyPageViews, Network, Status, Transaction

from .test_csp import COLLECT_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def marketing_with_revenue(site_url):
    ensure_marketing_group()
    user = get_user_model().objects.create_user(
        "marketing-umsatz", password="Rücken-2026!"
    )
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    article = ArticlePage.objects.live().order_by("pk").first()
    link = AffiliateLink.objects.filter(merchant__link_mode="redirect").first()
    ClickFactory.create_batch(4, link=link, page=article, at=timezone.now())
    DailyPageViews.objects.create(page=article, day=today(), views=80)
    for n, (commission, status) in enumerate(
        [("6.00", Status.CONFIRMED), ("2.00", Status.OPEN), ("1.00", Status.CANCELLED)]
    ):
        Transaction.objects.create(
            network=Network.AWIN,
            external_id=f"browser-{n}",
            day=today(),
            sale_amount=Decimal("80.00"),
            commission=Decimal(commission),
            status=status,
            page=article,
            placement="box",
            product=link.product,
            link=link,
            merchant=link.merchant,
            matched_by="reference",
        )
    return "marketing-umsatz", "Rücken-2026!", article


def download(page, name):
    page.get_by_role("button", name="Aktionen").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value.path().read_bytes()


def test_marketing_goes_from_the_dashboard_to_an_article_and_downloads_both_csvs(
    browser, site_url, marketing_with_revenue
):
    username, password, article = marketing_with_revenue
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE"
    )
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(site_url + "/admin/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(site_url + "/admin/")
        assert "Provisionen der letzten 7 Tage" in page.locator("main").inner_text()
        assert page.locator("[data-revenue-week]").inner_text() == "8,00 €"

        page.locator("[data-revenue-article]", has_text=article.title).click()
        page.wait_for_url(f"**/admin/revenue/?page={article.pk}*")
        assert (
            page.locator('[data-figure="commission"] td').first.inner_text() == "8,00"
        )
        assert page.locator('[data-figure="clicks"] td').first.inner_text() == "4"
        assert page.locator('[data-figure="views"] td').first.inner_text() == "80"
        # Styled by the apps' admin stylesheets, no style the policy refuses.
        # (Wagtail's date-range widget still writes inline scripts.)
        violations = page.evaluate("window.__cspViolations")
        assert [v for v in violations if "style-src" in v] == []
        nav = page.locator(".clicks-nav").first
        assert nav.evaluate("e => getComputedStyle(e).display") == "flex"
        figure = page.locator('[data-figure="clicks"] td').first
        assert figure.evaluate("e => getComputedStyle(e).textAlign") == "end"

        plain = download(page, "CSV herunterladen").decode("utf-8")
        rows = list(csv.reader(io.StringIO(plain)))
        assert rows[0][:5] == [
            "Zeitraum",
            "Von",
            "Bis",
            "Unvollständig",
            "Provision (netto, €)",
        ]
        assert sum(Decimal(r[4]) for r in rows[1:]) == Decimal("8.00")

        page.reload()  # the actions menu stays open after a download
        german = download(page, "CSV für Excel (deutsch)")
        assert german.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(german.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][4] == "Provision (netto, €)"
        assert "8,00" in [r[4] for r in rows[1:]]
    finally:
        context.close()
