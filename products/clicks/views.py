"""Click reports in the Wagtail admin (menu "Berichte"), read from the daily rollup.

ClickOverviewView: clicks over time (chart + table) and the top five of each
dimension. TopClicksView subclasses: one sortable, exportable table per
dimension whose rows link to the overview filtered to that row (drill-down).
Only users with clicks.view_click_reports see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from .charts import bar_chart
from .exports import SafeExportMixin
from .filters import (
    DEFAULTS,
    UNKNOWN_PLACEMENT,
    BotMode,
    ClickOverviewFilterSet,
    ClickReportFilterSet,
    Interval,
    Period,
)
from .rollup import catch_up
from .selectors import (
    DIMENSIONS,
    Dimension,
    grouped,
    rollup_rows,
    series,
)

PERIOD_LINKS = [(p.value, p.label) for p in Period if p != Period.CUSTOM]
REPORT_PERMISSION = "clicks.view_click_reports"
# Reports redo today's rollup when it is older than this (at most once a minute).
FRESH_FOR = timedelta(minutes=1)
TOP_IN_OVERVIEW = 5
# Parameters of the current listing that a drill-down link must not carry over.
LISTING_PARAMETERS = ("p", "ordering", "export", "_w_filter_fragment")
# Right-aligned, same-width digits (styled in includes/summary.html).
NUMBER_CLASS = "clicks-num"


def can_view_reports(user) -> bool:
    return user.has_perm(REPORT_PERMISSION)


@dataclass
class ReportRow:
    """One row of a top table, as shown and exported."""

    key: object
    label: str
    click_count: int
    unique_count: int
    share: float
    url: str | None = None
    product_name: str = ""
    merchant_name: str = ""


class ShareColumn(Column):
    """Share of all clicks in the range, "12,5 %"."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = f"{number_format(context['raw_value'], 1)} %"
        return context


class ClickReportMixin(SafeExportMixin):
    """Permission, rollup catch-up, and the range/bot filters every report applies.

    Exports neutralise formula-like text and offer the German CSV too.
    """

    filterset_class = ClickReportFilterSet
    header_icon = "link-external"
    export_filename = "klicks"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return permission_denied(request)
        # Today's (and, after midnight, yesterday's) figures are still moving.
        catch_up(fresh_for=FRESH_FOR)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def report_range(self):
        return self.filters.report_range()

    @cached_property
    def rows(self):
        """The DailyClicks rows of the range, bot mode and filters."""
        rows = rollup_rows(*self.report_range, self.filters.bot_mode())
        if self.filters.is_valid():
            rows = self.filters.filter_queryset(rows)
        return rows

    @cached_property
    def totals(self) -> dict:
        """Clicks and unique clicks of the whole range (subclasses sum their rows)."""
        raise NotImplementedError

    def filter_queryset(self, queryset):
        return queryset  # self.rows already applies the filters

    def drilldown_url(self, name: str, value) -> str:
        """The overview, with the current filters plus name=value."""
        params = self.request.GET.copy()
        for parameter in LISTING_PARAMETERS:
            params.pop(parameter, None)
        params[name] = value
        return reverse("clicks:overview") + "?" + params.urlencode()

    def report_url(self, name: str) -> str:
        """Another click report (clicks:<name>), with the same filters."""
        params = self.request.GET.copy()
        for parameter in LISTING_PARAMETERS:
            params.pop(parameter, None)
        query = "?" + params.urlencode() if params else ""
        return reverse(f"clicks:{name}") + query

    def report_links(self) -> list[tuple[str, str, bool]]:
        """(label, URL, is this report) for the navigation between the reports."""
        current = self.request.resolver_match.url_name.removesuffix("_results")
        names = [("overview", _("Übersicht"))] + [
            (d.slug, d.title_plural) for d in DIMENSIONS.values()
        ]
        return [
            (label, self.report_url(name), name == current) for name, label in names
        ]

    def get_filename(self):
        first, last = self.report_range
        return f"{self.export_filename}-{first:%Y-%m-%d}-{last:%Y-%m-%d}"

    def top_rows(self, dimension: Dimension, groups) -> list[ReportRow]:
        total = self.totals["click_count"]
        rows = []
        for row in groups:
            key = row["key"]
            if dimension.key == "placement":
                url = self.drilldown_url("placement", key or UNKNOWN_PLACEMENT)
            else:
                url = self.drilldown_url(dimension.key, key) if key else None
            rows.append(
                ReportRow(
                    key=key,
                    label=row["label"],
                    click_count=row["click_count"],
                    unique_count=row["unique_count"],
                    share=round(row["click_count"] * 100 / total, 1) if total else 0.0,
                    url=url,
                    product_name=row.get("product_name") or "",
                    merchant_name=row.get("merchant_name") or "",
                )
            )
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        first, last = self.report_range
        context.update(
            first_day=first,
            last_day=last,
            totals=self.totals,
            with_bots=self.filters.bot_mode(),
            bot_modes=BotMode,
            report_links=self.report_links(),
            period_links=self.choice_links("period", PERIOD_LINKS),
            interval_links=(
                self.choice_links("interval", Interval.choices)
                if "interval" in self.filters.filters
                else []
            ),
        )
        return context

    def choice_links(self, name: str, choices) -> list[tuple[str, str, bool]]:
        """(label, URL, is current) to switch one setting (range, grouping) in
        one click, without opening the filter drawer; other filters stay."""
        params = self.request.GET.copy()
        for parameter in LISTING_PARAMETERS:
            params.pop(parameter, None)
        current = params.get(name) or DEFAULTS.get(name)
        if name == "period" and (params.get("date_from") or params.get("date_to")):
            current = None
        if name == "period":
            params.pop("date_from", None)
            params.pop("date_to", None)
        links = []
        for value, label in choices:
            params[name] = value
            links.append((str(label), "?" + params.urlencode(), value == current))
        return links


