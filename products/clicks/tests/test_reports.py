"""Click reports in the admin: figures match raw clicks, exports match the screen, access."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from openpyxl import load_workbook

from products.clicks.days import berlin_day
from products.clicks.factories import ClickFactory
from products.clicks.groups import ensure_marketing_group
from products.clicks.models import Click
from products.factories import AffiliateLinkFactory, MerchantFactory, ProductFactory

pytestmark = pytest.mark.usefixtures("no_clicks")

REPORTS = ["", "products/", "links/", "merchants/", "pages/", "placements/"]


@pytest.fixture
def known_clicks(article):
    """A fixed set of clicks whose report figures are worked out below by hand.

    In the last 30 days (without bots): Kissen 5 clicks (3 unique), Matte 2
    clicks (2 unique); plus 2 bot clicks on Kissen and one Kissen click 40 days ago.
    """
    now = timezone.now()
    shop = MerchantFactory(name="Rückenladen")
    kissen = AffiliateLinkFactory(
        product=ProductFactory(name="Wärmekissen"), merchant=shop, slug="kissen-shop"
    )
    matte = AffiliateLinkFactory(
        product=ProductFactory(name="Akupressurmatte"), merchant=shop, slug="matte-shop"
    )
    two_days_ago = now - timedelta(days=2)
    ClickFactory.create_batch(
        3, link=kissen, at=now, page=article, visitor_key="1" * 32
    )
    ClickFactory(link=kissen, at=two_days_ago, page=article, placement="table")
    ClickFactory(link=kissen, at=two_days_ago, device="mobile")
    ClickFactory.create_batch(2, link=kissen, at=now, is_bot=True, bot_reason="crawler")
    ClickFactory.create_batch(2, link=matte, at=two_days_ago, placement="text")
    ClickFactory(link=kissen, at=now - timedelta(days=40))
    return {"kissen": kissen, "matte": matte, "article": article, "now": now}


@pytest.fixture
def marketing_client(client, marketing_user):
    client.force_login(marketing_user)
    return client


def table_rows(html: bytes, caption: str | None = None) -> list[list[str]]:
    """The body rows of the report table (or of the table with that caption)."""
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.select("table.listing")
    if caption:
        tables = [t for t in tables if t.caption and caption in t.caption.get_text()]
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in tables[0].select("tbody tr")
    ]


def test_the_overview_shows_totals_chart_series_and_tops(
    marketing_client, known_clicks
):
    response = marketing_client.get("/admin/clicks/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-clicks-total]").get_text() == "7"
    assert soup.select_one("[data-clicks-unique]").get_text() == "5"
    svg = soup.select_one("svg.clicks-chart")
    assert svg["role"] == "img" and svg.title.get_text() == "Klicks im Zeitverlauf"
    assert len(svg.select("rect.bar")) == 30
    assert not soup.find("script", src=lambda src: src and "http" in src)

    series = table_rows(response.content)
    assert len(series) == 30
    per_day = {row[0]: (row[1], row[2]) for row in series}
    today = berlin_day(known_clicks["now"])
    two_days_ago = berlin_day(known_clicks["now"] - timedelta(days=2))
    assert per_day[_label(today)] == ("3", "1")
    assert per_day[_label(two_days_ago)] == ("4", "4")

    products = table_rows(response.content, "Top Produkte")
    assert products == [
        ["Wärmekissen", "5", "3", "71,4 %"],
        ["Akupressurmatte", "2", "2", "28,6 %"],
    ]


def _label(day) -> str:
    weekdays = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    return f"{weekdays[day.weekday()]}, {day:%d.%m.%Y}"


def raw_product_figures(first_moment) -> dict[str, tuple[int, int]]:
    """(clicks, unique visitor keys) per product name, straight from raw clicks."""
    figures = {}
    for click in Click.objects.filter(
        at__gte=first_moment, is_bot=False
    ).select_related("product"):
        clicks, keys = figures.get(click.product.name, (0, set()))
        figures[click.product.name] = (clicks + 1, keys | {click.visitor_key})
    return {name: (clicks, len(keys)) for name, (clicks, keys) in figures.items()}


def test_report_numbers_match_the_raw_clicks(marketing_client, known_clicks):
    from products.clicks.days import day_start

    first_day = berlin_day(known_clicks["now"]) - timedelta(days=29)
    raw = raw_product_figures(day_start(first_day))
    rows = table_rows(marketing_client.get("/admin/clicks/products/").content)
    assert {row[0]: (int(row[1]), int(row[2])) for row in rows} == raw

    links = table_rows(marketing_client.get("/admin/clicks/links/").content)
    assert links[0][:5] == ["kissen-shop", "Wärmekissen", "Rückenladen", "5", "3"]
    merchants = table_rows(marketing_client.get("/admin/clicks/merchants/").content)
    assert merchants == [["Rückenladen", "7", "5", "100,0 %"]]
    pages = table_rows(marketing_client.get("/admin/clicks/pages/").content)
    assert pages == [
        ["Verspannungen lösen", "4", "2", "57,1 %"],
        ["Unbekannte Seite", "3", "3", "42,9 %"],
    ]
    placements = table_rows(marketing_client.get("/admin/clicks/placements/").content)
    assert placements == [
        ["Produktbox", "4", "2", "57,1 %"],
        ["Fließtext", "2", "2", "28,6 %"],
        ["Vergleichstabelle", "1", "1", "14,3 %"],
    ]


def test_bots_can_be_included_or_shown_alone(marketing_client, known_clicks):
    def total(query):
        soup = BeautifulSoup(
            marketing_client.get(f"/admin/clicks/{query}").content, "html.parser"
        )
        return soup.select_one("[data-clicks-total]").get_text()

    assert (total(""), total("?bots=include"), total("?bots=only")) == ("7", "9", "2")


def test_a_custom_date_range_and_presets(marketing_client, known_clicks):
    now = berlin_day(known_clicks["now"])
    first = (now - timedelta(days=45)).isoformat()
    response = marketing_client.get(
        f"/admin/clicks/?date_from={first}&date_to={now.isoformat()}&interval=week"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-clicks-total]").get_text() == "8"
    assert all(row[0].startswith("KW ") for row in table_rows(response.content))
    week = BeautifulSoup(
        marketing_client.get("/admin/clicks/?period=7").content, "html.parser"
    )
    assert week.select_one("[data-clicks-total]").get_text() == "7"


def test_each_row_drills_down_to_the_overview_filtered_to_it(
    marketing_client, known_clicks
):
    response = marketing_client.get("/admin/clicks/products/?period=90")
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string=lambda s: s and "Akupressurmatte" in s)
    assert "product=" in link["href"] and "period=90" in link["href"]

    drilled = marketing_client.get(link["href"])
    drilled_soup = BeautifulSoup(drilled.content, "html.parser")
    assert drilled_soup.select_one("[data-clicks-total]").get_text() == "2"
    assert table_rows(drilled.content, "Top Seiten") == [
        ["Unbekannte Seite", "2", "2", "100,0 %"]
    ]


def as_on_screen(report: str, row) -> list[str]:
    """An export row written the way the screen shows it."""
    cells = ["" if value is None else str(value) for value in row]
    if report == "":  # the overview exports the period's first and last day too
        return [cells[0], cells[3], cells[4]]
    return cells[:-1] + [f"{float(cells[-1]):.1f}".replace(".", ",") + " %"]


@pytest.mark.parametrize("report", REPORTS)
def test_csv_and_xlsx_exports_hold_the_rows_on_screen(
    marketing_client, known_clicks, report
):
    screen = table_rows(marketing_client.get(f"/admin/clicks/{report}").content)

    csv_response = marketing_client.get(f"/admin/clicks/{report}?export=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    csv_text = b"".join(csv_response.streaming_content).decode()
    csv_rows = list(csv.reader(io.StringIO(csv_text)))[1:]

    xlsx_response = marketing_client.get(f"/admin/clicks/{report}?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    xlsx_rows = list(workbook.active.iter_rows(values_only=True))[1:]

    assert len(screen) > 0
    assert [as_on_screen(report, row) for row in csv_rows] == screen
    assert [as_on_screen(report, row) for row in xlsx_rows] == screen


def test_exports_follow_the_filters(marketing_client, known_clicks):
    kissen = known_clicks["kissen"].product
    response = marketing_client.get(
        f"/admin/clicks/products/?product={kissen.pk}&export=csv"
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Produkt", "Klicks", "Eindeutige Klicks", "Anteil (%)"],
        ["Wärmekissen", "5", "3", "100.0"],
    ]


def test_the_overview_needs_a_constant_number_of_queries(
    marketing_client, known_clicks, django_assert_max_num_queries
):
    marketing_client.get("/admin/clicks/")  # today's rollup exists afterwards
    for _ in range(8):
        ClickFactory(link=AffiliateLinkFactory(), at=known_clicks["now"])
    with django_assert_max_num_queries(40):
        assert marketing_client.get("/admin/clicks/").status_code == 200


def test_marketing_sees_reports_and_the_dashboard_but_cannot_edit_pages(
    marketing_client, known_clicks
):
    for report in REPORTS:
        assert marketing_client.get(f"/admin/clicks/{report}").status_code == 200
    home = marketing_client.get("/admin/")
    assert "Klicks der letzten 7 Tage" in home.content.decode()
    assert '"clicks-products"' in home.content.decode()  # menu item under "Berichte"

    article = known_clicks["article"]
    edit = marketing_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 302 and edit["Location"] == "/admin/"
    assert (
        marketing_client.post(f"/admin/pages/{article.pk}/edit/", {}).status_code == 302
    )
    add = marketing_client.get(f"/admin/pages/{article.get_parent().pk}/add_subpage/")
    assert add.status_code == 302


@pytest.mark.parametrize("user_fixture", ["editor_user", "admin_only_user"])
def test_users_without_the_permission_see_no_reports(
    client, request, user_fixture, known_clicks
):
    client.force_login(request.getfixturevalue(user_fixture))
    for report in REPORTS:
        response = client.get(f"/admin/clicks/{report}")
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get(f"/admin/clicks/{report}?export=csv").status_code == 302
    home = client.get("/admin/").content.decode()
    assert "Klicks der letzten 7 Tage" not in home
    assert '"clicks-products"' not in home
    if user_fixture == "editor_user":  # an editor indeed, just without reports
        article = known_clicks["article"]
        assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200


def test_the_marketing_group_is_set_up_idempotently():
    group = ensure_marketing_group()
    again = ensure_marketing_group()
    assert group == again
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_click_reports"} <= codenames
    assert not group.page_permissions.exists()


def test_anonymous_visitors_get_the_login_page(client):
    for report in REPORTS:
        response = client.get(f"/admin/clicks/{report}")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/admin/clicks/")


def test_the_dashboard_compares_the_last_7_days_with_the_7_before(
    marketing_client, link
):
    now = timezone.now()
    ClickFactory.create_batch(3, link=link, at=now)
    ClickFactory.create_batch(2, link=link, at=now - timedelta(days=8))
    soup = BeautifulSoup(marketing_client.get("/admin/").content, "html.parser")
    text = " ".join(soup.get_text().split())
    assert soup.select_one("[data-clicks-week]").get_text() == "3"
    assert "in den 7 Tagen davor 2 (+50,0 %)" in text
    assert link.product.name in text


def test_an_invalid_date_gets_a_form_error_not_a_500(marketing_client, known_clicks):
    response = marketing_client.get(
        "/admin/clicks/?date_from=31.02.2026&product=999999"
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-clicks-total]").get_text() == "7"


def test_top_tables_sort_by_every_column(marketing_client, known_clicks):
    def names(ordering):
        response = marketing_client.get(f"/admin/clicks/products/?ordering={ordering}")
        return [row[0] for row in table_rows(response.content)]

    assert names("label") == ["Akupressurmatte", "Wärmekissen"]
    assert names("-label") == ["Wärmekissen", "Akupressurmatte"]
    assert names("click_count") == ["Akupressurmatte", "Wärmekissen"]
    assert names("-unique_count") == ["Wärmekissen", "Akupressurmatte"]
    assert names("nonsense") == ["Wärmekissen", "Akupressurmatte"]


def test_filters_by_category_merchant_and_device(marketing_client, known_clicks):
    def total(query):
        soup = BeautifulSoup(
            marketing_client.get(f"/admin/clicks/?{query}").content, "html.parser"
        )
        return soup.select_one("[data-clicks-total]").get_text()

    kissen = known_clicks["kissen"]
    assert total(f"category={kissen.product.category_id}") == "5"
    assert total(f"merchant={kissen.merchant_id}") == "7"
    assert total("device=mobile") == "1"
    assert total("placement=text") == "2"
    assert total(f"page={known_clicks['article'].pk}") == "4"


def test_report_polish_marketing_asked_for(marketing_client, known_clicks):
    response = marketing_client.get("/admin/clicks/")
    soup = BeautifulSoup(response.content, "html.parser")
    # Filters read "Alle", links by product and merchant, not only slugs.
    merchant = soup.select_one('select[name="merchant"]')
    assert merchant.select_one("option").get_text() == "Alle"
    assert "---------" not in response.content.decode()
    links = [o.get_text() for o in soup.select('select[name="link"] option')]
    assert "Wärmekissen – Rückenladen (kissen-shop)" in links
    # Range and grouping are one click away, outside the filter drawer.
    quick = soup.select_one(".clicks-quick")
    assert [a.get_text() for a in quick.select("a")][:2] == [
        "Letzte 7 Tage",
        "Letzte 30 Tage",
    ]
    assert quick.select_one('a[aria-current="true"]').get_text() == "Letzte 30 Tage"
    assert {"Tag", "Woche", "Monat"} <= {a.get_text() for a in quick.select("a")}
    week = next(a for a in quick.select("a") if a.get_text() == "Woche")
    assert "interval=week" in week["href"]
    # Top links read as product at merchant; numbers are right-aligned.
    tops = soup.select_one(".clicks-tops .is-wide")
    assert "Wärmekissen bei Rückenladen" in tops.get_text()
    assert tops.select("td.clicks-num")
    table = BeautifulSoup(
        marketing_client.get("/admin/clicks/products/").content, "html.parser"
    )
    assert table.select("td.clicks-num")


def test_a_preset_link_replaces_a_custom_range(marketing_client, known_clicks):
    response = marketing_client.get(
        "/admin/clicks/?date_from=2026-01-01&date_to=2026-01-31&interval=week"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    quick = soup.select_one(".clicks-quick")
    assert not quick.select('a[aria-current="true"][href*="period"]')
    seven = next(a for a in quick.select("a") if a.get_text() == "Letzte 7 Tage")
    assert "date_from" not in seven["href"] and "interval=week" in seven["href"]
