"""Commission reports from Awin, Amazon and any network, matched to pages, idempotent."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from articles.factories import TopicFactory
from products.clicks.factories import ClickFactory
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.revenue.imports import (
    MAX_ERRORS,
    CommissionImportError,
    import_awin_api,
    import_commissions,
)
from products.revenue.models import (
    MerchantRevenue,
    Network,
    Status,
    TrackingId,
    Transaction,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(name, **values) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text.encode("utf-8")


@pytest.fixture
def shop():
    merchant = MerchantFactory(name="Rückenshop")
    MerchantRevenue.objects.create(merchant=merchant, network=Network.AWIN)
    return merchant


@pytest.fixture
def clicked(shop, publish_article):
    """A click from an article's comparison table, with its reference."""
    page = publish_article()
    link = AffiliateLinkFactory(merchant=shop)
    click = ClickFactory(
        link=link,
        page=page,
        placement="table",
        reference="abcdefghjk",
        at=datetime(2026, 11, 2, 23, 30, tzinfo=UTC),  # 3 Nov in Berlin
    )
    return click


def test_awin_csv_maps_reference_and_subid_and_keeps_the_unmatched(clicked):
    page = clicked.page
    report = import_commissions(
        fixture("awin-transactions.csv", ref=clicked.reference, page=page.pk), "awin"
    )
    assert (report.created, report.unmatched) == (3, 1)
    by_ref = Transaction.objects.get(external_id="900001")
    assert (by_ref.page_id, by_ref.placement, by_ref.product_id, by_ref.link_id) == (
        page.pk,
        "table",
        clicked.product_id,
        clicked.link_id,
    )
    assert by_ref.merchant == clicked.merchant
    assert by_ref.click_day == date(2026, 11, 3)
    assert (by_ref.day, by_ref.commission, by_ref.sale_amount) == (
        date(2026, 11, 3),
        Decimal("7.19"),
        Decimal("89.90"),
    )
    assert by_ref.status == Status.OPEN and by_ref.matched_by == "reference"
    by_subid = Transaction.objects.get(external_id="900002")
    assert (by_subid.page_id, by_subid.placement, by_subid.status) == (
        page.pk,
        "table",
        Status.CONFIRMED,
    )
    unmatched = Transaction.objects.get(external_id="900003")
    assert unmatched.matched_by == "" and unmatched.page_id is None


def test_reimport_changes_nothing_and_a_status_change_updates_the_row(clicked):
    data = fixture("awin-transactions.csv", ref=clicked.reference, page=1)
    import_commissions(data, "awin")
    again = import_commissions(data, "awin")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Transaction.objects.count() == 3

    changed = data.replace(
        b"900001,03/11/2026 14:20:11,12345,R\xc3\xbcckenshop,pending",
        b"900001,03/11/2026 14:20:11,12345,R\xc3\xbcckenshop,declined",
    )
    report = import_commissions(changed, "awin")
    assert (report.created, report.updated) == (0, 1)
    row = Transaction.objects.get(external_id="900001")
    assert row.status == Status.CANCELLED
    assert row.updates[-1]["status"] == ["open", "cancelled"]
    assert Transaction.objects.count() == 3


def test_amazon_report_maps_tracking_ids_to_topic_and_article(publish_article):
    amazon = MerchantFactory(direct=True, name="Amazon")
    settings = MerchantRevenue.objects.create(
        merchant=amazon, network=Network.AMAZON, default_tracking_id="bp-default-21"
    )
    topic = TopicFactory(name="Import-Thema")
    TrackingId.objects.create(
        settings=settings, tracking_id="bp-ruecken-21", topic_id=topic.pk
    )

    report = import_commissions(fixture("amazon-earnings.csv"), "amazon")

    assert (report.created, report.unmatched) == (4, 1)
    sale = Transaction.objects.get(day=date(2026, 11, 3))
    assert (sale.topic_id, sale.page_id, sale.placement, sale.product_id) == (
        topic.pk,
        None,
        "",
        None,
    )
    assert sale.merchant == amazon and sale.status == Status.CONFIRMED
    assert sale.commission == Decimal("6.30")
    returned = Transaction.objects.get(day=date(2026, 11, 6))
    assert returned.status == Status.CANCELLED
    assert returned.commission == Decimal("-3.15")
    default = Transaction.objects.get(tracking_id="bp-default-21")
    assert default.matched_by == "tracking" and default.topic_id is None
    assert Transaction.objects.get(tracking_id="fremd-21").matched_by == ""
    assert import_commissions(fixture("amazon-earnings.csv"), "amazon").unchanged == 4


