"""Catalogue models (snippets) and the public catalogue page.

One module per kind of thing: taxonomy (categories, brands), merchants, links
(affiliate links and the offer a reader sees), products, and the catalogue
page. Prices from data sources live in their own app (products.offers).
"""

from .links import AffiliateLink, Offer
from .merchants import DEFAULT_LINK_LABEL, LinkMode, Merchant
from .pages import ProductIndexPage
from .products import (
    BOX_OFFER_LIMIT,
    Badge,
    Product,
    ProductImage,
    ProductNutrient,
    ProductQuerySet,
    ProductSnapshot,
)
from .taxonomy import Brand, Category, ClaimsKind
from .validators import rating_validators, validate_http_url, validate_link_label

__all__ = [
    "BOX_OFFER_LIMIT",
    "DEFAULT_LINK_LABEL",
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
    "ProductQuerySet",
    "ProductSnapshot",
    "rating_validators",
    "validate_http_url",
    "validate_link_label",
]
