"""The rich-text link type "Produkt-Link": an affiliate link inside running text.

Stored as ``<embed embedtype="product" id="7" text="Wärmekissen"/>`` rather than
``<a linktype=…>``: Wagtail rewrites a link's opening tag only, but an embed is
replaced whole, so the one affiliate-link renderer can emit the complete link
with its asterisk and its "Werbung" label after the text. In the editor it is an
ordinary inline entity over the link text (products/static/products/js/product-link.js).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape, strip_tags
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    KEEP_WHITESPACE,
    InlineEntityElementHandler,
)
from wagtail.rich_text import EmbedHandler

from .affiliate import render_affiliate_link
from .models import Product
from .page_products import load_products
from .placement import Placement

ENTITY_TYPE = "PRODUCT_LINK"


class ProductLinkHandler(EmbedHandler):
    """Front end: turns each stored product link into the rendered affiliate link.

    Products load through products.page_products (with every product of the page
    being served); a deleted or archived product, or one without a live
    link, leaves the plain text.
    """

    identifier = "product"

    @staticmethod
    def get_model():
        return Product

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id", "") for attrs in attrs_list]
        products = load_products(int(i) for i in ids if str(i).isdigit())
        return [products.get(int(i)) if str(i).isdigit() else None for i in ids]

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        at = timezone.now()
        html = []
        for attrs, product in zip(attrs_list, cls.get_many(attrs_list), strict=True):
            text = attrs.get("text", "")
            offer = product.snapshot(at).best_offer if product else None
            if offer is None:
                html.append(escape(text))
            else:
                html.append(
                    render_affiliate_link(
                        offer.link, text=text, placement=Placement.TEXT
                    )
                )
        return html

    @classmethod
    def extract_references(cls, attrs):
        """Let Wagtail's reference index (the product's usage view) see the link."""
        if str(attrs.get("id", "")).isdigit():
            yield Product, attrs["id"], "", ""


class ProductLinkElementHandler(InlineEntityElementHandler):
    """Editor: the stored embed becomes an inline entity over its text again."""

    mutability = "MUTABLE"

    def get_attribute_data(self, attrs):
        try:
            product_id = int(attrs["id"])
        except (KeyError, ValueError):
            return {}
        product = Product.objects.filter(pk=product_id).only("name").first()
        return {"id": product_id, "title": product.name if product else ""}

    def handle_starttag(self, name, attrs, state, contentstate):
        super().handle_starttag(name, attrs, state, contentstate)
        text = dict(attrs).get("text", "")
        if text:
            state.current_block.text += text
            state.leading_whitespace = KEEP_WHITESPACE


def product_link_entity(props):
    """Contentstate entity -> ``<embed embedtype="product" id=… text=…/>``."""
    children = props["children"]
    html = children if isinstance(children, str) else DOM.render(children)
    text = strip_tags(html)
    # The exporter escapes text; the attribute is escaped again on output.
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("&quot;", '"').replace("&#x27;", "'")
    return DOM.create_element(
        "embed", {"embedtype": "product", "id": props.get("id"), "text": text}
    )


ContentstateProductLinkConversionRule = {
    "from_database_format": {
        'embed[embedtype="product"]': ProductLinkElementHandler(ENTITY_TYPE),
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: product_link_entity}},
}
