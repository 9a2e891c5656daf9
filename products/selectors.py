"""Questions that span pages, products and links, asked before rendering.

- affiliate_merchants(page): the merchants whose affiliate links the page
  renders, from its StreamField blocks and rich text. The base template shows
  the disclosure from it, so a page gets it exactly when it has such a link.
- page_product_ids(page): the products a page's stored content names, read
  without converting it (products.serving loads them in one go).
- find_link(slug): the one indexed lookup behind /go/ and the click endpoint.
- product_page_url(product): the product's detail page on this site.
- fresh_until(page): when the first price or rating on the page turns stale,
  the upper bound for any cache lifetime of that page.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from backportal.core.streams import stored_leaves

from .models import AffiliateLink, Merchant, Product, ProductIndexPage
from .serving import load_products

_CACHE_ATTR = "_affiliate_products_cache"


def product_ids_in_rich_text(html: str) -> list[int]:
    """Ids of the products linked as "Produkt-Link" in stored rich text."""
    ids = []
    for match in FIND_EMBED_TAG.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        if attrs.get("embedtype") == "product" and attrs.get("id", "").isdigit():
            ids.append(int(attrs["id"]))
    return ids


def page_product_ids(page: Page) -> set[int]:
    """Ids of the products the page's stored content names: product choosers in
    its StreamFields and product links in its rich text. No query."""
    ids: set[int] = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            for block, raw in stored_leaves(field.stream_block, stream.raw_data):
                if isinstance(block, blocks.RichTextBlock):
                    ids.update(product_ids_in_rich_text(raw))
                elif (
                    isinstance(block, blocks.ChooserBlock)
                    and block.model_class is Product
                    and isinstance(raw, int)
                ):
                    ids.add(raw)
        elif isinstance(field, RichTextField):
            ids.update(product_ids_in_rich_text(getattr(page, field.name)))
    return ids


def _walk(block, value, found: list, text_ids: list) -> None:
    if value is None:
        return
    if hasattr(block, "affiliate_products"):
        found.extend(block.affiliate_products(value))
    elif isinstance(block, blocks.RichTextBlock):
        text_ids.extend(product_ids_in_rich_text(value.source))
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            _walk(child.block, child.value, found, text_ids)
    elif isinstance(block, blocks.ListBlock):
        for child in value.bound_blocks:
            _walk(child.block, child.value, found, text_ids)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            _walk(child_block, value.get(name), found, text_ids)


def page_affiliate_products(page: Page) -> list[tuple[Product, str]]:
    """(product, placement) for every product the page places, in reading order.

    Placements in running text come last; the order only matters for humans.
    Cached on the page instance, so notice and disclosure ask only once.
    """
    cached = getattr(page, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if hasattr(page, "get_affiliate_products"):
        found = list(page.get_affiliate_products())
    else:
        found, text_ids = [], []
        for field in page._meta.get_fields():
            if isinstance(field, StreamField):
                _walk(field.stream_block, getattr(page, field.name), found, text_ids)
            elif isinstance(field, RichTextField):
                text_ids.extend(product_ids_in_rich_text(getattr(page, field.name)))
        if text_ids:
            products = load_products(text_ids)
            found.extend((products[i], "text") for i in text_ids if i in products)
    setattr(page, _CACHE_ATTR, found)
    return found


def affiliate_merchants(page: Page, at: datetime | None = None) -> list[Merchant]:
    """Merchants of the affiliate links the page renders, each once, by name."""
    at = at or timezone.now()
    merchants = {}
    for product, placement in page_affiliate_products(page.specific):
        for offer in product.snapshot(at).offers_for(placement):
            merchants.setdefault(offer.merchant.pk, offer.merchant)
    return sorted(merchants.values(), key=lambda merchant: merchant.name)


def fresh_until(page: Page, at: datetime | None = None) -> datetime | None:
    """When the first price or rating shown on the page turns stale (or None)."""
    at = at or timezone.now()
    moments = [
        product.snapshot(at).fresh_until
        for product, _placement in page_affiliate_products(page.specific)
    ]
    return min((moment for moment in moments if moment), default=None)


# What /go/ and /click/ read of a link and its product: the hottest query of
# the site loads these columns only (the product row is wide with copy).
REDIRECT_FIELDS = (
    "slug",
    "url",
    "is_active",
    "valid_from",
    "valid_until",
    "merchant_id",
    "product__slug",
    "product__is_active",
    "product__live",
    "product__expire_at",
)


def find_link(slug: str) -> AffiliateLink | None:
    """The link with this slug and the product fields the redirect needs (one query)."""
    if not slug or len(slug) > 80:
        return None
    return (
        AffiliateLink.objects.select_related("product")
        .only(*REDIRECT_FIELDS)
        .filter(slug=slug)
        .first()
    )


def catalogue_page(request=None) -> ProductIndexPage | None:
    """The live "Unsere Empfehlungen" page; looked up once per request."""
    if request is not None and hasattr(request, "_products_catalogue_page"):
        return request._products_catalogue_page
    page = ProductIndexPage.objects.live().first()
    if request is not None:
        request._products_catalogue_page = page
    return page


def product_page_url(product: Product, request=None) -> str | None:
    """The product's detail page under "Unsere Empfehlungen", if there is one."""
    index = catalogue_page(request)
    return index.product_url(product, request) if index else None
