"""Revenue reports in the admin ("Berichte › Umsatz"), built on the click reports.

They reuse the click reports' filters, permission check, rollup catch-up and
exports (CSV, XLSX, "CSV für Excel (deutsch)"). Money columns need the
"sees money" permission (revenue.view_revenue); without it a user with the
click reports sees clicks, views and CTR only.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.views.reports import ReportView

from products.clicks.filters import ClickOverviewFilterSet, ClickReportFilterSet
from products.clicks.selectors import rollup_rows
from products.clicks.views import LISTING_PARAMETERS, ClickReportMixin

from . import figures as f

MONEY_PERMISSION = "revenue.view_revenue"
MONEY_FIELDS = {
    "commission",
    "confirmed",
    "open",
    "cancelled",
    "sales",
    "sale_amount",
    "conversion",
    "epc",
    "rpm",
}
HEADINGS = {
    "label": "Zeitraum",
    "start": "Von",
    "end": "Bis",
    "incomplete": "Unvollständig",
    "commission": "Provision (netto, €)",
    "confirmed": "Bestätigt (€)",
    "open": "Offen (€)",
    "cancelled": "Storniert (€)",
    "sales": "Verkäufe",
    "sale_amount": "Umsatz (€)",
    "clicks": "Klicks",
    "views": "Aufrufe",
    "conversion": "Konversion (%)",
    "epc": "EPC (€ je Klick)",
    "ctr": "CTR (%)",
    "rpm": "RPM (€ je 1.000 Aufrufe)",
}
FIGURE_FIELDS = [
    "commission",
    "confirmed",
    "open",
    "cancelled",
    "sales",
    "sale_amount",
    "clicks",
    "views",
    "conversion",
    "epc",
    "ctr",
    "rpm",
]


def sees_money(user) -> bool:
    return user.has_perm(MONEY_PERMISSION)


def _int(value):
    return int(value) if value not in (None, "") and str(value).isdigit() else None


class RevenueReportMixin(ClickReportMixin):
    """Range, filters and exports of the click reports; figures from products.revenue.figures."""

    header_icon = "tag"
    export_filename = "umsatz"

    @cached_property
    def money(self) -> bool:
        return sees_money(self.request.user)

    @cached_property
    def narrowed(self) -> f.Filters:
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        placement = data.get("placement")
        return f.Filters(
            merchant=_int(data.get("merchant")),
            product=_int(data.get("product")),
            page=_int(data.get("page")),
            placement=None
            if not placement
            else ("" if placement == "unknown" else placement),
            category=_int(data.get("category")),
        )

    @property
    def figure_fields(self) -> list[str]:
        return [
            name for name in FIGURE_FIELDS if self.money or name not in MONEY_FIELDS
        ]

    @property
    def export_headings(self):
        return HEADINGS

    def to_row_dict(self, item):
        row = {}
        for name in self.list_export:
            value = getattr(item, name)
            if isinstance(value, float):
                value = round(value, 2)
            if name == "incomplete":
                value = "ja" if value else ""
            row[name] = "" if value is None else value
        return row

    def revenue_url(self, name: str, **params) -> str:
        query = self.request.GET.copy()
        for parameter in LISTING_PARAMETERS:
            query.pop(parameter, None)
        for key, value in params.items():
            query[key] = value
        return reverse(f"revenue:{name}") + ("?" + query.urlencode() if query else "")

    def revenue_links(self):
        current = self.request.resolver_match.url_name.removesuffix("_results")
        names = [("overview", "Übersicht")] + [
            (d.slug, f"nach {d.title}") for d in f.DIMENSIONS.values()
        ]
        return [
            (label, self.revenue_url(name), name == current) for name, label in names
        ]

    @cached_property
    def comparison(self) -> list[dict]:
        """Every figure of the range beside the previous period (value, change in %)."""
        first, last = self.report_range
        before = f.previous_range(first, last)
        now = self.current_total()
        previous_rows = rollup_rows(*before, self.filters.bot_mode())
        if self.filters.is_valid():
            previous_rows = self.filters.filter_queryset(previous_rows)
        then = f.total(previous_rows, *before, self.narrowed)
        return [
            {
                "name": name,
                "label": HEADINGS[name],
                "value": getattr(now, name),
                "previous": getattr(then, name),
                "change": f.change(getattr(now, name), getattr(then, name)),
            }
            for name in self.figure_fields
        ]

    def current_total(self) -> f.Figures:
        """The range's figures (three aggregate queries)."""
        return f.total(self.rows, *self.report_range, self.narrowed)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        first, last = self.report_range
        context.update(
            first_day=first,
            last_day=last,
            previous=f.previous_range(first, last),
            revenue_links=self.revenue_links(),
            money=self.money,
            figure_fields=self.figure_fields,
            headings=HEADINGS,
        )
        if not self.is_export:
            context["comparison"] = self.comparison
        return context