def _sums(rows, *names) -> dict:
    def value(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    return {name: sum(value(row, name) for row in rows) for name in names}


def top_columns(dimension: Dimension) -> list:
    columns = [
        TitleColumn(
            "label",
            label=dimension.title,
            get_url=lambda row: row.url,
            sort_key="label",
        )
    ]
    if dimension.slug == "links":
        columns += [
            Column("product_name", label=_("Produkt")),
            Column("merchant_name", label=_("Händler")),
        ]
    return columns + [
        NumberColumn(
            "click_count",
            label=_("Klicks"),
            sort_key="click_count",
            classname=NUMBER_CLASS,
        ),
        NumberColumn(
            "unique_count",
            label=_("Eindeutige Klicks"),
            sort_key="unique_count",
            classname=NUMBER_CLASS,
        ),
        ShareColumn("share", label=_("Anteil"), classname=NUMBER_CLASS),
    ]


class TopClicksView(ClickReportMixin, ReportView):
    """Clicks per product, link, merchant, page or placement in the range.

    Sortable by every figure; each row links to the overview filtered to it;
    CSV/XLSX export of the whole table.
    """

    results_template_name = "clicks/report_results.html"
    dimension: Dimension
    default_ordering = "-click_count"
    paginate_by = 50

    @property
    def page_title(self):
        return _("Klicks nach %(dimension)s") % {"dimension": self.dimension.title}

    @property
    def index_url_name(self):
        return f"clicks:{self.dimension.slug}"

    @property
    def index_results_url_name(self):
        return f"clicks:{self.dimension.slug}_results"

    @property
    def export_filename(self):
        return f"klicks-{self.dimension.slug}"

    @cached_property
    def columns(self):
        return top_columns(self.dimension)

    @property
    def list_export(self):
        fields = ["label"]
        if self.dimension.slug == "links":
            fields += ["product_name", "merchant_name"]
        return fields + ["click_count", "unique_count", "share"]

    @property
    def export_headings(self):
        return {
            "label": self.dimension.title,
            "product_name": _("Produkt"),
            "merchant_name": _("Händler"),
            "click_count": _("Klicks"),
            "unique_count": _("Eindeutige Klicks"),
            "share": _("Anteil (%)"),
        }

    @cached_property
    def groups(self) -> list[dict]:
        """Every value of the dimension in the range, in the chosen order."""
        return grouped(self.rows, self.dimension, self.ordering)

    @cached_property
    def totals(self) -> dict:
        return _sums(self.groups, "click_count", "unique_count")

    def get_queryset(self):
        return self.groups

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # The shown (or exported) page of dicts, as rows with labels, shares, links.
        rows = self.top_rows(self.dimension, context["object_list"])
        context["object_list"] = rows
        context["table"] = self.get_table(rows)
        return context


def top_view(slug: str) -> type[TopClicksView]:
    return type(
        f"{slug.title()}ClicksView",
        (TopClicksView,),
        {"dimension": DIMENSIONS[slug], "__doc__": TopClicksView.__doc__},
    )


@dataclass
class TopTable:
    """A top-five table of the overview, with a link to the full report."""

    dimension: Dimension
    rows: list[ReportRow]
    caption: str
    url: str


class ClickOverviewView(ClickReportMixin, ReportView):
    """Clicks over time (per day, week or month) as an SVG chart and a table,
    the totals and the top five of every dimension for the range and filters.
    """

    page_title = _("Klicks")
    results_template_name = "clicks/overview_results.html"
    filterset_class = ClickOverviewFilterSet
    index_url_name = "clicks:overview"
    index_results_url_name = "clicks:overview_results"
    paginate_by = None
    columns = [
        Column("label", label=_("Zeitraum")),
        NumberColumn("clicks", label=_("Klicks"), classname=NUMBER_CLASS),
        NumberColumn(
            "unique_clicks", label=_("Eindeutige Klicks"), classname=NUMBER_CLASS
        ),
    ]
    list_export = ["label", "start", "end", "clicks", "unique_clicks"]
    export_headings = {
        "label": _("Zeitraum"),
        "start": _("Von"),
        "end": _("Bis"),
        "clicks": _("Klicks"),
        "unique_clicks": _("Eindeutige Klicks"),
    }

    @cached_property
    def points(self):
        return series(self.rows, *self.report_range, self.filters.bucket())

    @cached_property
    def totals(self) -> dict:
        points = _sums(self.points, "clicks", "unique_clicks")
        return {
            "click_count": points["clicks"],
            "unique_count": points["unique_clicks"],
        }

    def get_queryset(self):
        return self.points

    def top_tables(self) -> list[TopTable]:
        tables = []
        for dimension in DIMENSIONS.values():
            groups = grouped(self.rows, dimension)[:TOP_IN_OVERVIEW]
            rows = self.top_rows(dimension, groups)
            if rows:
                caption = _("Top %(dimension)s") % {"dimension": dimension.title_plural}
                url = self.report_url(dimension.slug)
                tables.append(TopTable(dimension, rows, caption, url))
        return tables

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["chart"] = bar_chart(
                context["object_list"],
                str(_("%(label)s: %(clicks)s Klicks, %(unique)s eindeutig")),
            )
            context["top_tables"] = self.top_tables()
        return context
