"""Admin: "Treffer ohne Link", feed items with our GTIN that no link names."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from products.factories import AffiliateLinkFactory, MerchantFactory
from products.offers.models import DataSource, SourceKind

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/offers/datasource/"


@pytest.fixture
def source():
    return DataSource.objects.create(
        name="Awin Rückenladen",
        merchant=MerchantFactory(name="Rückenladen"),
        kind=SourceKind.AWIN_FEED,
        feed_url="https://shop.example/feed.csv.gz",
    )


UNLINKED = "/admin/datenquellen/treffer-ohne-link/"


def test_unlinked_matches_are_listed_for_editors(admin_client, source):
    from products.offers.models import UnlinkedMatch

    empty = BeautifulSoup(admin_client.get(UNLINKED).content, "html.parser")
    assert "Keine Treffer ohne Link" in empty.get_text()
    UnlinkedMatch.objects.create(
        source=source,
        gtin="4006381339999",
        merchant_product_id="RL-2000",
        title="Igelball Set im Feed",
        price=Decimal("12.90"),
        currency="EUR",
        seen_at=datetime(2026, 12, 5, 13, 30, tzinfo=UTC),
    )
    html = BeautifulSoup(admin_client.get(UNLINKED).content, "html.parser")
    row = [td.get_text(" ", strip=True) for td in html.select("tbody tr td")]
    for expected in (
        "Awin Rückenladen",
        "Rückenladen",
        "4006381339999",
        "RL-2000",
        "Igelball Set im Feed",
        "12,90 EUR",
        "5. Dezember 2026, 14:30",
    ):
        assert expected in row, (expected, row)
    # Beside the sources in the products menu.
    menu = admin_client.get(LIST).content.decode()
    assert UNLINKED in menu


def test_unlinked_matches_need_the_sources_permission(client, source):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    nobody = get_user_model().objects.create_user("ohne-quellen", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get(UNLINKED).status_code in (302, 403)
    assert UNLINKED not in client.get("/admin/").content.decode()
    nobody.user_permissions.add(Permission.objects.get(codename="view_datasource"))
    assert client.get(UNLINKED).status_code == 200


def test_a_refresh_keeps_the_feed_price_of_an_unlinked_match(source):
    from products.offers.connectors import FeedItem
    from products.offers.models import UnlinkedMatch
    from products.offers.refresh import refresh_source

    AffiliateLinkFactory(gtin="4006381339999")  # another merchant's link
    item = FeedItem(
        merchant_product_id="RL-2000",
        gtin="4006381339999",
        title="Igelball",
        price=Decimal("12.90"),
    )
    refresh_source(source, items=[item])
    match = UnlinkedMatch.objects.get()
    assert (match.price, match.currency) == (Decimal("12.90"), "EUR")
