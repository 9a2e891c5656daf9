"""Report figures, all read from the daily rollup (DailyClicks), never from raw clicks.

rollup_rows() selects the rows of a date range; the other functions group
them: totals, a time series per day/week/month, and top lists per dimension.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, QuerySet, Sum
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from products.models import AffiliateLink, Merchant, Product

from .days import days_between, today
from .filters import BotMode, Interval
from .models import DailyClicks, Placement


@dataclass(frozen=True)
class Dimension:
    """A way to group clicks: the filter/group key and where its labels come from.

    labels(keys) returns {key: {"label": …, extra columns …}} in one query.
    """

    slug: str
    key: str
    title: str
    title_plural: str
    labels: Callable[[list], dict] = field(default=lambda keys: {})


def _names(model, *fields):
    def labels(keys):
        names = ("label", *(name for name, _path in fields[1:]))
        paths = (fields[0], *(path for _name, path in fields[1:]))
        rows = model.objects.filter(pk__in=keys).values_list("pk", *paths)
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}

    return labels


DIMENSIONS = {
    dimension.slug: dimension
    for dimension in (
        Dimension(
            "products", "product", _("Produkt"), _("Produkte"), _names(Product, "name")
        ),
        Dimension(
            "links",
            "link",
            _("Link"),
            _("Links"),
            _names(
                AffiliateLink,
                "slug",
                ("product_name", "product__name"),
                ("merchant_name", "merchant__name"),
            ),
        ),
        Dimension(
            "merchants",
            "merchant",
            _("Händler"),
            _("Händler"),
            _names(Merchant, "name"),
        ),
        Dimension("pages", "page", _("Seite"), _("Seiten"), _names(Page, "title")),
        Dimension("placements", "placement", _("Platzierung"), _("Platzierungen")),
    )
}


def rollup_rows(first: date, last: date, bots: str = BotMode.EXCLUDE) -> QuerySet:
    """DailyClicks rows of the days first..last (inclusive) for a bot mode."""
    rows = DailyClicks.objects.filter(day__range=(first, last))
    if bots == BotMode.EXCLUDE:
        rows = rows.filter(is_bot=False)
    elif bots == BotMode.ONLY:
        rows = rows.filter(is_bot=True)
    return rows


def totals(rows: QuerySet) -> dict:
    """{"click_count": n, "unique_count": n} over the rows (zeros when empty)."""
    sums = rows.aggregate(click_count=Sum("clicks"), unique_count=Sum("unique_clicks"))
    return {name: value or 0 for name, value in sums.items()}


def grouped(rows: QuerySet, dimension: Dimension, ordering: str = "-click_count"):
    """Per value of the dimension, dicts of key, label, extras, click_count and
    unique_count, sorted by ordering (a figure or "label", "-" for descending),
    then by label.

    Sums first, names after (one query for the few keys), so no join runs over
    the rollup rows. Every value, also of deleted objects, gets its own row.
    """
    figures = list(
        rows.values(key=F(dimension.key))
        .annotate(click_count=Sum("clicks"), unique_count=Sum("unique_clicks"))
        .order_by()
    )
    names = dimension.labels([row["key"] for row in figures if row["key"] is not None])
    for row in figures:
        row.update(names.get(row["key"], {}))
        row["label"] = display_label(dimension, row)
    field_name = ordering.lstrip("-")
    figures.sort(key=lambda row: (row["label"].casefold(), str(row["key"])))
    figures.sort(
        key=lambda row: (
            row["label"].casefold() if field_name == "label" else row[field_name]
        ),
        reverse=ordering.startswith("-"),
    )
    return figures


def display_label(dimension: Dimension, row: dict) -> str:
    """The row's label as readers see it, also for deleted or unknown objects."""
    if dimension.key == "placement":
        return str(Placement(row["key"]).label)
    if row["key"] is None:
        return str(
            _("Unbekannte Seite") if dimension.key == "page" else _("(gelöscht)")
        )
    return row.get("label") or str(_("(gelöscht)"))


@dataclass
class SeriesPoint:
    """One bucket of the clicks-over-time series."""

    label: str
    short_label: str
    start: date
    end: date
    clicks: int = 0
    unique_clicks: int = 0


def _bucket(day: date, interval: str) -> tuple[tuple, str, str]:
    """(key, label, short label for the chart) of the bucket a day falls into."""
    if interval == Interval.WEEK:
        year, week, _weekday = day.isocalendar()
        return (year, week), f"KW {week}/{year}", f"KW {week}"
    if interval == Interval.MONTH:
        return (day.year, day.month), date_format(day, "F Y"), date_format(day, "M Y")
    return (day,), date_format(day, "D, d.m.Y"), date_format(day, "d.m.")


def series(rows: QuerySet, first: date, last: date, interval: str) -> list[SeriesPoint]:
    """Clicks per day, ISO week or month from first to last, empty buckets included."""
    per_day = {
        row["day"]: row
        for row in rows.values("day")
        .annotate(click_count=Sum("clicks"), unique_count=Sum("unique_clicks"))
        .order_by()
    }
    points: dict[tuple, SeriesPoint] = {}
    for day in days_between(first, last):
        key, label, short_label = _bucket(day, interval)
        point = points.get(key)
        if point is None:
            point = points[key] = SeriesPoint(label, short_label, start=day, end=day)
        point.end = day
        if day in per_day:
            point.clicks += per_day[day]["click_count"]
            point.unique_clicks += per_day[day]["unique_count"]
    return list(points.values())


@dataclass
class WeekComparison:
    """Clicks of the last 7 days against the 7 before, and the top products."""

    clicks: int
    previous_clicks: int
    top_products: list

    @property
    def change(self) -> float | None:
        if not self.previous_clicks:
            return None
        return (self.clicks - self.previous_clicks) / self.previous_clicks * 100


def week_comparison(on: date | None = None, top: int = 5) -> WeekComparison:
    """The dashboard's figures, without bots; the last 7 days include today."""
    on = on or today()
    this_week = rollup_rows(on - timedelta(days=6), on)
    previous = rollup_rows(on - timedelta(days=13), on - timedelta(days=7))
    products = grouped(this_week, DIMENSIONS["products"])
    return WeekComparison(
        clicks=sum(row["click_count"] for row in products),
        previous_clicks=totals(previous)["click_count"],
        top_products=products[:top],
    )
