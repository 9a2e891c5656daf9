"""Product blocks for the article body (articles.blocks.ArticleStreamBlock).

Each block loads what it shows for all its occurrences in a stream at once
(bulk_to_python); while a page is served, boxes, tables and text links share
one load of all the page's products (products.page_products), so an article with ten
boxes and a table costs the queries of one box. Each
block also says which products it links (affiliate_products), which is what
products.page_products reads to decide the page's disclosure.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .models import Category, Product
from .page_products import load_products, product_page_url
from .placement import Placement

BOX_TITLE = "Unsere Empfehlung"


def _first_products(count: int) -> list[Product]:
    return list(Product.objects.active().for_display()[:count])


class ProductChooserBlock(SnippetChooserBlock):
    """Chooses a product; all products of a stream load in one go, ready to render.

    A deleted product comes back as None: the block around it renders nothing.
    """

    def __init__(self, **kwargs):
        super().__init__("products.Product", **kwargs)

    def bulk_to_python(self, values):
        products = load_products(values)
        result, seen = [], set()
        for value in values:
            product = products.get(value)
            if product is not None and value in seen:
                # Same product twice on a page: separate instances, shared prefetch.
                product = copy.copy(product)
            seen.add(value)
            result.append(product)
        return result

    class Meta:
        icon = "tag"


class ProductBlockMixin:
    """Shared by the product blocks: snapshot time and the editor-only warnings."""

    placement = ""

    def affiliate_products(self, value) -> Iterable[tuple[Product, str]]:
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = context.get("request")
        context["at"] = timezone.now()
        context["placement"] = self.placement
        # Wagtail marks preview requests; only editors see what went missing.
        context["show_editor_warnings"] = bool(getattr(request, "is_preview", False))
        return context


def _preview_box():
    products = _first_products(1)
    return {
        "title": BOX_TITLE,
        "intro": "Für zu Hause: Wärme und Massage für den unteren Rücken.",
        "product": products[0] if products else None,
    }


class ProductBoxBlock(ProductBlockMixin, blocks.StructBlock):
    """ "Unsere Empfehlung": one product with image, rating, pros/cons, price, button.

    Renders nothing for an archived or deleted product; without a live link it
    shows no button.
    """

    product = ProductChooserBlock(label=_("Produkt"))
    title = blocks.CharBlock(
        label=_("Titel (optional)"),
        required=False,
        max_length=120,
        help_text=_(
            "Steht über dem Produktnamen. Leer: „Unsere Empfehlung“. "
            "Der Produktname kommt immer aus dem Produkt."
        ),
    )
    intro = blocks.TextBlock(
        label=_("Einleitung"),
        required=False,
        help_text=_("Warum passt das Produkt hierher? Ein bis zwei Sätze."),
    )

    placement = Placement.BOX

    def affiliate_products(self, value):
        product = value.get("product")
        return [(product, self.placement)] if product is not None else []

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        product = value.get("product")
        snapshot = product.snapshot(context["at"]) if product else None
        context["snapshot"] = snapshot
        if snapshot is not None and snapshot.is_shown:
            context["offers"] = snapshot.offers_for(self.placement)
            context["detail_url"] = product_page_url(product, context.get("request"))
        return context

    class Meta:
        icon = "pick"
        label = _("Empfehlungsbox")
        template = "products/blocks/product_box.html"
        description = _(
            "Ein Produkt mit Bild, Bewertung, Vor- und Nachteilen, Preis und Button; "
            "automatisch als Werbung gekennzeichnet."
        )
        preview_value = _preview_box


class PriceComparisonBlock(ProductBlockMixin, blocks.StructBlock):
    """ "Preisvergleich": every fresh, available offer of one product, cheapest
    first, each with shop, price, "Stand", shipping and its own labelled link.

    Stale and out-of-stock offers are left out; no "lowest price" claim. Costs
    no query of its own on a served page (products load with the page).
    """

    product = ProductChooserBlock(label=_("Produkt"))
    title = blocks.CharBlock(label=_("Titel"), default="Preisvergleich", max_length=120)

    # Links render in the table placement; the disclosure counts every shop.
    placement = "table"

    def affiliate_products(self, value):
        product = value.get("product")
        return [(product, "detail")] if product is not None else []

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        product = value.get("product")
        snapshot = product.snapshot(context["at"]) if product else None
        context["snapshot"] = snapshot
        context["title"] = value.get("title")
        return context

    class Meta:
        icon = "list-ol"
        label = _("Preisvergleich")
        template = "products/blocks/price_comparison.html"
        description = _(
            "Alle aktuellen Angebote eines Produkts nach Preis sortiert; "
            "automatisch als Werbung gekennzeichnet."
        )
        preview_value = _preview_box


def _preview_table():
    return {"title": "Im Vergleich", "products": _first_products(3)}


class ComparisonTableBlock(ProductBlockMixin, blocks.StructBlock):
    """A comparison table of 2 to 6 products, one row each with the best offer.

    Archived and deleted products drop out; nothing renders if none is left.
    """

    title = blocks.CharBlock(label=_("Titel"), default="Im Vergleich", max_length=120)
    products = blocks.ListBlock(
        ProductChooserBlock(label=_("Produkt")),
        label=_("Produkte"),
        min_num=2,
        max_num=6,
    )

    placement = Placement.TABLE

    def clean(self, value):
        value = super().clean(value)
        ids = [product.pk for product in value.get("products", []) if product]
        if len(ids) != len(set(ids)):
            raise StructBlockValidationError(
                block_errors={
                    "products": ValidationError(
                        _("Jedes Produkt nur einmal in die Tabelle aufnehmen.")
                    )
                }
            )
        return value

    def affiliate_products(self, value):
        return [(p, self.placement) for p in value.get("products", []) if p is not None]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        products = list(value.get("products", []))
        snapshots = [p.snapshot(context["at"]) for p in products if p is not None]
        context["snapshots"] = [s for s in snapshots if s.is_shown]
        context["missing_count"] = len(products) - len(context["snapshots"])
        return context

    class Meta:
        icon = "table"
        label = _("Vergleichstabelle")
        template = "products/blocks/comparison_table.html"
        description = _(
            "Zwei bis sechs Produkte nebeneinander: Bewertung, Vorteile, Preis, "
            "Button; automatisch als Werbung gekennzeichnet."
        )
        preview_value = _preview_table


class ProductListValue(blocks.StructValue):
    """A product list knows its products: active ones of the category, best first."""

    @cached_property
    def products(self) -> list[Product]:
        category = self.get("category")
        if category is None:
            return []
        queryset = Product.objects.active().in_category(category).for_display()
        return list(queryset.order_by("-our_rating", "name")[: self.get("limit") or 4])


def _preview_list():
    return {
        "title": "Unsere Favoriten",
        "category": Category.objects.first(),
        "limit": 3,
    }


class ProductListBlock(ProductBlockMixin, blocks.StructBlock):
    """The active products of one category as a compact list with buttons."""

    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=120)
    category = SnippetChooserBlock("products.Category", label=_("Kategorie"))
    limit = blocks.IntegerBlock(
        label=_("Höchstens"), default=4, min_value=1, max_value=12
    )

    placement = Placement.LIST

    def bulk_to_python(self, values):
        """Load the products of every list in the stream with one set of queries."""
        struct_values = super().bulk_to_python(values)
        category_ids = {v["category"].pk for v in struct_values if v.get("category")}
        products = list(
            Product.objects.active()
            .filter(category__in=category_ids)
            .for_display()
            .order_by("-our_rating", "name")
        )
        for struct_value in struct_values:
            category = struct_value.get("category")
            limit = struct_value.get("limit") or 4
            struct_value.__dict__["products"] = [
                p for p in products if category and p.category_id == category.pk
            ][:limit]
        return struct_values

    def affiliate_products(self, value):
        return [(p, self.placement) for p in value.products]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = context.get("request")
        context["cards"] = [
            (product.snapshot(context["at"]), product_page_url(product, request))
            for product in value.products
        ]
        return context

    class Meta:
        icon = "list-ul"
        label = _("Produktliste (Kategorie)")
        template = "products/blocks/product_list.html"
        value_class = ProductListValue
        description = _(
            "Die aktiven Produkte einer Kategorie als Liste; automatisch als "
            "Werbung gekennzeichnet."
        )
        preview_value = _preview_list
