"""Admin wiring of link health: the "Defekte Links" report, the link list, the
dashboard panel. ("Veraltete Daten" and the price import: products.offers.)"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy

from backportal.core.reports import register_report

from .models import LinkCheck
from .panels import BrokenLinksPanel
from .views import BrokenLinksReportView
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


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if _can_view(LinkCheck)(request.user):
        panels.append(BrokenLinksPanel(request.user))
