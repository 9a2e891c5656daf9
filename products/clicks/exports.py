"""Spreadsheet exports of every report: CSV, XLSX and "CSV für Excel (deutsch)".

SafeExportMixin goes before Wagtail's ReportView. In every CSV a text cell
that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
leading apostrophe; numbers (negative ones too) stay numbers. The German CSV
uses semicolons, decimal commas and a UTF-8 BOM, as Excel in German expects.
"""

from __future__ import annotations

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise, cached_property
from wagtail.admin.widgets import Button

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMAT_CSV_DE = "csv_de"


def neutralise(value: str) -> str:
    """Text as text: a leading apostrophe before anything formula-like."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def german_number(value) -> str:
    """1234.5 -> "1234,5" (no thousands separator, so Excel reads a number)."""
    return str(value).replace(".", ",")


class _Echo:
    def write(self, value):
        return value


class SafeExportMixin:
    """CSV/XLSX without live formulas, plus the German CSV for Excel."""

    FORMAT_CSV_DE = FORMAT_CSV_DE
    FORMATS = ("xlsx", "csv", FORMAT_CSV_DE)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = request.GET.get("export") in self.FORMATS

    def preprocess_field_value(self, field, value, export_format):
        if export_format in ("csv", FORMAT_CSV_DE):
            if isinstance(value, str | Promise):
                return neutralise(force_str(value))
            if export_format == FORMAT_CSV_DE and isinstance(value, float | Decimal):
                return german_number(value)
        return super().preprocess_field_value(field, value, export_format)

    def stream_csv(self, queryset, *, delimiter=",", bom=False):
        writer = csv.DictWriter(
            _Echo(), fieldnames=self.list_export, delimiter=delimiter
        )
        heading = writer.writerow(
            {
                field: neutralise(self.get_heading(queryset, field))
                for field in self.list_export
            }
        )
        yield ("\ufeff" + heading) if bom else heading
        export_format = FORMAT_CSV_DE if bom else "csv"
        for item in queryset:
            row = self.to_row_dict(item)
            yield writer.writerow(
                {
                    field: self.preprocess_field_value(field, value, export_format)
                    for field, value in row.items()
                }
            )

    def write_csv_de_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset, delimiter=";", bom=True),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}-excel.csv"'
        )
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format == FORMAT_CSV_DE:
            return self.write_csv_de_response(queryset)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.show_export_buttons:
            buttons.append(
                Button(
                    "CSV für Excel (deutsch)",
                    url=self.get_export_url(FORMAT_CSV_DE),
                    icon_name="download",
                    priority=92,
                )
            )
        return buttons
