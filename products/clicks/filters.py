"""Filters of the click reports: date range (presets or custom), catalogue, page, device, bots.

The date range and the bot filter always apply (defaults: last 30 days,
without bots); the views read them through report_range() and bot_mode().
"""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Page

from products.models import AffiliateLink, Category, Merchant, Product

from .days import today
from .models import DailyClicks, Device, Placement

MAX_RANGE_DAYS = 3 * 366
# The filter's value for clicks without a placement (stored as "").
UNKNOWN_PLACEMENT = "unknown"


class Period(models.TextChoices):
    """Date range presets; "custom" uses the dates given."""

    LAST_7 = "7", _("Letzte 7 Tage")
    LAST_30 = "30", _("Letzte 30 Tage")
    LAST_90 = "90", _("Letzte 90 Tage")
    THIS_MONTH = "this_month", _("Dieser Monat")
    LAST_MONTH = "last_month", _("Letzter Monat")
    CUSTOM = "custom", _("Eigener Zeitraum")


class BotMode(models.TextChoices):
    """Whether flagged clicks (bots, prefetches, HEAD) are counted."""

    EXCLUDE = "exclude", _("Ohne Bots")
    INCLUDE = "include", _("Mit Bots")
    ONLY = "only", _("Nur Bots")


class Interval(models.TextChoices):
    """Bucket size of the clicks-over-time table and chart."""

    DAY = "day", "Tag"  # plain: gettext turns "Tag" into "Schlagwort"
    WEEK = "week", _("Woche")
    MONTH = "month", _("Monat")


DEFAULTS = {
    "period": Period.LAST_30,
    "bots": BotMode.EXCLUDE,
    "interval": Interval.DAY,
}


def preset_range(period: str, on: date) -> tuple[date, date]:
    """First and last day (inclusive) of a preset, relative to the day `on`."""
    if period == Period.THIS_MONTH:
        return on.replace(day=1), on
    if period == Period.LAST_MONTH:
        last = on.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    days = int(period) if period in (Period.LAST_7, Period.LAST_90) else 30
    return on - timedelta(days=days - 1), on


def choices_of(queryset, label: str):
    """Choices (pk, label) read in one plain query each time the form is built.

    Cheaper than a ModelChoiceFilter, whose choices iterate a server-side cursor.
    """
    return lambda: list(queryset.values_list("pk", label))


def link_choices():
    """Links by what people recognise: "Produkt – Händler (kurzname)"; one query."""
    rows = AffiliateLink.objects.order_by(
        "product__name", "merchant__name"
    ).values_list("pk", "product__name", "merchant__name", "slug")
    return [
        (pk, f"{product} – {merchant} ({slug})") for pk, product, merchant, slug in rows
    ]


ALL = _("Alle")


def _keep(queryset, name, value):
    """Filters applied by the view itself (range, bots) or only shaping output."""
    return queryset


class ClickReportFilterSet(WagtailFilterSet):
    """Filters shared by every click report; filters DailyClicks rows."""

    period = django_filters.ChoiceFilter(
        label=_("Zeitraum"),
        choices=Period.choices,
        empty_label=None,
        initial=Period.LAST_30,
        method=_keep,
        widget=forms.RadioSelect,
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Eigener Zeitraum (von – bis)"),
        widget=DateRangePickerWidget,
        method=_keep,
    )
    category = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Kategorie"),
        choices=choices_of(Category.objects.order_by("name"), "name"),
        field_name="product__category",
    )
    merchant = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Händler"),
        choices=choices_of(Merchant.objects.order_by("name"), "name"),
    )
    product = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Produkt"),
        choices=choices_of(Product.objects.order_by("name"), "name"),
    )
    link = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Link"), choices=link_choices
    )
    page = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Seite"),
        choices=choices_of(Page.objects.filter(depth__gt=1).order_by("title"), "title"),
    )
    placement = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Platzierung"),
        choices=[(v or UNKNOWN_PLACEMENT, label) for v, label in Placement.choices],
        method="filter_placement",
    )
    device = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Gerät"), choices=Device.choices
    )
    bots = django_filters.ChoiceFilter(
        label=_("Bots"),
        choices=BotMode.choices,
        empty_label=None,
        initial=BotMode.EXCLUDE,
        method=_keep,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = DailyClicks
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        for name, value in DEFAULTS.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)

    def filter_placement(self, queryset, name, value):
        return queryset.filter(placement="" if value == UNKNOWN_PLACEMENT else value)

    def cleaned(self, name: str, default=None):
        """A cleaned value, or the default when the form is invalid."""
        if self.is_valid():
            return self.form.cleaned_data.get(name) or default
        return default

    def report_range(self) -> tuple[date, date]:
        """First and last Berlin day of the report, both included."""
        on = today()
        period = self.cleaned("period", Period.LAST_30)
        dates = self.cleaned("date")
        if dates and (dates.start or dates.stop):
            # The range field gives local datetimes (start and end of the days).
            last = min(dates.stop.date(), on) if dates.stop else on
            first = dates.start.date() if dates.start else last - timedelta(days=29)
            first = max(min(first, last), last - timedelta(days=MAX_RANGE_DAYS))
            return first, last
        if period == Period.CUSTOM:
            period = Period.LAST_30
        return preset_range(period, on)

    def bot_mode(self) -> str:
        return self.cleaned("bots", BotMode.EXCLUDE)


class ClickOverviewFilterSet(ClickReportFilterSet):
    """The overview also chooses the bucket size of its time series."""

    interval = django_filters.ChoiceFilter(
        label=_("Einteilung"),
        choices=Interval.choices,
        empty_label=None,
        initial=Interval.DAY,
        method=_keep,
        widget=forms.RadioSelect,
    )

    class Meta(ClickReportFilterSet.Meta):
        pass

    def bucket(self) -> str:
        return self.cleaned("interval", Interval.DAY)
