"""The admin dashboard panel: clicks of the last 7 days against the 7 before, top 5 products."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .rollup import catch_up
from .selectors import week_comparison
from .views import FRESH_FOR


class ClicksDashboardPanel(Component):
    """Shown on the admin home to users who may see the click reports."""

    name = "clicks"
    template_name = "clicks/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        catch_up(fresh_for=FRESH_FOR)
        return {
            "figures": week_comparison(),
            "overview_url": reverse("clicks:overview") + "?period=7",
            "products_url": reverse("clicks:products") + "?period=7",
        }
