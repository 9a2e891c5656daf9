"""Admin wiring of revenue: settings snippets, the import page, reports, permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .views import can_import
from .viewsets import MerchantRevenueViewSet, TransactionViewSet

register_snippet(MerchantRevenueViewSet)
register_snippet(TransactionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("revenue/", include(admin_urls, namespace="revenue"))]


@hooks.register("register_permissions")
def register_money_permission():
    return Permission.objects.filter(
        content_type__app_label="revenue", codename="view_revenue"
    )


class ImportMenuItem(MenuItem):
    """ "Provisionen importieren" under "Berichte", for who may add transactions."""

    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_reports_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Provisionen importieren",
        reverse("revenue:import"),
        name="import-commissions",
        icon_name="upload",
        order=90,
    )
