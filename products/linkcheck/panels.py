"""The dashboard panel "Defekte Links", registered in wagtail_hooks.py."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .selectors import broken_links, broken_pages_edited_by


class BrokenLinksPanel(Component):
    """How many links are broken, and which of the viewer's own pages use them.

    "Own" means the viewer saved the page last: this is how the last editor
    of an affected page learns about it, on the first screen after login.
    """

    name = "broken_links"
    order = 160
    template_name = "linkcheck/broken_links_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        count = broken_links().count()
        return {
            "count": count,
            "my_pages": broken_pages_edited_by(self.user) if count else [],
            "report_url": reverse("linkcheck_broken_links"),
        }
