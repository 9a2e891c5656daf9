"""Admin wiring of link and data health: report URLs, "Berichte" entries, dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from products.models import Product

from .models import LinkCheck
from .panels import BrokenLinksPanel
from .views import (
    BrokenLinksReportView,
    ImportPricesView,
    StaleDataReportView,
    can_import,
)
from .viewsets import LinkCheckViewSet


class PermissionMenuItem(MenuItem):
    """A "Berichte" entry shown only to users allowed to open it."""

    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


def _can_view(model):
    policy = ModelPermissionPolicy(model)
    return lambda user: policy.user_has_permission(user, "view")


@hooks.register("register_admin_viewset")
def register_link_check_viewset():
    return LinkCheckViewSet("linkcheck")


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = []
    for slug, view, name in (
        ("defekte-links", BrokenLinksReportView, "linkcheck_broken_links"),
        ("veraltete-daten", StaleDataReportView, "linkcheck_stale_data"),
    ):
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]
    urls.append(
        path(
            "reports/preise-importieren/",
            ImportPricesView.as_view(),
            name="linkcheck_import_prices",
        )
    )
    return urls


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return PermissionMenuItem(
        _("Defekte Links"),
        reverse("linkcheck_broken_links"),
        name="broken-links",
        icon_name="warning",
        order=710,
        shown_to=_can_view(LinkCheck),
    )


@hooks.register("register_reports_menu_item")
def register_stale_data_menu_item():
    return PermissionMenuItem(
        _("Veraltete Daten"),
        reverse("linkcheck_stale_data"),
        name="stale-data",
        icon_name="time",
        order=711,
        shown_to=_can_view(Product),
    )


@hooks.register("register_reports_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Preise importieren"),
        reverse("linkcheck_import_prices"),
        name="import-prices",
        icon_name="upload",
        order=713,
        shown_to=can_import,
    )


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if _can_view(LinkCheck)(request.user):
        panels.append(BrokenLinksPanel(request.user))
