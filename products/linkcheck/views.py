"""Admin views of link and data health, listed under "Berichte" (wagtail_hooks.py).

BrokenLinksReportView: "Defekte Links", with the pages that place each product.
StaleDataReportView: "Veraltete Daten", products with stale prices or ratings or
on no page. ImportPricesView: the CSV upload of products/importers.py.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from products.importers import HEADER_EXAMPLE, PriceImportError, import_prices
from products.models import Category, Merchant, Product

from .models import LinkCheck
from .selectors import (
    broken_links,
    last_editor,
    pages_using_products,
    stale_or_unused_products,
)

IMPORT_PERMISSION = "products.import_prices"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def can_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


class PagesColumn(Column):
    """The pages that place a row's product: admin links and their last editor."""

    cell_template_name = "linkcheck/pages_cell.html"


class BrokenLinksFilterSet(WagtailFilterSet):
    """Filters of "Defekte Links": merchant and product category."""

    merchant = django_filters.ModelChoiceFilter(
        label=_("Händler"), field_name="link__merchant", queryset=Merchant.objects.all()
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Kategorie"),
        field_name="link__product__category",
        queryset=Category.objects.all(),
    )

    class Meta:
        model = LinkCheck
        fields = ["merchant", "category"]


class BrokenLinksReportView(ReportView):
    """ "Defekte Links": links broken after two hard failures, and where they appear.

    Their products' pages come from the reference index; the public boxes
    already fall back to the next working link or show no button.
    """

    page_title = _("Defekte Links")
    header_icon = "warning"
    index_url_name = "linkcheck_broken_links"
    index_results_url_name = "linkcheck_broken_links_results"
    permission_policy = ModelPermissionPolicy(LinkCheck)
    permission_required = "view"
    filterset_class = BrokenLinksFilterSet
    export_filename = "defekte-links"
    columns = [
        TitleColumn(
            "link",
            label=_("Link"),
            accessor="link.slug",
            get_url=lambda check: reverse(
                "wagtailsnippets_products_product:edit", args=[check.link.product_id]
            ),
        ),
        Column("product", label=_("Produkt"), accessor="link.product.name"),
        Column("merchant", label=_("Händler"), accessor="link.merchant.name"),
        Column("detail", label=_("Befund")),
        DateColumn("broken_since", label=_("Defekt seit")),
        DateColumn("checked_at", label=_("Zuletzt geprüft")),
        PagesColumn("pages", label=_("Verwendet auf")),
    ]
    list_export = [
        "link.slug",
        "link.product.name",
        "link.merchant.name",
        "link.url",
        "status_code",
        "detail",
        "broken_since",
        "checked_at",
        "pages_text",
    ]
    export_headings = {
        "link.slug": _("Link"),
        "link.product.name": _("Produkt"),
        "link.merchant.name": _("Händler"),
        "link.url": _("Ziel-Adresse"),
        "status_code": _("HTTP-Status"),
        "detail": _("Befund"),
        "broken_since": _("Defekt seit"),
        "checked_at": _("Zuletzt geprüft"),
        "pages_text": _("Verwendet auf"),
    }

    def get_queryset(self):
        return broken_links()

    def decorate_paginated_queryset(self, object_list):
        checks = list(object_list)
        pages = pages_using_products({check.link.product_id for check in checks})
        for check in checks:
            check.pages = [
                (page, last_editor(page))
                for page in pages.get(check.link.product_id, [])
            ]
            check.pages_text = ", ".join(page.title for page, _editor in check.pages)
        return checks


class StaleDataFilterSet(WagtailFilterSet):
    """Filters of "Veraltete Daten": why a product is listed, and its category."""

    reason = django_filters.ChoiceFilter(
        label=_("Grund"),
        choices=[
            ("stale", _("Preis oder Bewertung veraltet")),
            ("unused", _("Auf keiner Seite verwendet")),
        ],
        method="filter_reason",
        empty_label=_("Alle"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Kategorie"), queryset=Category.objects.all()
    )

    def filter_reason(self, queryset, name, value):
        if value == "stale":
            return queryset.filter(is_stale=True)
        if value == "unused":
            return queryset.filter(page_count=0)
        return queryset

    class Meta:
        model = Product
        fields = ["reason", "category"]


def _stale_items(product) -> str:
    return ", ".join(str(item) for item in product.stale_data(timezone.now())) or "–"


class StaleDataReportView(ReportView):
    """ "Veraltete Daten": active products whose price or rating is older than
    its merchant allows (the catalogue's freshness rule), or that no page uses.
    """

    page_title = _("Veraltete Daten")
    header_icon = "time"
    index_url_name = "linkcheck_stale_data"
    index_results_url_name = "linkcheck_stale_data_results"
    permission_policy = ModelPermissionPolicy(Product)
    permission_required = "view"
    filterset_class = StaleDataFilterSet
    export_filename = "veraltete-daten"
    columns = [
        TitleColumn(
            "name",
            label=_("Produkt"),
            url_name="wagtailsnippets_products_product:edit",
        ),
        Column("category", label=_("Kategorie")),
        Column("stale_items", label=_("Veraltet"), accessor=_stale_items),
        NumberColumn("page_count", label=_("Verwendet auf Seiten")),
    ]
    list_export = ["name", "slug", "category", "stale_items", "page_count"]
    export_headings = {
        "name": _("Produkt"),
        "slug": _("Kurzname"),
        "category": _("Kategorie"),
        "stale_items": _("Veraltet"),
        "page_count": _("Verwendet auf Seiten"),
    }

    def get_queryset(self):
        return stale_or_unused_products(timezone.now())

    def decorate_paginated_queryset(self, object_list):
        products = list(object_list)
        for product in products:
            product.stale_items = _stale_items(product)
        return products

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Preise importieren"),
                    url=reverse("linkcheck_import_prices"),
                    icon_name="upload",
                )
            )
        return buttons


class ImportPricesForm(forms.Form):
    """The CSV upload; the file itself is checked by products.importers."""

    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "UTF-8, Semikolon oder Komma als Trennzeichen, Kopfzeile z. B. "
            "„%(header)s“. Ist eine Zeile fehlerhaft, wird nichts geändert."
        )
        % {"header": HEADER_EXAMPLE},
    )
    dry_run = forms.BooleanField(label=_("Nur prüfen, nichts ändern"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB."))
        return upload


class ImportPricesView(WagtailAdminTemplateMixin, FormView):
    """ "Preise importieren": upload a CSV; errors by line, or a summary of changes."""

    form_class = ImportPricesForm
    template_name = "linkcheck/import_prices.html"
    page_title = _("Preise und Bewertungen importieren")
    header_icon = "upload"
    success_url = reverse_lazy("linkcheck_import_prices")
    _breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": "", "label": _("Preise importieren")},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self._breadcrumbs_items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = reverse("linkcheck_import_prices")
        context["submit_button_label"] = _("Importieren")
        context["submit_button_active_label"] = _("Importiere …")
        context["header_example"] = HEADER_EXAMPLE
        return context

    def form_valid(self, form):
        try:
            report = import_prices(
                form.cleaned_data["file"].read(), dry_run=form.cleaned_data["dry_run"]
            )
        except PriceImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=error.errors)
            )
        if report.dry_run:
            return self.render_to_response(
                self.get_context_data(form=form, report=report)
            )
        messages.success(self.request, report.summary)
        self.request.session["linkcheck_import_changes"] = report.changes[:200]
        return redirect(self.get_success_url())

    def get(self, request, *args, **kwargs):
        changes = request.session.pop("linkcheck_import_changes", None)
        return self.render_to_response(self.get_context_data(changes=changes))
