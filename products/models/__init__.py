"""Catalogue models (snippets) and the public catalogue page."""

from .catalogue import (
    AffiliateLink,
    Badge,
    Brand,
    Category,
    ClaimsKind,
    LinkMode,
    Merchant,
    Offer,
    Product,
    ProductImage,
    ProductNutrient,
    ProductSnapshot,
    validate_http_url,
)
from .pages import ProductIndexPage

__all__ = [
    "AffiliateLink",
    "Badge",
    "Brand",
    "Category",
    "ClaimsKind",
    "LinkMode",
    "Merchant",
    "Offer",
    "Product",
    "ProductImage",
    "ProductIndexPage",
    "ProductNutrient",
    "ProductSnapshot",
    "validate_http_url",
]
