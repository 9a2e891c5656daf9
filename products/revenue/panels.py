"""Dashboard panel for marketing: commission this week vs last, top three articles by EPC."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from products.clicks.rollup import catch_up
from products.clicks.selectors import rollup_rows
from products.clicks.views import FRESH_FOR

from .figures import dashboard


class RevenueDashboardPanel(Component):
    """Shown on the admin home to users who see money (about ten queries)."""

    name = "revenue"
    template_name = "revenue/dashboard_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        catch_up(fresh_for=FRESH_FOR)
        figures = dashboard(rollup_rows)
        overview = reverse("revenue:overview")
        for article in figures.top_articles:
            article.url = f"{overview}?page={article.key}&period=7"
        return {
            "figures": figures,
            "overview_url": overview + "?period=7",
            "pages_url": reverse("revenue:pages") + "?period=7",
        }
