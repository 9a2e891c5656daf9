"""Admin views of link and data health, listed under "Berichte" (wagtail_hooks.py).

BrokenLinksReportView: "Defekte Links", with the pages that place each product.
("Veraltete Daten" and the price import live in products.offers.reports.)
"""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from products.models import Category, Merchant

from .models import LinkCheck
from .selectors import (
    broken_links,
    last_editor,
    pages_using_products,
)


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
