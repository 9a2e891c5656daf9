"""The price import answers a huge bad file briefly and refuses oversized files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from products.offers.importers import MAX_FILE_BYTES, PriceImportError, import_prices

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/reports/preise-importieren/"
HEADER = "link;produkt;preis;waehrung;bewertung;anzahl_bewertungen;geprueft_am"


def bad_rows(count: int) -> bytes:
    """`count` rows, each naming a link that does not exist (one error each)."""
    checked = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    rows = [f"gibt-es-nicht;;1,00;EUR;;;{checked}"] * count
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_a_100000_row_bad_file_names_100_errors_and_counts_the_rest(admin_client):
    data = bad_rows(100_000)
    assert len(data) < MAX_FILE_BYTES
    upload = SimpleUploadedFile("preise.csv", data, content_type="text/csv")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(UPLOAD, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nichts importiert: 100000 Fehler." in html
    assert "… und 99.900 weitere Fehler" in html
    assert html.count("Einen Link „gibt-es-nicht“ gibt es nicht.") == 100
    assert len(response.content) < 200_000  # was 28 MB
    assert len(queries) < 40  # the rows are checked against one lookup, not each


def test_the_error_keeps_the_total_for_the_command_line():
    with pytest.raises(PriceImportError) as raised:
        import_prices(bad_rows(250))
    errors = raised.value.errors
    assert errors.total == 250
    assert len(errors) == 101
    assert str(errors[-1]).endswith(
        "… und 150 weitere Fehler (nicht mehr einzeln aufgeführt)."
    )


def test_a_file_over_the_limit_is_refused_with_a_clear_message():
    with pytest.raises(PriceImportError) as raised:
        import_prices(b"x" * (MAX_FILE_BYTES + 1))
    message = str(raised.value.errors[0])
    assert "höchstens 5 MB sind erlaubt" in message


def test_an_oversized_upload_is_refused_in_the_admin(admin_client):
    upload = SimpleUploadedFile("gross.csv", b"x" * (MAX_FILE_BYTES + 1))
    response = admin_client.post(UPLOAD, {"file": upload})
    assert response.status_code == 200
    assert "größer als 5 MB" in response.content.decode()
