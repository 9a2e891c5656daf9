"""CSV import of prices and ratings: all or nothing, errors by line, in German."""

import io
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory
from products.offers.importers import PriceImportError, import_prices
from products.offers.models import Offer

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/reports/preise-importieren/"
HEADER = "link;produkt;preis;waehrung;bewertung;anzahl_bewertungen;geprueft_am"


@pytest.fixture
def catalogue():
    """Two products: one with two shops, one with a single shop."""
    amazon = MerchantFactory(name="Amazon", slug="amazon", direct=True)
    kissen = ProductFactory(slug="waermekissen", external_rating=None)
    AffiliateLinkFactory(product=kissen, merchant=amazon, slug="kissen-amazon")
    AffiliateLinkFactory(product=kissen, slug="kissen-shop")
    matte = ProductFactory(slug="akupressurmatte")
    AffiliateLinkFactory(product=matte, slug="matte-shop", price=Decimal("20.00"))
    return {"amazon": amazon, "kissen": kissen, "matte": matte}


def ago(hours: float, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A Berlin wall-clock time `hours` ago, as an editor would type it."""
    return (timezone.localtime() - timedelta(hours=hours)).strftime(fmt)


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def snapshot():
    return list(
        Offer.objects.order_by("pk").values_list(
            "link__slug",
            "price",
            "currency",
            "observed_at",
            "rating",
            "rating_count",
            "rating_observed_at",
        )
    )


def link_data(slug):
    """A link's manual offer, read as the link's price fields were before offers."""
    offer = Offer.objects.filter(link__slug=slug, source__isnull=True).first()
    return SimpleNamespace(
        price=offer.price if offer else None,
        currency=offer.currency if offer else "EUR",
        price_checked_at=offer.observed_at if offer else None,
    )


def rating_data(slug):
    """A product's third-party rating, read as its rating fields were before offers."""
    offer = (
        Offer.objects.filter(link__product__slug=slug, rating__isnull=False)
        .select_related("link__merchant")
        .first()
    )
    return SimpleNamespace(
        external_rating=offer.rating,
        external_rating_count=offer.rating_count,
        external_rating_source=offer.link.merchant,
        external_rating_checked_at=offer.rating_observed_at or offer.observed_at,
    )


def test_a_valid_file_updates_prices_and_ratings(catalogue):
    checked = timezone.localtime().replace(second=0, microsecond=0)
    data = csv_bytes(
        f"kissen-amazon;;44,99;EUR;4,5;3812;{checked:%Y-%m-%d %H:%M}",
        f"kissen-shop;waermekissen;52.90;;;;{checked:%d.%m.%Y %H:%M}",
        f";akupressurmatte;1.299,00;eur;;;{checked.isoformat()}",
    )
    report = import_prices(data)
    assert report.summary == (
        "3 Zeilen gelesen: 3 Preise und 1 Bewertung aktualisiert."
    )
    amazon = link_data("kissen-amazon")
    assert (amazon.price, amazon.currency) == (Decimal("44.99"), "EUR")
    assert amazon.price_checked_at == checked
    assert link_data("kissen-shop").price == Decimal("52.90")
    matte = link_data("matte-shop")
    assert (matte.price, matte.currency) == (Decimal("1299.00"), "EUR")
    kissen = rating_data("waermekissen")
    assert (kissen.external_rating, kissen.external_rating_count) == (
        Decimal("4.5"),
        3812,
    )
    assert kissen.external_rating_source == catalogue["amazon"]
    assert "Zeile 2: kissen-amazon: Preis 49,99 EUR → 44,99 EUR" in report.changes


def test_the_imported_price_shows_on_the_product_page(client, catalogue):
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    import_prices(csv_bytes(f"matte-shop;;17,49;EUR;;;{now}"))
    html = client.get("/empfehlungen/akupressurmatte/").content.decode()
    assert "17,49" in html


def test_one_bad_row_changes_nothing_and_names_line_and_problem(catalogue):
    before = snapshot()
    data = csv_bytes(
        "kissen-amazon;;44,99;EUR;4,5;3812;2025-12-08 14:30",
        "matte-shop;;12,5x;EUR;;;2025-12-08 14:30",
        "kissen-shop;;39,90;EUR;;;2025-12-08 14:30",
    )
    with pytest.raises(PriceImportError) as error:
        import_prices(data)
    assert [str(e) for e in error.value.errors] == [
        "Zeile 3: Der Preis „12,5x“ ist keine Zahl."
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "gibt-es-nicht;;1,00;EUR;;;2025-12-08",
            "Einen Link „gibt-es-nicht“ gibt es nicht.",
        ),
        (
            ";waermekissen;1,00;EUR;;;2025-12-08",
            "Das Produkt „waermekissen“ hat 2 Shops: bitte den Link angeben.",
        ),
        (
            "matte-shop;waermekissen;1,00;EUR;;;2025-12-08",
            "Der Link „matte-shop“ gehört nicht zu „waermekissen“.",
        ),
        ("matte-shop;;1,00;EUR;;;", "Das Prüfdatum (geprueft_am) fehlt."),
        (
            "matte-shop;;1,00;EUR;;;gestern",
            "Prüfdatum „gestern“ nicht lesbar (z. B. 2025-12-08 14:30 oder 08.12.2025 14:30).",
        ),
        (
            "matte-shop;;1,00;EUR;;;2099-01-01",
            "Das Prüfdatum „2099-01-01“ liegt in der Zukunft.",
        ),
        ("matte-shop;;-1,00;EUR;;;2025-12-08", "Der Preis „-1,00“ ist negativ."),
        (
            "matte-shop;;1,001;EUR;;;2025-12-08",
            "Der Preis „1,001“ hat mehr als zwei Nachkommastellen.",
        ),
        (
            "matte-shop;;1,00;Euro;;;2025-12-08",
            "Die Währung „EURO“ ist kein Code wie EUR.",
        ),
        (
            "matte-shop;;;;6;;2025-12-08",
            "Die Bewertung „6“ liegt nicht zwischen 1 und 5.",
        ),
        (
            "matte-shop;;;;4,25;;2025-12-08",
            "Die Bewertung „4,25“ hat mehr als eine Nachkommastelle.",
        ),
        (
            "matte-shop;;;;4,5;viele;2025-12-08",
            "Die Anzahl Bewertungen „viele“ ist keine ganze Zahl.",
        ),
        ("matte-shop;;;;;;2025-12-08", "Weder Preis noch Bewertung angegeben."),
        (";;1,00;EUR;;;2025-12-08", "Weder Link noch Produkt angegeben."),
        (
            ";akupressurmatte;;;4,0;10;2025-12-08",
            "Das Produkt „akupressurmatte“ hat keine Bewertungsquelle: bitte den Link angeben, dessen Händler die Bewertung liefert.",
        ),
    ],
)
def test_each_problem_is_named(catalogue, row, message):
    catalogue["matte"].external_rating_source = None
    catalogue["matte"].save()
    with pytest.raises(PriceImportError) as error:
        import_prices(csv_bytes(row))
    assert [str(e) for e in error.value.errors] == [f"Zeile 2: {message}"]