def test_amazon_report_maps_a_tracking_id_to_its_single_article(
    publish_article, admin_client
):
    amazon = MerchantFactory(direct=True, name="Amazon")
    settings = MerchantRevenue.objects.create(
        merchant=amazon, network=Network.AMAZON, default_tracking_id="bp-default-21"
    )
    topic = TopicFactory(name="Artikel-Thema")
    page = publish_article(title="Wärme für den Nacken", topics=[topic])
    TrackingId.objects.create(settings=settings, tracking_id="bp-ruecken-21", page=page)

    report = import_commissions(fixture("amazon-earnings.csv"), "amazon")

    assert (report.created, report.unmatched) == (4, 1)
    sale = Transaction.objects.get(day=date(2026, 11, 3))
    assert (sale.page_id, sale.topic_id, sale.placement, sale.product_id) == (
        page.pk,
        None,
        "",
        None,
    )
    assert sale.matched_by == "tracking"
    returned = Transaction.objects.get(day=date(2026, 11, 6))
    assert returned.page_id == page.pk and returned.commission == Decimal("-3.15")
    # The article's net (6.30 - 3.15) in its own row and under its topic.
    period = "date_from=2026-11-01&date_to=2026-11-30"
    for report_url, label in (
        (f"/admin/revenue/pages/?{period}&export=csv", page.title),
        (f"/admin/revenue/topics/?{period}&export=csv", topic.name),
    ):
        response = admin_client.get(report_url)
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        assert next(row for row in rows if row[0] == label)[1] == "3.15"
    german = admin_client.get("/admin/revenue/topics/?period=30&export=csv_de")
    assert german.status_code == 200


def test_generic_csv_maps_reference_subid_and_keeps_formulas_as_text(clicked):
    product = ProductFactory(slug="sitzkissen-test")
    data = fixture(
        "generic.csv", ref=clicked.reference, page=clicked.page_id, product=product.slug
    )
    report = import_commissions(data, "generic")
    assert (report.created, report.unmatched) == (3, 1)
    rows = {t.day: t for t in Transaction.objects.all()}
    assert rows[date(2026, 11, 12)].link_id == clicked.link_id
    subid = rows[date(2026, 11, 13)]
    assert (subid.page_id, subid.placement, subid.product_id) == (
        clicked.page_id,
        "box",
        product.pk,
    )
    assert subid.sale_amount == Decimal("1299.00")
    formula = rows[date(2026, 11, 14)]
    assert formula.reference.startswith("'=")
    assert formula.status == Status.CANCELLED
    again = import_commissions(data, "generic")
    assert again.unchanged == 3


def test_a_bad_file_changes_nothing_and_names_lines_in_german(clicked):
    good = fixture("awin-transactions.csv", ref=clicked.reference, page=1)
    bad = good.replace(b"89.90", b"neunzig").replace(b"approved", b"vielleicht")
    with pytest.raises(CommissionImportError) as error:
        import_commissions(bad, "awin")
    assert error.value.messages() == [
        "Zeile 2: „neunzig“ ist kein gültiger Betrag (Umsatz).",
        "Zeile 3: Unbekannter Status „vielleicht“ (offen, bestätigt oder storniert).",
    ]
    assert not Transaction.objects.exists()


def test_errors_are_capped_and_big_files_refused(db):
    header = "datum;referenz;produkt;haendler;umsatz;provision;status\n"
    lines = "".join(f"kein-datum;r{n};;;1;1;offen\n" for n in range(150))
    with pytest.raises(CommissionImportError) as error:
        import_commissions((header + lines).encode(), "generic")
    messages = error.value.messages()
    assert len(messages) == MAX_ERRORS + 1
    assert messages[0] == "Zeile 2: „kein-datum“ ist kein gültiges Datum."
    assert messages[-1] == "… und 50 weitere Fehler"
    with pytest.raises(CommissionImportError) as error:
        import_commissions(b"x" * (6 * 1024 * 1024), "generic")
    assert error.value.messages() == ["Zeile 1: Die Datei ist größer als 5 MB."]


def test_the_awin_api_json_takes_the_same_path(clicked):
    report = import_awin_api(
        [
            {
                "id": 77,
                "advertiserName": "Rückenshop",
                "commissionStatus": "approved",
                "transactionDate": "2026-11-03T10:00:00",
                "saleAmount": {"amount": 50.0, "currency": "EUR"},
                "commissionAmount": {"amount": 4.0, "currency": "EUR"},
                "clickRefs": {"clickRef": clicked.reference},
            }
        ]
    )
    assert report.created == 1
    row = Transaction.objects.get(external_id="77")
    assert (row.page_id, row.status) == (clicked.page_id, Status.CONFIRMED)
