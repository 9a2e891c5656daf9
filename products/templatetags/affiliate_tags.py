"""Template tags of the catalogue: the affiliate link (rendered by
products.affiliate, the one renderer), the page's notice and disclosure, stars.
"""

from __future__ import annotations

from django import template
from wagtail.models import Page

from products.affiliate import render_affiliate_link
from products.models import Offer
from products.page_products import affiliate_merchants, request_origin
from products.placement import Placement

register = template.Library()


@register.simple_tag(takes_context=True)
def affiliate_link(
    context, offer, text="", placement=Placement.BOX.value, css_class=""
):
    """{% affiliate_link offer text=… placement="box" css_class="button" %}."""
    link = offer.link if isinstance(offer, Offer) else offer
    page = context.get("page")
    request = context.get("request")
    return render_affiliate_link(
        link,
        text=text or f"Zum Angebot bei {link.merchant.name}",
        placement=placement,
        page_id=page.pk if isinstance(page, Page) else None,
        origin=request_origin(request) if request is not None else None,
        css_class=css_class,
    )


def _page_merchants(context):
    page = context.get("page")
    if not isinstance(page, Page) or context.get("request") is None:
        return None, []
    return page, affiliate_merchants(page)


def _site_settings(context):
    from backportal.core.models import SiteSettings

    return SiteSettings.for_request(context["request"])


@register.inclusion_tag("products/includes/affiliate_notice.html", takes_context=True)
def affiliate_notice(context):
    """The short notice near the top of a page with affiliate links; else nothing."""
    _page, merchants = _page_merchants(context)
    if not merchants:
        return {"show": False}
    return {"show": True, "text": _site_settings(context).affiliate_notice}


@register.inclusion_tag(
    "products/includes/affiliate_disclosure.html", takes_context=True
)
def affiliate_disclosure(context):
    """The full disclosure at the end of <main>: the site text and each merchant's
    statement once. Nothing on pages without affiliate links (or without a page).
    """
    _page, merchants = _page_merchants(context)
    if not merchants:
        return {"show": False}
    statements = []
    for merchant in merchants:
        statement = merchant.disclosure_statement.strip()
        if statement and statement not in statements:
            statements.append(statement)
    return {
        "show": True,
        "text": _site_settings(context).affiliate_disclosure,
        "statements": statements,
        "needs_beacon": any(merchant.is_direct for merchant in merchants),
    }


@register.simple_tag(takes_context=True)
def product_box_preview(context, product):
    """The product's recommendation box as an article shows it (snippet preview)."""
    from wagtail.blocks import StructValue

    from products.blocks import BOX_TITLE, ProductBoxBlock

    block = ProductBoxBlock()
    value = StructValue(
        block, [("product", product), ("title", BOX_TITLE), ("intro", "")]
    )
    return block.render(value, context={"request": context.get("request")})


@register.inclusion_tag("products/includes/rating_stars.html")
def rating_stars(value):
    """Stars with a text alternative: "4,5 von 5 Sternen"."""
    if value is None:
        return {"value": None}
    full = int(value)
    half = value - full >= 0.5
    return {
        "value": value,
        "full": range(full),
        "half": half,
        "empty": range(5 - full - (1 if half else 0)),
    }


CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


@register.filter
def currency_symbol(code: str) -> str:
    return CURRENCY_SYMBOLS.get(code, code)
