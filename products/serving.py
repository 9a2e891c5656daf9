"""What one page view knows while it renders: its page, origin and products.

start_serving() runs in the before_serve_page hook (products/wagtail_hooks.py);
every request starts without it (apps.py). Affiliate links in rich text, which
no template context reaches, take their page and origin from it. Product
blocks and rich-text product links load their products through
load_products(): while a page is served, the first call loads every product
the page's stored content names, in one set of queries, however many blocks,
tables and text links show them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

from wagtail.models import Page

from .models import Product


@dataclass
class Serving:
    """The page being served, the origin the browser sees, the products loaded."""

    page: Page
    origin: str
    loaded: dict[int, Product | None] = field(default_factory=dict)

    @property
    def page_id(self) -> int:
        return self.page.pk

    @cached_property
    def product_ids(self) -> frozenset[int]:
        """What the page's stored content names; read when a product first
        loads, so a page served from cached fragments never walks its body."""
        from .selectors import page_product_ids

        return frozenset(page_product_ids(self.page))


current_serving: ContextVar[Serving | None] = ContextVar(
    "products_serving", default=None
)


def request_origin(request) -> str:
    """scheme://host of the request, e.g. "https://www.example.org"."""
    return request.build_absolute_uri("/").rstrip("/")


def start_serving(page, request) -> None:
    current_serving.set(Serving(page, request_origin(request)))


def stop_serving() -> None:
    current_serving.set(None)


def load_products(ids: Iterable[int | None]) -> dict[int, Product]:
    """{id: product} ready to render (Product.objects.for_display()).

    Outside page serving each call queries. While a page is served, a product
    loads once per view, together with every other product the page names;
    each call gets instances of its own (sharing the loaded links and images).
    """
    wanted = {pk for pk in ids if pk}
    serving = current_serving.get()
    if serving is None:
        return Product.objects.for_display().in_bulk(wanted)
    missing = wanted - serving.loaded.keys()
    if missing:
        batch = missing | (serving.product_ids - serving.loaded.keys())
        found = Product.objects.for_display().in_bulk(batch)
        serving.loaded.update({pk: found.get(pk) for pk in batch})
    return {
        pk: copy.copy(serving.loaded[pk])
        for pk in wanted
        if serving.loaded[pk] is not None
    }
