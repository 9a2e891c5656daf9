"""Admin wiring of the offers app: refresh action, listing button, dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet

from backportal.core.reports import ReportMenuItem, register_report
from products.models import Product

from .models import DataSource
from .panels import SourceHealthPanel
from .reports import (
    ImportPricesView,
    StaleDataReportView,
    UnlinkedMatchReportView,
    can_import,
)
from .views import price_history, refresh_now
from .viewsets import DataSourceViewSet, refresh_url

register_snippet(DataSourceViewSet)


def _can_view_products(user) -> bool:
    return ModelPermissionPolicy(Product).user_has_permission(user, "view")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "datenquellen/<int:pk>/aktualisieren/",
            refresh_now,
            name="offers_refresh_source",
        ),
        path(
            "preisverlauf/<int:product_id>/",
            price_history,
            name="offers_price_history",
        ),
        path(
            "datenquellen/treffer-ohne-link/",
            UnlinkedMatchReportView.as_view(),
            name="offers_unlinked_matches",
        ),
        path(
            "datenquellen/treffer-ohne-link/results/",
            UnlinkedMatchReportView.as_view(results_only=True),
            name="offers_unlinked_matches_results",
        ),
    ]


def _can_view_sources(user) -> bool:
    return ModelPermissionPolicy(DataSource).user_has_permission(user, "view")


@hooks.register("register_products_menu_item")
def register_unlinked_matches_menu_item():
    return ReportMenuItem(
        "Treffer ohne Link",
        reverse("offers_unlinked_matches"),
        name="unlinked-matches",
        icon_name="link",
        order=460,
        shown_to=_can_view_sources,
    )


register_report(
    "veraltete-daten",
    StaleDataReportView,
    "offers_stale_data",
    "Veraltete Daten",
    menu_name="stale-data",
    icon="time",
    order=711,
    shown_to=_can_view_products,
)
register_report(
    "preise-importieren",
    ImportPricesView,
    "offers_import_prices",
    "Preise importieren",
    menu_name="import-prices",
    icon="upload",
    order=713,
    shown_to=can_import,
    results=False,
)


@hooks.register("register_snippet_listing_buttons")
def refresh_button(snippet, user, next_url=None):
    if isinstance(snippet, DataSource) and user.has_perm("offers.change_datasource"):
        yield wagtailadmin_widgets.ListingButton(
            "Jetzt aktualisieren", refresh_url(snippet), priority=5, icon_name="rotate"
        )
    if isinstance(snippet, Product) and user.has_perm("products.view_product"):
        yield wagtailadmin_widgets.ListingButton(
            "Preisverlauf",
            reverse("offers_price_history", args=[snippet.pk]),
            priority=60,
            icon_name="history",
        )


@hooks.register("construct_homepage_panels")
def add_source_health_panel(request, panels):
    if request.user.has_perm("offers.view_datasource"):
        panels.append(SourceHealthPanel())
