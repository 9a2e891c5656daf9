"""Admin wiring of click tracking: report URLs, "Berichte" menu items, dashboard panel, permission."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .panels import ClicksDashboardPanel
from .selectors import DIMENSIONS
from .views import can_view_reports


class ClickReportMenuItem(MenuItem):
    """A "Berichte" entry shown only to users with clicks.view_click_reports."""

    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("clicks/", include(admin_urls, namespace="clicks"))]


@hooks.register("register_reports_menu_item")
def register_overview_menu_item():
    return ClickReportMenuItem(
        _("Klicks"),
        reverse("clicks:overview"),
        name="clicks",
        icon_name="link-external",
        order=100,
    )


def _top_menu_item(slug, order):
    dimension = DIMENSIONS[slug]

    def register():
        return ClickReportMenuItem(
            format_lazy(_("Klicks nach {}"), dimension.title),
            reverse(f"clicks:{slug}"),
            name=f"clicks-{slug}",
            icon_name="link-external",
            order=order,
        )

    return register


for _order, _slug in enumerate(DIMENSIONS, start=101):
    hooks.register("register_reports_menu_item", _top_menu_item(_slug, _order))


@hooks.register("construct_homepage_panels")
def add_clicks_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(ClicksDashboardPanel())


@hooks.register("register_permissions")
def register_report_permission():
    return Permission.objects.filter(
        content_type__app_label="clicks", codename="view_click_reports"
    )


@hooks.register("insert_global_admin_css")
def clicks_admin_css():
    """Styles of the click reports, as a stylesheet: the admin's CSP allows no
    inline <style>."""
    return format_html('<link rel="stylesheet" href="{}">', static("clicks/admin.css"))
