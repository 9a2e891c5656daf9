"""The one module that knows a page's products.

Which products a page shows and where (placements), loading them once, the
merchants whose links it renders (for the disclosure), and until when what it
shows is fresh (for caches). While a page is served, one request-scoped
PageProducts object holds all of it: start() runs in the before_serve_page
hook (products/wagtail_hooks.py), stop() at the start and end of every request
(products/signal_handlers.py), so nothing leaks into another request or into
code that runs outside requests (previews, views, commands), which gets a
fresh, unshared answer on each call.

Cost while serving: the products the page's stored content names load in one
set of queries (Product.objects.for_display(): 5 queries) the first time any
block, table or text link asks, however many there are; merchants and the
freshness bound reuse them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.http import HttpRequest
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from backportal.core import page_cache
from backportal.core.streams import stored_leaves

from .models import Merchant, Product, ProductIndexPage
from .placement import Placement


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
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            stream = getattr(page, model_field.name)
            for block, raw in stored_leaves(model_field.stream_block, stream.raw_data):
                if isinstance(block, blocks.RichTextBlock):
                    ids.update(product_ids_in_rich_text(raw))
                elif (
                    isinstance(block, blocks.ChooserBlock)
                    and block.model_class is Product
                    and isinstance(raw, int)
                ):
                    ids.add(raw)
        elif isinstance(model_field, RichTextField):
            ids.update(product_ids_in_rich_text(getattr(page, model_field.name)))
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


def _placements(page: Page) -> list[tuple[Product, str]]:
    if hasattr(page, "get_affiliate_products"):
        return list(page.get_affiliate_products())
    found, text_ids = [], []
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            stream = getattr(page, model_field.name)
            _walk(model_field.stream_block, stream, found, text_ids)
        elif isinstance(model_field, RichTextField):
            text_ids.extend(product_ids_in_rich_text(getattr(page, model_field.name)))
    if text_ids:
        products = load_products(text_ids)
        found.extend((products[i], Placement.TEXT) for i in text_ids if i in products)
    return found


def _merchants(placements, at: datetime) -> list[Merchant]:
    merchants = {}
    for product, placement in placements:
        for offer in product.snapshot(at).offers_for(placement):
            merchants.setdefault(offer.merchant.pk, offer.merchant)
    return sorted(merchants.values(), key=lambda merchant: merchant.name)


def _fresh_until(placements, at: datetime) -> datetime | None:
    moments = [product.snapshot(at).fresh_until for product, _p in placements]
    return min((moment for moment in moments if moment), default=None)


@dataclass
class PageProducts:
    """What one page view knows of its products, computed at most once each."""

    page: Page
    origin: str
    loaded: dict[int, Product | None] = field(default_factory=dict)
    request: HttpRequest | None = None

    @property
    def page_id(self) -> int:
        return self.page.pk

    @cached_property
    def product_ids(self) -> frozenset[int]:
        """What the page's stored content names; read when a product first
        loads, so a page served from cached fragments never walks its body."""
        return frozenset(page_product_ids(self.page))

    @cached_property
    def placements(self) -> list[tuple[Product, str]]:
        """(product, placement) for every product the page places, in reading
        order; placements in running text come last."""
        return _placements(self.page)

    @cached_property
    def merchants(self) -> list[Merchant]:
        return _merchants(self.placements, timezone.now())

    @cached_property
    def catalogue_page(self) -> ProductIndexPage | None:
        return find_catalogue_page(self.request)

    def fresh_until(self, at: datetime) -> datetime | None:
        return _fresh_until(self.placements, at)


current: ContextVar[PageProducts | None] = ContextVar("page_products", default=None)


def request_origin(request) -> str:
    """scheme://host of the request, e.g. "https://www.example.org"."""
    return request.build_absolute_uri("/").rstrip("/")


def start(page, request) -> None:
    current.set(PageProducts(page, request_origin(request), request=request))


def stop(**kwargs) -> None:
    current.set(None)


def _served(page: Page) -> PageProducts | None:
    """The request's PageProducts if `page` is the page being served."""
    served = current.get()
    if served is not None and page is not None and served.page.pk == page.pk:
        return served
    return None


def load_products(ids: Iterable[int | None]) -> dict[int, Product]:
    """{id: product} ready to render (Product.objects.for_display()).

    Outside page serving each call queries. While a page is served, a product
    loads once per view, together with every other product the page names;
    each call gets instances of its own (sharing the loaded links and images).
    """
    wanted = {pk for pk in ids if pk}
    served = current.get()
    if served is None:
        return Product.objects.for_display().in_bulk(wanted)
    missing = wanted - served.loaded.keys()
    if missing:
        batch = missing | (served.product_ids - served.loaded.keys())
        found = Product.objects.for_display().in_bulk(batch)
        served.loaded.update({pk: found.get(pk) for pk in batch})
    return {
        pk: copy.copy(served.loaded[pk])
        for pk in wanted
        if served.loaded[pk] is not None
    }


def page_affiliate_products(page: Page) -> list[tuple[Product, str]]:
    """(product, placement) for every product the page places, in reading order.

    Asked by the notice, the disclosure and the cache: while the page is
    served, computed once for all of them.
    """
    served = _served(page)
    return served.placements if served else _placements(page)


def _placements_of(page: Page) -> list[tuple[Product, str]]:
    """The served page's placements, or those of `page` as its specific type."""
    served = _served(page)
    return served.placements if served else _placements(page.specific)


def affiliate_merchants(page: Page, at: datetime | None = None) -> list[Merchant]:
    """Merchants of the affiliate links the page renders, each once, by name."""
    served = _served(page)
    if served is not None and at is None:
        return served.merchants
    return _merchants(_placements_of(page), at or timezone.now())


def fresh_until(page: Page, at: datetime | None = None) -> datetime | None:
    """When the first price or rating shown on the page turns stale (or None)."""
    return _fresh_until(_placements_of(page), at or timezone.now())


def page_cache_fresh_until(page, request, now) -> datetime | None:
    """The products' bound for the page cache (registered in ProductsConfig)."""
    return fresh_until(page, now)


def catalogue_page(request=None) -> ProductIndexPage | None:
    """The live "Unsere Empfehlungen" page; looked up once per page view."""
    served = current.get()
    if served is not None:
        return served.catalogue_page
    return find_catalogue_page(request)


def find_catalogue_page(request=None) -> ProductIndexPage | None:
    """The live catalogue page (a child of the home page): among the home
    page's children the request has read for routing, else one query."""
    site = Site.find_for_request(request) if request is not None else None
    home = site.root_page.specific_deferred if site else None
    if not hasattr(home, "children_for"):
        return ProductIndexPage.objects.live().first()
    for child in home.children_for(request):
        if child.live and child.specific_class is ProductIndexPage:
            return child.specific_deferred
    return None


def product_page_url(product: Product, request=None) -> str | None:
    """The product's detail page under "Unsere Empfehlungen", if there is one."""
    index = catalogue_page(request)
    return index.product_url(product, request) if index else None


def product_changed(product) -> None:
    """Renew the cached pages showing `product` and the catalogue's. Called by
    the signal handlers, and after changing product data without save()
    (bulk imports)."""
    page_cache.renew_pages(
        [
            *page_cache.pages_showing(product),
            *ProductIndexPage.objects.values_list("pk", flat=True),
        ]
    )
