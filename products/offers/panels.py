"""Dashboard panel: data sources that failed several times in a row or matched nothing."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import DataSource
from .refresh import UNHEALTHY_AFTER


class SourceHealthPanel(Component):
    """Shown only when a source needs attention (one query)."""

    name = "offers_source_health"
    order = 165
    template_name = "offers/source_health_panel.html"

    def get_context_data(self, parent_context):
        return {
            "sources": list(
                DataSource.objects.unhealthy(UNHEALTHY_AFTER).select_related("merchant")
            ),
            "index_url": reverse("wagtailsnippets_offers_datasource:list"),
            "threshold": UNHEALTHY_AFTER,
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["sources"]:
            return ""
        return super().render_html(parent_context)
