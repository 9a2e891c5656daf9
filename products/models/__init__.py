"""Catalogue models (snippets) and the public catalogue page."""

from .catalogue import (
    AffiliateLink,
    Badge,
    Brand,
    Category,
    LinkMode,
    Merchant,
    Offer,
    Product,
    ProductImage,
    ProductSnapshot,
    validate_http_url,
)
from .pages import ProductIndexPage

__all__ = [
    "AffiliateLink",
    "Badge",
    "Brand",
    "Category",
    "LinkMode",
    "Merchant",
    "Offer",
    "Product",
    "ProductImage",
    "ProductIndexPage",
    "ProductSnapshot",
    "validate_http_url",
]
