"""Admin wiring of the offers app: refresh action, listing button, dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet

from backportal.core.reports import register_report
from products.models import Product

from .models import DataSource
from .panels import SourceHealthPanel
from .reports import ImportPricesView, StaleDataReportView, can_import
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
    ]


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
