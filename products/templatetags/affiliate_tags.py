"""The one place that renders affiliate links, plus the page's notice and disclosure.

Every affiliate <a> on the site (boxes, tables, lists, catalogue, running text)
comes from render_affiliate_link() and templates/products/includes/affiliate_link.html.
It decides per merchant:

- redirect mode: href="/go/<slug>/?from=<page id>&p=<placement>"; the merchant
  URL never appears in the HTML;
- direct mode: href=<merchant URL> and ping="<origin>/click/?link=<slug>&from=<page id>&p=<placement>"
  (static/js/affiliate-beacon.js sends the same URL by sendBeacon where pings are off).

Query parameters (read by products.views and the click recording of issue 5):
``from`` is the id of the page the link is on (left out when unknown), ``p``
the placement: box, table, list, text, catalogue or detail. ``link`` names the
link's slug at the click endpoint.

Always rel="sponsored nofollow noopener", target="_blank" and an asterisk after
the text; links in running text also get a visible "Werbung" label (boxes,
tables and lists carry theirs on the container, see includes/ad_label.html).
A merchant's own label (Merchant.link_label, e.g. "(bezahlter Link)") stands
beside every one of its links, in every placement, and replaces "Werbung".
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from products.models import DEFAULT_LINK_LABEL, AffiliateLink, Offer
from products.serving import current_serving, request_origin

register = template.Library()

PLACEMENTS = ("box", "table", "list", "text", "catalogue", "detail")


def affiliate_urls(
    link: AffiliateLink, placement: str, page_id: int | None, origin: str
) -> tuple[str, str | None]:
    """(href, ping) for a link: the site's /go/ URL, or the merchant's plus a ping.

    The ping URL is absolute: HTML allows only http(s) URLs in `ping`.
    """
    params = {"from": page_id} if page_id else {}
    params["p"] = placement
    if link.merchant.is_direct:
        query = urlencode({"link": link.slug, **params})
        return link.url, f"{origin}{reverse('products:click')}?{query}"
    return reverse("products:go", args=[link.slug]) + "?" + urlencode(params), None


def link_label(link: AffiliateLink, placement: str) -> str:
    """The label beside the link: the merchant's, else "Werbung" in running text."""
    label = link.merchant.link_label.strip()
    if label:
        return label
    return DEFAULT_LINK_LABEL if placement == "text" else ""


def render_affiliate_link(
    link: AffiliateLink,
    *,
    text: str,
    placement: str,
    page_id: int | None = None,
    origin: str | None = None,
    css_class: str = "",
) -> SafeString:
    """The complete affiliate <a> (and, in running text, its label).

    Without page and origin (rich text) they come from the page being served;
    outside page serving the origin falls back to WAGTAILADMIN_BASE_URL.
    """
    if placement not in PLACEMENTS:
        raise ValueError(f"Unknown affiliate link placement: {placement!r}")
    serving = current_serving.get()
    if page_id is None and serving is not None:
        page_id = serving.page_id
    if origin is None:
        origin = (
            serving.origin if serving else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        )
    href, ping = affiliate_urls(link, placement, page_id, origin)
    html = render_to_string(
        "products/includes/affiliate_link.html",
        {
            "href": href,
            "ping": ping,
            "text": text,
            "css_class": css_class,
            "label": link_label(link, placement),
            "merchant_label": bool(link.merchant.link_label.strip()),
        },
    )
    # Inline in running text: no stray whitespace before the following word.
    return mark_safe(html.strip())  # noqa: S308 - rendered by an autoescaping template


@register.simple_tag(takes_context=True)
def affiliate_link(context, offer, text="", placement="box", css_class=""):
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
    from products.selectors import affiliate_merchants

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
