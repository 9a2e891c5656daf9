from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live top-level pages marked "In Menüs anzeigen", for the header.

    Returns nothing without a request (the 500 page renders with a bare Context
    and must not touch the database).
    """
    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page.specific_deferred
    if hasattr(home, "children_for"):  # the home page: rows shared with routing
        return [p for p in home.children_for(request) if p.live and p.show_in_menus]
    return Page.objects.child_of(site.root_page).live().in_menu()
