"""Revenue figures and reports: known dataset, periods, exports, who sees money."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission

from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group
from products.clicks.models import DailyClicks
from products.clicks.selectors import rollup_rows
from products.factories import AffiliateLinkFactory, ProductFactory
from products.revenue import figures as f
from products.revenue.models import DailyPageViews, Network, Status, Transaction

pytestmark = pytest.mark.django_db
NOV = (date(2026, 11, 1), date(2026, 11, 30))


def daily_clicks(link, page, day, clicks, placement="box"):
    DailyClicks.objects.create(
        link=link,
        product=link.product,
        merchant=link.merchant,
        page=page,
        placement=placement,
        device="desktop",
        is_bot=False,
        day=day,
        clicks=clicks,
        unique_clicks=clicks,
    )


def sale(
    n,
    day,
    commission,
    status,
    *,
    link=None,
    page=None,
    placement="box",
    sale_amount="100",
):
    return Transaction.objects.create(
        network=Network.AWIN,
        external_id=f"t{n}",
        day=day,
        commission=Decimal(commission),
        sale_amount=Decimal(sale_amount),
        status=status,
        page=page,
        placement=placement,
        product=link.product if link else None,
        link=link,
        merchant=link.merchant if link else None,
        matched_by="reference",
    )


@pytest.fixture
def dataset(publish_article):
    """One article: 200 clicks, 4,000 views, sales 10 € confirmed + 5 € open,
    one declined (3 €) and one Amazon-like return (-2 €)."""
    DailyClicks.objects.all().delete()
    Transaction.objects.all().delete()
    DailyPageViews.objects.all().delete()
    page = publish_article(title="Ergonomisch sitzen")
    link = AffiliateLinkFactory(product=ProductFactory(name='=HYPERLINK("http://x")'))
    daily_clicks(link, page, date(2026, 11, 10), 150)
    daily_clicks(link, page, date(2026, 11, 20), 50, placement="table")
    DailyPageViews.objects.create(page=page, day=date(2026, 11, 10), views=3000)
    DailyPageViews.objects.create(page=page, day=date(2026, 11, 20), views=1000)
    sale(1, date(2026, 11, 11), "10.00", Status.CONFIRMED, link=link, page=page)
    sale(
        2,
        date(2026, 11, 12),
        "5.00",
        Status.OPEN,
        link=link,
        page=page,
        placement="table",
    )
    sale(3, date(2026, 11, 13), "3.00", Status.CANCELLED, link=link, page=page)
    sale(4, date(2026, 11, 21), "-2.00", Status.CANCELLED, link=link, page=page)
    # The previous period (October): 100 clicks, 6 € confirmed.
    daily_clicks(link, page, date(2026, 10, 15), 100)
    sale(5, date(2026, 10, 16), "6.00", Status.CONFIRMED, link=link, page=page)
    return page, link


def test_epc_conversion_ctr_and_rpm_of_a_known_dataset(dataset):
    page, _link = dataset
    clicks = rollup_rows(*NOV)
    total = f.total(clicks, *NOV, f.Filters())
    assert (total.clicks, total.views, total.sales) == (200, 4000, 2)
    assert (total.confirmed, total.open) == (Decimal("10.00"), Decimal("5.00"))
    assert total.cancelled == Decimal("-5.00")
    assert total.commission == Decimal("13.00")  # 10 + 5 - 2 (the return)
    assert total.conversion == 1.0  # 2 sales / 200 clicks
    assert total.epc == Decimal("0.0650")
    assert total.ctr == 5.0  # 200 / 4000
    assert total.rpm == Decimal("3.25")  # 13 / 4000 * 1000

    [article] = [
        r
        for r in f.grouped(f.DIMENSIONS["pages"], clicks, *NOV, f.Filters())
        if r.key == page.pk
    ]
    assert (article.label, article.commission, article.views) == (
        "Ergonomisch sitzen",
        Decimal("13.00"),
        4000,
    )
    placements = {
        r.key: r
        for r in f.grouped(f.DIMENSIONS["placements"], clicks, *NOV, f.Filters())
    }
    assert placements["box"].commission == Decimal("8.00")  # 10 - 2
    assert placements["table"].clicks == 50 and placements["table"].epc == Decimal(
        "0.1000"
    )
    assert placements["box"].views is None  # views belong to pages, not placements


def test_previous_period_comparison_over_a_month_boundary(dataset):
    assert f.previous_range(*NOV) == (date(2026, 10, 2), date(2026, 10, 31))
    assert f.previous_range(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )
    before = f.total(
        rollup_rows(date(2026, 10, 2), date(2026, 10, 31)),
        date(2026, 10, 2),
        date(2026, 10, 31),
        f.Filters(),
    )
    assert (before.clicks, before.commission) == (100, Decimal("6.00"))
    assert f.change(Decimal("13.00"), before.commission) == pytest.approx(
        116.6666, rel=1e-3
    )
    assert f.change(200, 0) is None


@pytest.mark.parametrize(
    ("first", "last", "interval", "expected"),
    [
        # Weeks cut by a month range: the first and last are incomplete.
        (
            date(2026, 11, 1),
            date(2026, 11, 30),
            "week",
            [True, False, False, False, False, True],
        ),
        # October 25 2026 is the DST change (25 hours): still one whole day and week.
        (date(2026, 10, 19), date(2026, 10, 25), "week", [False]),
        (date(2026, 10, 24), date(2026, 10, 26), "day", [False, False, False]),
        # March 29 2026 (23 hours), inside a month cut by the range.
        (date(2026, 3, 29), date(2026, 4, 30), "month", [True, False]),
    ],
)
def test_incomplete_periods_are_marked(db, first, last, interval, expected):
    points = f.series(
        rollup_rows(first, last),
        first,
        last,
        interval,
        f.Filters(),
        on=date(2026, 12, 4),
    )
    assert [p.incomplete for p in points] == expected


def test_the_running_period_is_incomplete(db):
    points = f.series(
        rollup_rows(*NOV), *NOV, "month", f.Filters(), on=date(2026, 11, 30)
    )
    assert [p.incomplete for p in points] == [True]


@pytest.fixture
def marketing_client(client, django_user_model):
    ensure_marketing_group()
    user = django_user_model.objects.create_user("marketing-revenue", password="pw")
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    client.force_login(user)
    return client


def rows_of(response, **reader):
    text = b"".join(response.streaming_content).decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.lstrip("\ufeff")), **reader))


def test_german_csv_has_semicolons_decimal_commas_and_a_bom(marketing_client, dataset):
    page, _link = dataset
    url = "/admin/revenue/pages/?date_from=2026-11-01&date_to=2026-11-30&export=csv_de"
    response = marketing_client.get(url)
    assert response.status_code == 200
    text, rows = rows_of(response, delimiter=";")
    assert text.startswith("\ufeffArtikel;Provision (netto, €);Bestätigt (€)")
    row = next(r for r in rows if r[0] == "Ergonomisch sitzen")
    named = dict(zip(rows[0], row, strict=True))
    assert named["Provision (netto, €)"] == "13,00"
    assert named["Storniert (€)"] == "-5,00"
    assert named["Klicks"] == "200" and named["Aufrufe"] == "4000"
    assert named["EPC (€ je Klick)"] == "0,0650"
    assert named["CTR (%)"] == "5,0"


FORMULA_STARTS = ("=", "+", "@")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/revenue/products/?date_from=2026-11-01&date_to=2026-11-30&export=csv",
        "/admin/revenue/products/?date_from=2026-11-01&date_to=2026-11-30&export=csv_de",
        "/admin/clicks/products/?date_from=2026-11-01&date_to=2026-11-30&export=csv",
        "/admin/clicks/links/?date_from=2026-11-01&date_to=2026-11-30&export=csv",
    ],
)
def test_no_csv_contains_a_live_formula(marketing_client, dataset, url):
    response = marketing_client.get(url)
    assert response.status_code == 200
    _text, rows = rows_of(response, delimiter=";" if "csv_de" in url else ",")
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    if "revenue" in url:
        # Negative amounts stay numbers.
        assert any(c in ("-5.00", "-5,00") for c in cells)


def test_redaktion_sees_views_and_clicks_but_no_money(
    client, django_user_model, dataset
):
    page, _link = dataset
    group = Group.objects.create(name="Redaktion mit Berichten (Test)")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_click_reports"),
    )
    user = django_user_model.objects.create_user("redaktion-revenue", password="pw")
    user.groups.add(group)
    client.force_login(user)
    response = client.get(
        f"/admin/revenue/?page={page.pk}&date_from=2026-11-01&date_to=2026-11-30"
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    figures = {row["data-figure"] for row in soup.select("[data-figure]")}
    assert figures == {"clicks", "views", "ctr"}
    assert "Provision" not in soup.select_one(".revenue-table").get_text()
    home = client.get("/admin/")
    assert b"Provisionen der letzten 7 Tage" not in home.content
    # Wagtail answers a denied admin view with a redirect and a message.
    assert client.get("/admin/revenue/provisionen-importieren/").status_code == 302


def test_marketing_sees_money_in_the_page_report(marketing_client, dataset):
    page, _link = dataset
    response = marketing_client.get(
        f"/admin/revenue/?page={page.pk}&date_from=2026-11-01&date_to=2026-11-30&interval=week"
    )
    soup = BeautifulSoup(response.content, "html.parser")
    commission = soup.select_one('[data-figure="commission"] td').get_text()
    assert commission == "13,00"
    assert "1. November 2026 – 30. November 2026" in soup.get_text()
    assert len(soup.select("tr.is-incomplete")) == 2
    bars = soup.select("svg.revenue-chart rect.bar")
    assert len(bars) == len(soup.select(".revenue-table tbody tr"))
    assert [bar.get("class") for bar in bars].count(["bar", "is-incomplete"]) == 2
    assert "unvollständig" in bars[0].title.get_text()


def test_the_reports_need_no_inline_style_under_the_admins_csp(
    marketing_client, dataset
):
    page, _link = dataset
    for url in (
        f"/admin/revenue/?page={page.pk}&date_from=2026-11-01&date_to=2026-11-30",
        "/admin/revenue/pages/?period=30",
        "/admin/clicks/",
        "/admin/clicks/pages/",
    ):
        response = marketing_client.get(url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert not soup.find("style"), url
        assert not soup.select("main [style]"), url
        sheets = {link["href"] for link in soup.select("link[rel=stylesheet]")}
        assert {"/static/clicks/admin.css", "/static/revenue/admin.css"} <= sheets
