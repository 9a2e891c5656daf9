"""The one indexed lookup behind /go/ and the click endpoint.

What a page shows of the catalogue (its products, merchants, freshness) lives
in products.page_products.
"""

from __future__ import annotations

from .models import AffiliateLink

# What /go/ and /click/ read of a link and its product: the hottest query of
# the site loads these columns only (the product row is wide with copy).
REDIRECT_FIELDS = (
    "slug",
    "url",
    "is_active",
    "valid_from",
    "valid_until",
    "merchant_id",
    "merchant__live",
    "merchant__expire_at",
    "product__slug",
    "product__is_active",
    "product__live",
    "product__expire_at",
)


def find_link(slug: str) -> AffiliateLink | None:
    """The link with this slug and the product and merchant fields the
    redirect needs (one query)."""
    if not slug or len(slug) > 80:
        return None
    return (
        AffiliateLink.objects.select_related("product", "merchant")
        .only(*REDIRECT_FIELDS)
        .filter(slug=slug)
        .first()
    )
