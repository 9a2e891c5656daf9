"""Site search over the catalogue (backportal.search source "produkte",
registered in apps.py): active products whose name, descriptions, pros and
cons or category match, each with its detail page; no affiliate link in the results."""

from wagtail.search.backends import get_search_backend

from .models import Product
from .page_products import product_page_url

MAX_PRODUCTS = 6


def search_products(words: str, request=None) -> list[tuple[Product, str | None]]:
    """Up to MAX_PRODUCTS active products, best match first, with their
    detail URLs: three queries (search, products with images, catalogue page)."""
    found = [product.pk for product in get_search_backend().search(words, Product)[:50]]
    products = (
        Product.objects.active()
        .filter(pk__in=found)
        .select_related("category", "image")
        .prefetch_related("image__renditions")
        .in_bulk()
    )
    shown = [products[pk] for pk in found if pk in products][:MAX_PRODUCTS]
    return [(product, product_page_url(product, request)) for product in shown]
