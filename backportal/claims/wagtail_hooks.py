"""Admin wiring: warnings on save, stored findings, the report and its dashboard panel.

Publishing and unpublishing pages refresh the stored findings through Wagtail's
signals (apps.py), which also fire for workflow approval and scheduled publishing.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from backportal.core.reports import register_report

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


register_report(
    "rechtliche-pruefhinweise",
    ClaimsReportView,
    "claims_report",
    _("Rechtliche Prüfhinweise"),
    menu_name="claims-report",
    icon="warning",
    order=705,
)


@hooks.register("register_admin_urls")
def register_dismiss_url():
    """The form that marks one finding of one object as checked."""
    return [
        path(
            "reports/rechtliche-pruefhinweise/pruefen/<int:content_type_id>/"
            "<int:object_id>/<slug:rule>/<str:text_hash>/",
            DismissFindingView.as_view(),
            name="claims_dismiss",
        )
    ]


@hooks.register("construct_homepage_panels")
def add_findings_panel(request, panels):
    panels.append(FindingsSummaryPanel())
