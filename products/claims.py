"""Product copy for the health-claims checks (backportal.claims).

Registered in products/wagtail_hooks.py. Every product is checked, drafts and
archived ones too, by the rules of its category (Category.claims_kind) and
against its nutrient amounts, so authorised claims meet the "source of" amount.
"""

from collections.abc import Iterator

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.translation import gettext as _

from backportal.claims.sources import CheckableText, ModelSource

from .models import ClaimsKind, Product

# (field, label) of the copy readers see; pros and cons hold one point a line.
TEXT_FIELDS = [
    ("name", "Name"),
    ("short_description", "Kurzbeschreibung"),
    ("verdict", "Unser Urteil"),
    ("pros", "Vorteile"),
    ("cons", "Nachteile"),
]


def product_label(product: Product) -> str:
    """ "Produkt „Name“", with "(Entwurf)" or "(archiviert)" where that applies."""
    label = _("Produkt „%(name)s“") % {"name": product.name}
    if not product.live:
        return f"{label} ({_('Entwurf')})"
    if not product.is_active:
        return f"{label} ({_('archiviert')})"
    return label


def product_texts(
    product: Product, object_label: str | None = None
) -> Iterator[CheckableText]:
    """The copy of one product, read as its category's kind, with its amounts."""
    kind = product.claims_kind
    if kind == ClaimsKind.NONE:
        return
    nutrients = product.nutrient_amounts()
    url = reverse("wagtailsnippets_products_product:edit", args=[quote(product.pk)])
    label = object_label or product_label(product)
    for name, field_label in TEXT_FIELDS:
        text = getattr(product, name).strip()
        if text:
            yield CheckableText(label, field_label, text, kind, nutrients, url)


class ProductClaimsSource(ModelSource):
    """Every product's name, short text, verdict, pros and cons."""

    label = "Produkte"
    model = Product

    def get_queryset(self):
        return Product.objects.select_related("category").prefetch_related("nutrients")

    def texts_for(self, instance):
        return product_texts(instance)
