"""schema.org JSON-LD for a product detail page, following Google's review rules.

One Product with our editorial Review (our rating, author, positiveNotes and
negativeNotes from the visible pros and cons). Third-party stars are shown to
readers but never marked up: no AggregateRating anywhere. List and comparison
pages carry no Product markup at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Product

EDITORIAL_AUTHOR = "Backportal-Redaktion"


def _item_list(items: list[str]) -> dict:
    return {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": item}
            for position, item in enumerate(items, start=1)
        ],
    }


def product_node(product: Product, url: str, image_url: str | None = None) -> dict:
    """The Product node for backportal.core.seo.json_ld (which adds @context)."""
    data = {
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category.name,
    }
    if product.short_description:
        data["description"] = product.short_description
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    if image_url:
        data["image"] = image_url
    if product.our_rating is not None:
        author = (
            {"@type": "Person", "name": product.review_author}
            if product.review_author
            else {"@type": "Organization", "name": EDITORIAL_AUTHOR}
        )
        review = {
            "@type": "Review",
            "author": author,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": str(product.our_rating),
                "bestRating": "5",
                "worstRating": "1",
            },
        }
        if product.verdict:
            review["reviewBody"] = product.verdict
        if product.pros_list:
            review["positiveNotes"] = _item_list(product.pros_list)
        if product.cons_list:
            review["negativeNotes"] = _item_list(product.cons_list)
        data["review"] = review
    return data
