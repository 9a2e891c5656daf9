"""Admin wiring of revenue: settings snippets, the import page, reports, permission."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from products.clicks.views import can_view_reports

from . import admin_urls
from .panels import RevenueDashboardPanel
from .reports import sees_money
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


class MoneyMenuItem(MenuItem):
    """ "Umsatz" under "Berichte": clicks and views for report users, money for
    those who see money."""

    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_revenue_menu_item():
    return MoneyMenuItem(
        "Umsatz",
        reverse("revenue:overview"),
        name="revenue",
        icon_name="tag",
        order=95,
    )


@hooks.register("register_page_header_buttons")
def page_figures_button(page, user, view_name, next_url=None):
    """ "Aufrufe und Umsatz" on a page's admin view: its report, filtered to it."""
    if can_view_reports(user) and page.pk and page.depth > 1:
        yield Button(
            "Aufrufe und Umsatz" if sees_money(user) else "Aufrufe und Klicks",
            reverse("revenue:overview") + f"?page={page.pk}&period=30",
            icon_name="tag",
            priority=60,
        )


@hooks.register("construct_homepage_panels")
def add_revenue_panel(request, panels):
    if sees_money(request.user) and can_view_reports(request.user):
        panels.append(RevenueDashboardPanel())


@hooks.register("insert_global_admin_css")
def revenue_admin_css():
    """Styles of the revenue reports and a page's figures, as a stylesheet:
    the admin's CSP allows no inline <style>."""
    return format_html('<link rel="stylesheet" href="{}">', static("revenue/admin.css"))
