"""{% pageview_beacon %}: the script tag that counts a view of the current page."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def pageview_beacon(context):
    """A deferred external script carrying the page id; nothing in previews."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return ""
    if request is not None and getattr(request, "is_preview", False):
        return ""
    return format_html(
        '<script src="{}" data-page="{}" data-url="{}" defer></script>',
        static("revenue/pageview.js"),
        page.pk,
        reverse("revenue_views:count"),
    )


@register.filter
def getattr_revenue(obj, name):
    """A figure of a report row by name (report templates only)."""
    return getattr(obj, name, None)


@register.filter
def getitem_revenue(mapping, key):
    return mapping.get(key, "")
