"""Admin reports of product data, listed under "Berichte" (wagtail_hooks.py).

StaleDataReportView: "Veraltete Daten", products with an offer older than its
source allows or out of stock: what, since when, and the pages that show them.
ImportPricesView: the CSV upload of products.offers.importers (manual source).
UnlinkedMatchReportView: "Treffer ohne Link" (menu Produkte, beside the
sources), feed items whose GTIN is one of our products' but no link names them.
"""

from __future__ import annotations

from datetime import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from products.linkcheck.selectors import page_count_subquery, pages_using_products
from products.models import AffiliateLink, Category, Product

from .display import berlin_datetime
from .importers import HEADER_EXAMPLE, PriceImportError, import_prices
from .models import DataSource, Offer, UnlinkedMatch

IMPORT_PERMISSION = "products.import_prices"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def can_import(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


def stale_products(at: datetime) -> QuerySet[Product]:
    """Active products with an offer that is stale or out of stock at `at`.

    Staleness comes from the catalogue's freshness rules (with_outdated_offers,
    with_unavailable_offers), not from comparing dates here. Annotated with
    is_outdated, is_unavailable and page_count; links, offers (with source,
    merchant and price history) prefetched: a fixed number of queries.
    """
    outdated = Product.objects.with_outdated_offers(at).values("pk")
    unavailable = Product.objects.with_unavailable_offers().values("pk")
    offers = Offer.objects.select_related("source__merchant").prefetch_related(
        "history"
    )
    return (
        Product.objects.active()
        .annotate(
            page_count=page_count_subquery(),
            is_outdated=ExpressionWrapper(
                Q(pk__in=outdated), output_field=BooleanField()
            ),
            is_unavailable=ExpressionWrapper(
                Q(pk__in=unavailable), output_field=BooleanField()
            ),
        )
        .filter(Q(is_outdated=True) | Q(is_unavailable=True))
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "links", queryset=AffiliateLink.objects.select_related("merchant")
            ),
            Prefetch("links__offers", queryset=offers),
        )
        .order_by("name")
    )


def out_of_stock_since(offer) -> datetime:
    """When the source began to report the offer out of stock: the first of
    the latest run of out-of-stock rows in its (prefetched) history."""
    since = offer.observed_at
    for point in reversed(list(offer.history.all())):
        if point.availability != "out_of_stock":
            break
        since = point.observed_at
    return since


def offer_problems(product, at: datetime) -> list[str]:
    """Each stale or out-of-stock offer of a product in words: what, since
    when (Berlin time), where from. Reads only prefetched rows."""
    items = []
    for link in product.links.all():
        shop = link.merchant.name
        for offer in link.offers.all():
            origin = f"Quelle {offer.source.name}" if offer.source_id else "manuell"
            as_of = berlin_datetime(offer.observed_at)
            if not offer.is_fresh(at):
                what = "Preis" if offer.price is not None else "Angaben"
                items.append(
                    f"{what} bei {shop} veraltet seit "
                    f"{berlin_datetime(offer.fresh_until())} (Stand {as_of}, {origin})"
                )
            elif offer.rating is not None and not offer.rating_is_fresh(at):
                items.append(
                    f"Bewertung bei {shop} veraltet seit "
                    f"{berlin_datetime(offer.rating_fresh_until())} ({origin})"
                )
            if offer.is_out_of_stock:
                items.append(
                    f"Nicht lieferbar bei {shop} seit "
                    f"{berlin_datetime(out_of_stock_since(offer))} "
                    f"(zuletzt gemeldet {as_of}, {origin})"
                )
    return items


class StaleDataFilterSet(WagtailFilterSet):
    """Filters of "Veraltete Daten": why a product is listed, and its category."""

    reason = django_filters.ChoiceFilter(
        label="Grund",
        choices=[
            ("outdated", "Preis oder Bewertung veraltet"),
            ("unavailable", "Nicht lieferbar"),
        ],
        method="filter_reason",
        empty_label="Alle",
    )
    category = django_filters.ModelChoiceFilter(
        label="Kategorie", queryset=Category.objects.all()
    )

    def filter_reason(self, queryset, name, value):
        if value == "outdated":
            return queryset.filter(is_outdated=True)
        if value == "unavailable":
            return queryset.filter(is_unavailable=True)
        return queryset

    class Meta:
        model = Product
        fields = ["reason", "category"]


