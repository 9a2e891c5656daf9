"""The one renderer of affiliate links.

Every affiliate <a> on the site (boxes, tables, lists, catalogue, running text)
comes from render_affiliate_link() and templates/products/includes/affiliate_link.html.
It decides per merchant:

- redirect mode: href="/go/<slug>/?from=<page id>&p=<placement>"; the merchant
  URL never appears in the HTML;
- direct mode: href=<merchant URL> (plus the page-and-placement sub-ID or the
  Amazon tag: products.revenue.references.direct_href) and ping="<origin>/click/?link=<slug>&from=<page id>&p=<placement>"
  (static/js/affiliate-beacon.js sends the same URL by sendBeacon where pings are off).

Query parameters (read by products.views and the click recording): ``from``
is the id of the page the link is on (left out when unknown), ``p`` the
placement (products.placement.Placement). ``link`` names the link's slug at
the click endpoint.

Always rel="sponsored nofollow noopener", target="_blank" and an asterisk after
the text; links in running text also get a visible "Werbung" label (boxes,
tables and lists carry theirs on the container, see includes/ad_label.html).
A merchant's own label (Merchant.link_label, e.g. "(bezahlter Link)") stands
beside every one of its links, in every placement, and replaces "Werbung".
No query: the link's merchant comes loaded with it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from . import page_products
from .models import DEFAULT_LINK_LABEL, AffiliateLink
from .placement import Placement
from .revenue.references import direct_href

# The placements a rendered link may have (not UNKNOWN: that is for clicks).
PLACEMENTS = frozenset(Placement.values) - {Placement.UNKNOWN}


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
        href = direct_href(link, placement, page_id)
        return href, f"{origin}{reverse('products:click')}?{query}"
    return reverse("products:go", args=[link.slug]) + "?" + urlencode(params), None


def link_label(link: AffiliateLink, placement: str) -> str:
    """The label beside the link: the merchant's, else "Werbung" in running text."""
    label = link.merchant.link_label.strip()
    if label:
        return label
    return DEFAULT_LINK_LABEL if placement == Placement.TEXT else ""


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
    served = page_products.current.get()
    if page_id is None and served is not None:
        page_id = served.page_id
    if origin is None:
        origin = served.origin if served else settings.WAGTAILADMIN_BASE_URL.rstrip("/")
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