class RevenueOverviewView(RevenueReportMixin, ReportView):
    """Money, clicks and views over time (day, week, month) with incomplete
    periods marked, and every figure against the previous period."""

    page_title = "Umsatz"
    results_template_name = "revenue/overview_results.html"
    filterset_class = ClickOverviewFilterSet
    index_url_name = "revenue:overview"
    index_results_url_name = "revenue:overview_results"
    paginate_by = None
    columns = []

    @property
    def list_export(self):
        return ["label", "start", "end", "incomplete", *self.figure_fields]

    @cached_property
    def totals(self) -> dict:
        return {}

    @cached_property
    def points(self) -> list[f.Figures]:
        return f.series(
            self.rows, *self.report_range, self.filters.bucket(), self.narrowed
        )

    def current_total(self) -> f.Figures:
        """The sum of the time series: no second pass over the range."""
        result = f.Figures(views=None)  # stays None where views do not apply
        for point in self.points:
            result.add(point)
        return result

    def get_queryset(self):
        return self.points

    def chart(self) -> dict | None:
        """Bars of net commission (money) or clicks per period; incomplete
        periods are drawn hatched. Geometry only, drawn by the template."""
        if not self.points:
            return None
        width, height, left, baseline = 720, 200, 8, 180
        values = [
            float(p.commission) if self.money else float(p.clicks) for p in self.points
        ]
        top = max([abs(v) for v in values] + [1])
        slot = (width - 2 * left) / len(values)
        bars = []
        for point, value in zip(self.points, values, strict=True):
            bar_height = round(max(value, 0) / top * (baseline - 10), 2)
            bars.append(
                {
                    "x": round(left + len(bars) * slot + slot * 0.1, 2),
                    "y": round(baseline - bar_height, 2),
                    "width": round(slot * 0.8, 2),
                    "height": bar_height,
                    "incomplete": point.incomplete,
                    "title": f"{point.label}: "
                    + (
                        f"{point.commission:.2f} € Provision".replace(".", ",")
                        if self.money
                        else f"{point.clicks} Klicks"
                    )
                    + (" (unvollständig)" if point.incomplete else ""),
                }
            )
        return {"width": width, "height": height, "baseline": baseline, "bars": bars}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["chart"] = self.chart()
        return context


class RevenueTopView(RevenueReportMixin, ReportView):
    """Figures per article, placement, product, merchant or topic; exportable."""

    results_template_name = "revenue/top_results.html"
    filterset_class = ClickReportFilterSet
    dimension: f.RevenueDimension
    paginate_by = 100
    columns = []

    @property
    def page_title(self):
        return f"Umsatz nach {self.dimension.title}"

    @property
    def index_url_name(self):
        return f"revenue:{self.dimension.slug}"

    @property
    def index_results_url_name(self):
        return f"revenue:{self.dimension.slug}_results"

    @property
    def export_filename(self):
        return f"umsatz-{self.dimension.slug}"

    @property
    def list_export(self):
        return ["label", *self.figure_fields]

    @property
    def export_headings(self):
        return {**HEADINGS, "label": self.dimension.title}

    @cached_property
    def totals(self) -> dict:
        return {}

    def get_queryset(self):
        rows = f.grouped(self.dimension, self.rows, *self.report_range, self.narrowed)
        if self.dimension.key == "page":
            for row in rows:
                if row.key is not None:
                    row.url = self.revenue_url("overview", page=row.key)
        return rows


def top_view(slug: str) -> type[RevenueTopView]:
    return type(
        f"{slug.title()}RevenueView",
        (RevenueTopView,),
        {"dimension": f.DIMENSIONS[slug], "__doc__": RevenueTopView.__doc__},
    )
