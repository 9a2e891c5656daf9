"""Admin wiring of the offers app: refresh action, listing button, dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet

from products.models import Product

from .models import DataSource
from .panels import SourceHealthPanel
from .reports import ImportPricesView, StaleDataReportView, can_import
from .views import price_history, refresh_now
from .viewsets import DataSourceViewSet, refresh_url

register_snippet(DataSourceViewSet)


class PermissionMenuItem(MenuItem):
    """A "Berichte" entry shown only to users allowed to open it."""

    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


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
            "reports/veraltete-daten/",
            StaleDataReportView.as_view(),
            name="offers_stale_data",
        ),
        path(
            "reports/veraltete-daten/results/",
            StaleDataReportView.as_view(results_only=True),
            name="offers_stale_data_results",
        ),
        path(
            "reports/preise-importieren/",
            ImportPricesView.as_view(),
            name="offers_import_prices",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_stale_data_menu_item():
    return PermissionMenuItem(
        "Veraltete Daten",
        reverse("offers_stale_data"),
        name="stale-data",
        icon_name="time",
        order=711,
        shown_to=_can_view_products,
    )


@hooks.register("register_reports_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        "Preise importieren",
        reverse("offers_import_prices"),
        name="import-prices",
        icon_name="upload",
        order=713,
        shown_to=can_import,
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
