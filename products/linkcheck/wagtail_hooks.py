"""Admin wiring of link and data health: report URLs, "Berichte" entries, dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from .models import LinkCheck
from .panels import BrokenLinksPanel
from .views import BrokenLinksReportView
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
    ):
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]
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


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if _can_view(LinkCheck)(request.user):
        panels.append(BrokenLinksPanel(request.user))
