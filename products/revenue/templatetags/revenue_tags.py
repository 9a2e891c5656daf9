"""{% pageview_beacon %}: the script tag that counts a view of the current page."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
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
        reverse("products:pageview"),
    )


@register.filter
def getattr_revenue(obj, name):
    """A figure of a report row by name (report templates only)."""
    return getattr(obj, name, None)


@register.filter
def getitem_revenue(mapping, key):
    return mapping.get(key, "")


INTEGER_FIGURES = {"clicks", "views", "sales"}


@register.filter
def figure(value, name):
    """A report figure as shown: counts whole (grouped: 256.206), EPC with 4
    places, the rest with 2."""
    if value is None:
        return "–"
    if name in INTEGER_FIGURES:
        return number_format(value, 0, force_grouping=True)
    return number_format(value, 4 if name == "epc" else 2, force_grouping=True)


@register.simple_tag
def figure_cells(row, names):
    """The figure cells of one report row, in one go (cheaper than an include per cell)."""
    return format_html_join(
        "",
        '<td class="num" data-col="{}">{}</td>',
        ((name, figure(getattr(row, name, None), name)) for name in names),
    )
