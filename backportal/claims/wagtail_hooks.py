"""Admin wiring: warnings on save, stored findings, the report and its dashboard panel.

Publishing and unpublishing pages refresh the stored findings through Wagtail's
signals (apps.py), which also fire for workflow approval and scheduled publishing.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .notices import warn_about_findings
from .panels import FindingsSummaryPanel
from .store import refresh_findings
from .views import ClaimsReportView, DismissFindingView

hooks.register("after_create_page", warn_about_findings)
hooks.register("after_edit_page", warn_about_findings)
hooks.register("after_create_snippet", warn_about_findings)
hooks.register("after_edit_snippet", warn_about_findings)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def store_snippet_findings(request, instance):
    """Snippets (products) are live once saved: store their findings now."""
    refresh_findings(instance)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/rechtliche-pruefhinweise/",
            ClaimsReportView.as_view(),
            name="claims_report",
        ),
        path(
            "reports/rechtliche-pruefhinweise/pruefen/<int:content_type_id>/"
            "<int:object_id>/<slug:rule>/<str:text_hash>/",
            DismissFindingView.as_view(),
            name="claims_dismiss",
        ),
        path(
            "reports/rechtliche-pruefhinweise/results/",
            ClaimsReportView.as_view(results_only=True),
            name="claims_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Rechtliche Prüfhinweise"),
        reverse("claims_report"),
        name="claims-report",
        icon_name="warning",
        order=705,
    )


@hooks.register("construct_homepage_panels")
def add_findings_panel(request, panels):
    panels.append(FindingsSummaryPanel())