def _stale_items(product) -> str:
    return "; ".join(offer_problems(product, timezone.now())) or "–"


class PagesColumn(Column):
    """The pages that show a row's product: admin links and their last editor."""

    cell_template_name = "linkcheck/pages_cell.html"


class StaleDataReportView(ReportView):
    """ "Veraltete Daten": active products with an offer older than its source
    allows or out of stock (the catalogue's freshness rules), saying what and
    since when, and the pages that show them. Products merely used on no page
    are not listed: nothing stale is shown there."""

    page_title = _("Veraltete Daten")
    header_icon = "time"
    index_url_name = "offers_stale_data"
    index_results_url_name = "offers_stale_data_results"
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
        Column("stale_items", label="Was und seit wann", accessor=_stale_items),
        NumberColumn("page_count", label=_("Verwendet auf Seiten")),
        PagesColumn("pages", label=_("Seiten")),
    ]
    list_export = ["name", "slug", "category", "stale_items", "page_count"]
    export_headings = {
        "name": _("Produkt"),
        "slug": _("Kurzname"),
        "category": _("Kategorie"),
        "stale_items": "Was und seit wann",
        "page_count": _("Verwendet auf Seiten"),
    }

    def get_queryset(self):
        return stale_products(timezone.now())

    def decorate_paginated_queryset(self, object_list):
        from products.linkcheck.selectors import last_editor

        products = list(object_list)
        pages = pages_using_products({product.pk for product in products})
        for product in products:
            product.stale_items = _stale_items(product)
            product.pages = [
                (page, last_editor(page)) for page in pages.get(product.pk, [])
            ]
        return products

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Preise importieren"),
                    url=reverse("offers_import_prices"),
                    icon_name="upload",
                )
            )
        return buttons


class ImportPricesForm(forms.Form):
    """The CSV upload; the file itself is checked by products.offers.importers."""

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
    template_name = "offers/import_prices.html"
    page_title = _("Preise und Bewertungen importieren")
    header_icon = "upload"
    success_url = reverse_lazy("offers_import_prices")
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
        context["action_url"] = reverse("offers_import_prices")
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
        self.request.session["offers_import_changes"] = report.changes[:200]
        return redirect(self.get_success_url())

    def get(self, request, *args, **kwargs):
        changes = request.session.pop("offers_import_changes", None)
        return self.render_to_response(self.get_context_data(changes=changes))


def _feed_price(match) -> str:
    if match.price is None:
        return "–"
    return f"{match.price:.2f} {match.currency}".replace(".", ",")


class UnlinkedMatchReportView(ReportView):
    """ "Treffer ohne Link": what sources offer for our products' GTINs at a
    merchant where no link names the item, newest first. Read-only; editors
    add a link on the product to use it. Never shown to readers."""

    page_title = "Treffer ohne Link"
    header_icon = "link"
    index_url_name = "offers_unlinked_matches"
    index_results_url_name = "offers_unlinked_matches_results"
    permission_policy = ModelPermissionPolicy(DataSource)
    permission_required = "view"
    export_filename = "treffer-ohne-link"
    no_results_message = (
        "Keine Treffer ohne Link: jedes Produkt, das eine Quelle anhand seiner "
        "GTIN kennt, ist bei diesem Händler schon verlinkt."
    )
    columns = [
        Column("source", label="Datenquelle", accessor="source.name"),
        Column("merchant", label="Händler", accessor="source.merchant.name"),
        Column("gtin", label="GTIN/EAN"),
        Column("merchant_product_id", label="Artikelnummer"),
        Column("title", label="Titel im Feed"),
        Column("price", label="Preis im Feed", accessor=_feed_price),
        Column(
            "seen_at",
            label="Zuletzt gesehen",
            accessor=lambda match: berlin_datetime(match.seen_at),
        ),
    ]
    list_export = ["source", "gtin", "merchant_product_id", "title", "price", "seen_at"]
    export_headings = {
        "source": "Datenquelle",
        "gtin": "GTIN/EAN",
        "merchant_product_id": "Artikelnummer",
        "title": "Titel im Feed",
        "price": "Preis im Feed",
        "seen_at": "Zuletzt gesehen",
    }

    def get_queryset(self):
        return UnlinkedMatch.objects.select_related("source__merchant").order_by(
            "-seen_at", "pk"
        )