def test_the_same_link_twice_is_an_error(catalogue):
    with pytest.raises(PriceImportError) as error:
        import_prices(
            csv_bytes(
                "matte-shop;;1,00;EUR;;;2025-12-08",
                "matte-shop;;2,00;EUR;;;2025-12-08",
            )
        )
    assert [str(e) for e in error.value.errors] == [
        "Zeile 3: Der Preis für „matte-shop“ steht schon in Zeile 2."
    ]


def test_a_wrong_delimiter_is_explained(catalogue):
    data = csv_bytes("matte-shop|1,00|2025-12-08", header="link|preis|geprueft_am")
    with pytest.raises(PriceImportError) as error:
        import_prices(data)
    (problem,) = error.value.errors
    assert problem.line == 1
    assert "Trennzeichen ist Semikolon (;) oder Komma (,)" in problem.message


def test_missing_columns_are_named(catalogue):
    with pytest.raises(PriceImportError) as error:
        import_prices(csv_bytes("matte-shop;1,00", header="link;preis"))
    assert [str(e) for e in error.value.errors] == [
        "Zeile 1: Es fehlt die Spalte „geprueft_am“."
    ]
    with pytest.raises(PriceImportError) as error:
        import_prices(
            csv_bytes("matte-shop;1,00;x", header="link;preis;farbe;geprueft_am")
        )
    assert "Zeile 1: Unbekannte Spalte „farbe“." in [str(e) for e in error.value.errors]


def test_a_row_with_too_few_fields_is_named(catalogue):
    with pytest.raises(PriceImportError) as error:
        import_prices(csv_bytes("matte-shop;1,00", header="link;preis;geprueft_am"))
    assert [str(e) for e in error.value.errors] == [
        "Zeile 2: 2 Felder statt 3 wie in der Kopfzeile (falsches Trennzeichen "
        "oder fehlendes Feld?)."
    ]


def test_a_utf8_bom_from_excel_is_fine_and_commas_work_too(catalogue):
    data = b"\xef\xbb\xbf" + csv_bytes(
        f'matte-shop,"18,50",EUR,{ago(0)}', header="link,preis,waehrung,geprueft_am"
    )
    assert import_prices(data).prices == 1
    assert link_data("matte-shop").price == Decimal("18.50")


def test_utf16_and_latin1_files_get_a_clear_error(catalogue):
    with pytest.raises(PriceImportError, match="UTF-16"):
        import_prices(
            csv_bytes(
                "matte-shop;1,00;2025-12-08",
                header="link;preis;geprueft_am",
                encoding="utf-16",
            )
        )
    latin1 = (
        "link;produkt;preis;geprueft_am\n"
        "matte-shop;;1,00;2025-12-08\n"
        ";akupressurmatte;2,00;08.12.2025 Übermorgen\n"
    ).encode("latin-1")
    with pytest.raises(PriceImportError) as error:
        import_prices(latin1)
    (problem,) = error.value.errors
    assert problem.line == 3
    assert "nicht UTF-8-kodiert" in problem.message


