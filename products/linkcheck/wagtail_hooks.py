"""Admin wiring of link and data health: report URLs, "Berichte" entries, dashboard panel."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy

from backportal.core.reports import register_report
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


def _can_view(model):
    policy = ModelPermissionPolicy(model)
    return lambda user: policy.user_has_permission(user, "view")


@hooks.register("register_admin_viewset")
def register_link_check_viewset():
    return LinkCheckViewSet("linkcheck")


register_report(
    "defekte-links",
    BrokenLinksReportView,
    "linkcheck_broken_links",
    _("Defekte Links"),
    menu_name="broken-links",
    icon="warning",
    order=710,
    shown_to=_can_view(LinkCheck),
)
register_report(
    "veraltete-daten",
    StaleDataReportView,
    "linkcheck_stale_data",
    _("Veraltete Daten"),
    menu_name="stale-data",
    icon="time",
    order=711,
    shown_to=_can_view(Product),
)
register_report(
    "preise-importieren",
    ImportPricesView,
    "linkcheck_import_prices",
    _("Preise importieren"),
    menu_name="import-prices",
    icon="upload",
    order=713,
    shown_to=can_import,
    results=False,
)


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if _can_view(LinkCheck)(request.user):
        panels.append(BrokenLinksPanel(request.user))
