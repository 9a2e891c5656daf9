"""The report "Rechtliche Prüfhinweise", its dashboard panel and the demo's findings."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage
from backportal.claims.checker import has_errors
from backportal.claims.models import ClaimFinding
from backportal.claims.sources import check_instance
from products.models import Product

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/rechtliche-pruefhinweise/"
DRAFT = "Produkt „Magnavita Magnesium Relax“ (Entwurf)"


def login(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def rows(client, **params):
    soup = BeautifulSoup(client.get(REPORT, params).content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def test_published_demo_content_has_no_error_findings():
    for article in ArticlePage.objects.live():
        for result in check_instance(article):
            assert not has_errors(result.findings), (result.item, result.findings)
    for product in Product.objects.filter(live=True).select_related("category"):
        for result in check_instance(product):
            assert not has_errors(result.findings), (result.item, result.findings)
    assert not ClaimFinding.objects.exclude(object_label=DRAFT).exists()


def test_the_demo_draft_shows_real_findings_of_several_families():
    findings = ClaimFinding.objects.filter(object_label=DRAFT)
    assert {f.family for f in findings} == {"hcvo", "hwg"}
    amount = findings.get(rule="hcvo-menge")
    assert amount.field_label == "Kurzbeschreibung"
    assert "angegeben sind 40 mg" in amount.message
    assert amount.content_object.slug == "magnavita-magnesium-relax-entwurf"
    assert amount.url == f"/admin/snippets/products/product/edit/{amount.object_id}/"


@pytest.mark.parametrize("username", ["admin", "redaktion", "pruefung", "marketing"])
def test_every_role_reads_the_report(username):
    client = login(username)
    table = rows(client)
    assert len(table) == ClaimFinding.objects.count() == 12
    first = table[0]
    assert first[0] == DRAFT
    assert first[2] == "Fehler"
    assert "Rechtliche Prüfhinweise" in client.get("/admin/").content.decode()


def test_report_filters_by_severity_family_kind_and_source(admin_client):
    assert len(rows(admin_client, severity="error")) == 12
    assert rows(admin_client, severity="warning") == []
    hwg = rows(admin_client, family="hwg")
    assert {row[3] for row in hwg} == {
        "Erfolgsversprechen",
        "Erfolg in einer bestimmten Zeit versprochen",
        "Keine Nebenwirkungen",
        "Werbung mit der Angst",
    }
    assert len(hwg) == ClaimFinding.objects.filter(family="hwg").count()
    assert len(rows(admin_client, kind="supplement")) == 12
    assert rows(admin_client, kind="article") == []
    assert len(rows(admin_client, source="Produkte")) == 12
    assert rows(admin_client, source="Artikel") == []
    # Unknown values are a filter error on the page, not a crash.
    assert admin_client.get(REPORT, {"severity": "<script>"}).status_code == 200


def test_report_exports_csv_and_xlsx(admin_client):
    response = admin_client.get(REPORT, {"export": "csv", "family": "hcvo"})
    assert response["Content-Type"].startswith("text/csv")
    assert "rechtliche-pruefhinweise" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0][:5] == ["Objekt", "Feld", "Quelle", "Textart", "Schweregrad"]
    assert len(lines) - 1 == ClaimFinding.objects.filter(family="hcvo").count()
    first = dict(zip(lines[0], lines[1], strict=True))
    assert first["Objekt"] == DRAFT
    assert (first["Textart"], first["Schweregrad"]) == ("Nahrungsergänzung", "Fehler")
    assert all(
        dict(zip(lines[0], line, strict=True))["Regelfamilie"] == "hcvo"
        for line in lines[1:]
    )
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", first["Geprüft am"])
    xlsx = admin_client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_report_queries_do_not_grow_with_its_rows(admin_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(REPORT).status_code == 200
        return len(queries)

    before = count()
    template = ClaimFinding.objects.values().first()
    del template["id"]
    ClaimFinding.objects.bulk_create(ClaimFinding(**template) for _ in range(30))
    assert count() == before


def test_dashboard_panel_counts_findings_by_severity(admin_client):
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("section#claims-findings-section")
    assert " ".join(panel.select_one("p").get_text().split()) == (
        "12 Fehler und 0 Warnungen in Produkten und veröffentlichten Artikeln."
    )
    assert panel.select_one("a.button")["href"] == f"{REPORT}?severity=error"
    ClaimFinding.objects.all().delete()
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("section#claims-findings-section")
    assert "Keine Hinweise" in panel.get_text()


def test_refresh_claims_rebuilds_the_report():
    ClaimFinding.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_claims", stdout=out)
    assert out.getvalue().strip() == (
        "Rechtliche Prüfhinweise erneuert: 12 Hinweise (12 Fehler, 0 Warnungen)."
    )
    assert ClaimFinding.objects.filter(object_label=DRAFT).count() == 12


def test_check_claims_all_names_the_demo_draft_and_fails():
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_claims", "--all", stdout=out)
    assert exit_.value.code == 1
    text = out.getvalue()
    assert f"{DRAFT} · Unser Urteil:\n  Fehler · hcvo-wirkaussage · „Wirkt“" in text
    assert text.splitlines()[-1].endswith("12 Fehler, 0 Warnungen in 4 Texten.")
