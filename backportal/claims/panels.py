"""ClaimsPanel: the findings of the object being edited, inside its edit view;
FindingsSummaryPanel: the stored findings counted on the dashboard.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from .notices import findings_list, standards_notes, summary
from .sources import check_instance


class ClaimsPanel(Panel):
    """Read-only panel listing the current findings of the edited object.

    Add `ClaimsPanel()` to a model's panels (or a tab); it shows what the
    registered source for that model reports for the saved draft.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Rechtliche Prüfhinweise"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        """Renders the findings list, or that there are none."""

        def render_html(self, parent_context=None):
            if self.instance is None or self.instance.pk is None:
                return format_html(
                    "<p>{}</p>", _("Die Prüfung läuft nach dem ersten Speichern.")
                )
            results = [
                result for result in check_instance(self.instance) if result.findings
            ]
            if not results:
                return format_html(
                    "{}<p>{}</p>",
                    standards_notes(self.instance),
                    _("Keine Hinweise: Die Texte verstoßen gegen keine Prüfregel."),
                )
            from .dismiss import can_dismiss, dismissals_for
            from .views import dismiss_url_for

            request = getattr(self, "request", None)
            link = None
            user = getattr(request, "user", None)
            if user is not None and can_dismiss(user):
                link = dismiss_url_for(self.instance, request.get_full_path())
            standards = standards_notes(self.instance)
            return format_html(
                "{}<p>{}</p>{}",
                standards,
                summary(results),
                findings_list(results, dismissals_for(self.instance), link),
            )


class FindingsSummaryPanel(Component):
    """Dashboard panel: how many stored findings are errors and warnings."""

    name = "claims_findings"
    order = 155
    template_name = "claims/admin/findings_panel.html"

    def get_context_data(self, parent_context):
        from .store import counts_by_severity

        counts = counts_by_severity()
        report = reverse("claims_report")
        return {
            "errors": counts["error"],
            "warnings": counts["warning"],
            "report_url": report,
            "errors_url": f"{report}?severity=error",
        }
