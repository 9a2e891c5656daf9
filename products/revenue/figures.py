"""Revenue figures: clicks (daily rollup), views (daily counts) and commissions
(transactions) per article, placement, product, merchant or topic, and over time.

Money per row: confirmed and open apart; cancellations are shown negative and
subtracted where the network reported a negative amount (Amazon returns); a
declined Awin sale simply never counts. Net = confirmed + open + negative
cancellations. Derived: conversion = sales / clicks, EPC = net / clicks,
CTR = clicks / views, RPM = net / views × 1000.

Each table costs three grouped queries (clicks, views, transactions) plus one
for the labels; no join runs over the big tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Abs

from products.clicks.days import days_between, today
from products.clicks.selectors import DIMENSIONS as CLICK_DIMENSIONS
from products.clicks.selectors import _bucket, display_label

from .models import DailyPageViews, Status, Transaction
from .registry import topic_names, topics_of_pages

ZERO = Decimal("0.00")
NOT_ATTRIBUTABLE = "nicht zuordenbar"


@dataclass(frozen=True)
class RevenueDimension:
    slug: str
    key: str
    title: str
    title_plural: str


DIMENSIONS = {
    d.slug: d
    for d in (
        RevenueDimension("pages", "page", "Artikel", "Artikel"),
        RevenueDimension("placements", "placement", "Platzierung", "Platzierungen"),
        RevenueDimension("products", "product", "Produkt", "Produkte"),
        RevenueDimension("merchants", "merchant", "Händler", "Händler"),
        RevenueDimension("topics", "topic", "Thema", "Themen"),
    )
}


@dataclass
class Figures:
    """Clicks, views and money of one row (or of a whole range)."""

    key: object = None
    label: str = ""
    clicks: int = 0
    views: int | None = 0
    sales: int = 0
    sale_amount: Decimal = ZERO
    confirmed: Decimal = ZERO
    open: Decimal = ZERO
    cancelled: Decimal = ZERO  # shown negative
    refunds: Decimal = ZERO  # negative amounts reported back (subtracted)
    url: str | None = None
    incomplete: bool = False
    start: date | None = None
    end: date | None = None

    @property
    def commission(self) -> Decimal:
        return self.confirmed + self.open + self.refunds

    @property
    def conversion(self) -> float | None:
        return self.sales / self.clicks * 100 if self.clicks else None

    @property
    def epc(self) -> Decimal | None:
        return (
            (self.commission / self.clicks).quantize(Decimal("0.0001"))
            if self.clicks
            else None
        )

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.views * 100 if self.views else None

    @property
    def rpm(self) -> Decimal | None:
        if not self.views:
            return None
        return (self.commission * 1000 / self.views).quantize(Decimal("0.01"))

    def add(self, other: Figures) -> None:
        for name in (
            "clicks",
            "sales",
            "sale_amount",
            "confirmed",
            "open",
            "cancelled",
            "refunds",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.views is not None:
            self.views = (self.views or 0) + other.views


MONEY = {
    "confirmed": Sum("commission", filter=Q(status=Status.CONFIRMED)),
    "open": Sum("commission", filter=Q(status=Status.OPEN)),
    "cancelled_abs": Sum(Abs("commission"), filter=Q(status=Status.CANCELLED)),
    "refunds": Sum("commission", filter=Q(status=Status.CANCELLED, commission__lt=0)),
    "sales": Count("pk", filter=~Q(status=Status.CANCELLED)),
    "sale_amount": Sum("sale_amount", filter=~Q(status=Status.CANCELLED)),
}


def _money(row: dict, figures: Figures) -> None:
    figures.confirmed += row["confirmed"] or ZERO
    figures.open += row["open"] or ZERO
    figures.cancelled -= row["cancelled_abs"] or ZERO
    figures.refunds += row["refunds"] or ZERO
    figures.sales += row["sales"]
    figures.sale_amount += row["sale_amount"] or ZERO


@dataclass
class Filters:
    """What the report is narrowed to (from the click filters' cleaned data)."""

    merchant: int | None = None
    product: int | None = None
    page: int | None = None
    placement: str | None = None
    category: int | None = None

    def transactions(self, rows: QuerySet) -> QuerySet:
        for name in ("merchant", "product", "page", "placement"):
            value = getattr(self, name)
            if value is not None:
                rows = rows.filter(
                    **{f"{name}_id" if name != "placement" else name: value}
                )
        if self.category is not None:
            rows = rows.filter(product__category=self.category)
        return rows

    def views(self, rows: QuerySet) -> QuerySet | None:
        """Views are per page; under a product/merchant/placement filter they do not apply."""
        if any(
            v is not None
            for v in (self.merchant, self.product, self.placement, self.category)
        ):
            return None
        return rows.filter(page_id=self.page) if self.page is not None else rows


def transactions(first: date, last: date, filters: Filters) -> QuerySet:
    return filters.transactions(Transaction.objects.filter(day__range=(first, last)))


def views(first: date, last: date, filters: Filters) -> QuerySet | None:
    return filters.views(DailyPageViews.objects.filter(day__range=(first, last)))


def total(clicks: QuerySet, first: date, last: date, filters: Filters) -> Figures:
    """The figures of a whole range (three aggregate queries)."""
    result = Figures()
    result.clicks = clicks.aggregate(n=Sum("clicks"))["n"] or 0
    view_rows = views(first, last, filters)
    result.views = (
        (view_rows.aggregate(n=Sum("views"))["n"] or 0)
        if view_rows is not None
        else None
    )
    _money(transactions(first, last, filters).aggregate(**MONEY), result)
    return result


def previous_range(first: date, last: date) -> tuple[date, date]:
    """The period of the same length right before [first, last]."""
    length = (last - first).days + 1
    return first - timedelta(days=length), first - timedelta(days=1)


def change(current, previous) -> float | None:
    """Change in percent; None without a previous value."""
    if current is None or previous in (None, 0):
        return None
    return float(
        (Decimal(str(current)) - Decimal(str(previous)))
        / abs(Decimal(str(previous)))
        * 100
    )


def grouped(
    dimension: RevenueDimension,
    clicks: QuerySet,
    first: date,
    last: date,
    filters: Filters,
) -> list[Figures]:
    """One Figures per value of the dimension, sorted by commission, then clicks."""
    rows: dict[object, Figures] = {}

    def row(key) -> Figures:
        if key not in rows:
            rows[key] = Figures(
                key=key, views=None if dimension.key not in ("page", "topic") else 0
            )
        return rows[key]

    money = transactions(first, last, filters)
    view_rows = views(first, last, filters)
    if dimension.key == "topic":
        click_pages = {
            r["key"]: r["n"]
            for r in clicks.values(key=F("page")).annotate(n=Sum("clicks")).order_by()
        }
        view_pages = (
            {
                r["page_id"]: r["n"]
                for r in view_rows.values("page_id").annotate(n=Sum("views")).order_by()
            }
            if view_rows is not None
            else {}
        )
        money_rows = list(
            money.values("page_id", "topic_id").annotate(**MONEY).order_by()
        )
        pages = set(click_pages) | set(view_pages) | {r["page_id"] for r in money_rows}
        topics = topics_of_pages([p for p in pages if p is not None])
        for page_id, n in click_pages.items():
            for topic in topics.get(page_id) or [None]:
                row(topic).clicks += n
        for page_id, n in view_pages.items():
            for topic in topics.get(page_id) or [None]:
                row(topic).views += n
        for money_row in money_rows:
            keys = (
                [money_row["topic_id"]]
                if money_row["topic_id"]
                else topics.get(money_row["page_id"]) or [None]
            )
            for topic in keys:
                _money(money_row, row(topic))
        names = topic_names()
        for figures in rows.values():
            figures.label = (
                names.get(figures.key, NOT_ATTRIBUTABLE)
                if figures.key is not None
                else NOT_ATTRIBUTABLE
            )
    else:
        key = dimension.key
        for r in clicks.values(key=F(key)).annotate(n=Sum("clicks")).order_by():
            row(r["key"]).clicks += r["n"]
        if key == "page" and view_rows is not None:
            for r in view_rows.values("page_id").annotate(n=Sum("views")).order_by():
                row(r["page_id"]).views += r["n"]
        money_key = key if key == "placement" else f"{key}_id"
        for r in money.values(key=F(money_key)).annotate(**MONEY).order_by():
            _money(r, row(r["key"]))
        click_dimension = CLICK_DIMENSIONS[dimension.slug]
        names = click_dimension.labels([k for k in rows if k not in (None, "")])
        for figures in rows.values():
            data = {"key": figures.key, **names.get(figures.key, {})}
            if figures.key in (None, ""):
                figures.label = NOT_ATTRIBUTABLE
            else:
                figures.label = display_label(click_dimension, data)
    result = list(rows.values())
    result.sort(key=lambda f: (f.commission, f.clicks, f.label), reverse=True)
    return result


def _natural_span(day: date, interval: str) -> tuple[date, date]:
    if interval == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if interval == "month":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    return day, day


def series(
    clicks: QuerySet,
    first: date,
    last: date,
    interval: str,
    filters: Filters,
    on: date | None = None,
) -> list[Figures]:
    """Figures per day, ISO week or month; a bucket cut by the range or not yet
    over (it contains today) is marked incomplete."""
    on = on or today()
    click_days = {
        r["day"]: r["n"]
        for r in clicks.values("day").annotate(n=Sum("clicks")).order_by()
    }
    view_rows = views(first, last, filters)
    view_days = (
        {
            r["day"]: r["n"]
            for r in view_rows.values("day").annotate(n=Sum("views")).order_by()
        }
        if view_rows is not None
        else None
    )
    money_days = {
        r["day"]: r
        for r in transactions(first, last, filters)
        .values("day")
        .annotate(**MONEY)
        .order_by()
    }
    points: dict[tuple, Figures] = {}
    for day in days_between(first, last):
        key, label, _short = _bucket(day, interval)
        point = points.get(key)
        if point is None:
            span = _natural_span(day, interval)
            point = points[key] = Figures(
                key=key,
                label=label,
                start=day,
                end=day,
                views=0 if view_days is not None else None,
            )
            point.incomplete = span[0] < first or span[1] > last or span[1] >= on
        point.end = day
        point.clicks += click_days.get(day, 0)
        if view_days is not None:
            point.views += view_days.get(day, 0)
        if day in money_days:
            _money(money_days[day], point)
    return list(points.values())


@dataclass
class DashboardFigures:
    """Commission of the last 7 days against the 7 before; top three articles by EPC."""

    commission: Decimal
    previous: Decimal
    top_articles: list[Figures] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        return change(self.commission, self.previous)


def dashboard(clicks_between, on: date | None = None) -> DashboardFigures:
    """`clicks_between(first, last)` gives the click rollup rows (without bots)."""
    on = on or today()
    first, last = on - timedelta(days=6), on
    previous_first, previous_last = previous_range(first, last)
    filters = Filters()
    now = total(clicks_between(first, last), first, last, filters)
    before = total(
        clicks_between(previous_first, previous_last),
        previous_first,
        previous_last,
        filters,
    )
    pages = grouped(
        DIMENSIONS["pages"], clicks_between(first, last), first, last, filters
    )
    ranked = [p for p in pages if p.key is not None and p.epc is not None]
    ranked.sort(key=lambda p: (p.epc, p.clicks), reverse=True)
    return DashboardFigures(now.commission, before.commission, ranked[:3])