def test_an_empty_file_and_a_header_only_file(catalogue):
    with pytest.raises(PriceImportError, match="Die Datei ist leer."):
        import_prices(b"")
    with pytest.raises(PriceImportError, match="keine Datenzeilen"):
        import_prices(csv_bytes())


def test_broken_quoting_is_named(catalogue):
    data = csv_bytes('matte-shop;"1,00;EUR;;;2025-12-08', header=HEADER)
    with pytest.raises(PriceImportError, match="Zeile 2: Die CSV-Datei ist fehlerhaft"):
        import_prices(data)


def test_older_data_does_not_overwrite_newer(catalogue):
    report = import_prices(csv_bytes("matte-shop;;1,00;EUR;;;2020-01-01 10:00"))
    assert report.prices == 0 and report.unchanged == 1
    assert "gespeicherter Preis ist neuer" in report.changes[0]
    link = link_data("matte-shop")
    assert link.price == Decimal("20.00")


def test_a_dry_run_changes_nothing(catalogue):
    before = snapshot()
    report = import_prices(csv_bytes(f"matte-shop;;1,00;EUR;;;{ago(0)}"), dry_run=True)
    assert (
        report.summary
        == "1 Zeile gelesen: 1 Preis und 0 Bewertungen würden aktualisiert."
    )
    assert snapshot() == before


def test_command_imports_a_file(tmp_path, catalogue):
    path = tmp_path / "preise.csv"
    path.write_bytes(csv_bytes(f"matte-shop;;9,99;EUR;;;{ago(0)}"))
    out = io.StringIO()
    call_command("import_prices", str(path), stdout=out)
    assert "1 Zeile gelesen: 1 Preis und 0 Bewertungen aktualisiert." in out.getvalue()
    assert link_data("matte-shop").price == Decimal("9.99")


def test_command_reports_errors_by_line_and_fails(tmp_path, catalogue):
    path = tmp_path / "preise.csv"
    path.write_bytes(
        csv_bytes(
            "matte-shop;;9,99;EUR;;;2025-12-08 10:00",
            "kissen-shop;;abc;EUR;;;2025-12-08 10:00",
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nichts importiert: 1 Fehler"):
        call_command("import_prices", str(path), stdout=io.StringIO(), stderr=err)
    assert "Zeile 3: Der Preis „abc“ ist keine Zahl." in err.getvalue()
    assert link_data("matte-shop").price == Decimal("20.00")
    with pytest.raises(CommandError, match="nicht lesbar"):
        call_command("import_prices", str(tmp_path / "fehlt.csv"))


def upload(client, data, **fields):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile("preise.csv", data), **fields}
    )


def test_administrators_upload_a_file_in_the_admin(client, catalogue):
    client.force_login(get_user_model().objects.get(username="admin"))
    response = upload(client, csv_bytes(f"matte-shop;;9,99;EUR;;;{ago(0)}"))
    assert response.status_code == 302
    html = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert "1 Zeile gelesen: 1 Preis und 0 Bewertungen aktualisiert." in html.text
    assert "Zeile 2: matte-shop: Preis 20,00 EUR → 9,99 EUR" in html.text
    assert link_data("matte-shop").price == Decimal("9.99")


def test_an_upload_with_errors_lists_them_and_changes_nothing(client, catalogue):
    client.force_login(get_user_model().objects.get(username="admin"))
    before = snapshot()
    response = upload(
        client,
        csv_bytes(
            "matte-shop;;9,99;EUR;;;2025-12-08 10:00",
            "nirgends;;1,00;EUR;;;2025-12-08 10:00",
        ),
    )
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    errors = [li.text for li in html.select(".linkcheck-import-errors li")]
    assert errors == ["Zeile 3: Einen Link „nirgends“ gibt es nicht."]
    assert "Nichts importiert: 1 Fehler." in html.text
    assert snapshot() == before


@pytest.mark.parametrize("username", ["marketing", "redaktion", "pruefung"])
def test_only_administrators_may_import(client, catalogue, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(UPLOAD)["Location"] == "/admin/"  # Wagtail's "no permission"
    response = upload(client, csv_bytes(f"matte-shop;;9,99;EUR;;;{ago(0)}"))
    assert response["Location"] == "/admin/"
    assert link_data("matte-shop").price == Decimal("20.00")


def test_the_upload_page_explains_the_format(admin_client):
    html = BeautifulSoup(admin_client.get(UPLOAD).content, "html.parser")
    assert HEADER in html.text
    assert html.select_one("input[type=file][name=file]") is not None


def test_checked_at_without_offset_is_berlin_time(catalogue):
    Offer.objects.filter(link__slug="matte-shop").delete()
    import_prices(csv_bytes("matte-shop;;9,99;EUR;;;2025-07-01 12:00"))
    checked = link_data("matte-shop").price_checked_at
    assert checked == datetime(2025, 7, 1, 10, 0, tzinfo=ZoneInfo("UTC"))  # CEST
    import_prices(csv_bytes("matte-shop;;9,99;EUR;;;01.12.2025 12:00"))
    checked = link_data("matte-shop").price_checked_at
    assert checked == datetime(2025, 12, 1, 11, 0, tzinfo=ZoneInfo("UTC"))  # CET
