"""The catalogue in the Wagtail admin: one "Produkte" menu with four snippet viewsets.

Registered from products/wagtail_hooks.py. Products get search, filters
(category, brand, merchant, active, stale data), sortable columns, inspect,
a preview of the box, revisions and Wagtail's usage view (reference index).
Products and merchants are taken offline without the workflow (TakeOfflineView,
and TakeOfflineNowMenuItem for edits that only switch things off).
"""

import django_filters
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    LiveStatusTagColumn,
    UpdatedAtColumn,
)
from wagtail.admin.widgets.button import Button
from wagtail.snippets.action_menu import ActionMenuItem, UnpublishMenuItem
from wagtail.snippets.permissions import get_permission_name
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import (
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UnpublishView,
)

from .models import AffiliateLink, Brand, Category, Merchant, Product
from .models.links import offer_queryset


class ProductEditView(EditView):
    """A product's edit page; its header menu links to the price history
    (products.offers' chart view, also in the list's row menu)."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                "Preisverlauf",
                url=reverse("offers_price_history", args=[self.object.pk]),
                icon_name="history",
                priority=5,
            )
        )
        return buttons


class TakeOfflineView(UnpublishView):
    """Unpublish without approval: taking something offline needs only the
    permission "… offline nehmen" (Redaktion has it) or the publish permission;
    putting something live still goes through the workflow."""

    permission_required = None
    any_permission_required = ["publish", "unpublish"]


def may_only_take_offline(context) -> bool:
    """Editing a live object the user may take offline but not publish (an
    action menu context): who gets the two offline actions below."""
    if context.get("locked_for_user") or context["view"] != "edit":
        return False
    model, user = context["model"], context["request"].user
    return (
        context["instance"].live
        and user.has_perm(get_permission_name("unpublish", model))
        and not user.has_perm(get_permission_name("publish", model))
    )


class TakeOfflineMenuItem(UnpublishMenuItem):
    """The editor's "Unpublish" for users who may take offline but not publish
    (Wagtail's own item shows only to those who may publish)."""

    def is_shown(self, context):
        return may_only_take_offline(context)


class TakeOfflineNowMenuItem(ActionMenuItem):
    """ "Sofort offline nehmen": saves the edit and publishes it at once if it
    only switches things off or ends them earlier (products/offline.py, run by
    the after_edit_snippet hook); for users who may take offline but not
    publish."""

    name = "action-take-offline"
    label = "Sofort offline nehmen"
    icon_name = "download"

    def is_shown(self, context):
        return may_only_take_offline(context)


class ProductFilterSet(WagtailFilterSet):
    """Filters of the product list; "merchant" follows the product's links."""

    merchant = django_filters.ModelChoiceFilter(
        label=_("Händler"),
        field_name="links__merchant",
        queryset=Merchant.objects.all(),
        distinct=True,
    )
    live = django_filters.BooleanFilter(
        label=_("Veröffentlicht"),
        widget=django_filters.widgets.BooleanWidget(),
    )
    stale = django_filters.BooleanFilter(
        label=_("Veraltete Preise oder Bewertungen"),
        method="filter_stale",
        widget=django_filters.widgets.BooleanWidget(),
    )

    def filter_stale(self, queryset, name, value):
        stale = Product.objects.with_stale_data(timezone.now()).values("pk")
        return (
            queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)
        )

    class Meta:
        model = Product
        fields = ["category", "brand", "merchant", "is_active", "live", "stale"]


def _stale_label(product) -> str:
    stale = product.stale_data(timezone.now())
    return _("veraltet: %(items)s") % {"items": ", ".join(stale)} if stale else "–"


def _shops(product) -> str:
    return ", ".join(link.merchant.name for link in product.links.all()) or "–"


def chooser_status(product) -> str:
    """What an editor must know before placing a product: "live" or why not.

    Drafts may be chosen (the article is written before the product goes
    live); their blocks render nothing to readers until the product is live.
    """
    if not product.live:
        return "Entwurf"
    if not product.is_active:
        return "Archiviert"
    links = list(product.links.all())
    if any(
        getattr(link, "link_check", None) and link.link_check.state == "broken"
        for link in links
    ):
        return "Link defekt"
    now = timezone.now()
    links = product.live_links(now)
    if not links or all(
        link.current_offer(now) and link.current_offer(now).is_out_of_stock
        for link in links
    ):
        return "Nicht lieferbar"
    return "live"


def chooser_price(product) -> str:
    now = timezone.now()
    for link in product.live_links(now):
        offer = link.current_offer(now)
        if offer is not None and offer.price is not None:
            return f"{number_format(offer.price, 2)} € bei {link.merchant.name}"
    return "–"


class ProductImageColumn(Column):
    """A small picture of the product, so editors recognise it in the chooser."""

    cell_template_name = "products/admin/chooser_image_cell.html"


class ProductChooserColumns:
    """Chooser rows: picture, name, category, price and status, in four queries."""

    @property
    def columns(self):
        return [
            ProductImageColumn("image", label=_("Bild")),
            # Wagtail's own live/draft column says less than ours below.
            *(c for c in super().columns if not isinstance(c, LiveStatusTagColumn)),
            Column("category", label=_("Kategorie")),
            Column("price", label=_("Preis"), accessor=chooser_price),
            Column("status", label=_("Status"), accessor=chooser_status),
        ]

    def get_object_list(self):
        return Product.objects.select_related("category", "image").prefetch_related(
            "image__renditions",
            Prefetch(
                "links",
                queryset=AffiliateLink.objects.select_related(
                    "merchant", "link_check"
                ).prefetch_related("offers"),
            ),
        )


class ProductChooseView(ProductChooserColumns, ChooseView):
    """The product chooser modal with picture, category, price and status."""


class ProductChooseResultsView(ProductChooserColumns, ChooseResultsView):
    """Search and pagination results of the product chooser."""


class ProductChooserViewSet(SnippetChooserViewSet):
    """Product chooser for boxes, tables and text links; drafts included."""

    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView


class ProductViewSet(SnippetViewSet):
    """Products with their shops inline; the list shows what is stale."""

    model = Product
    chooser_viewset_class = ProductChooserViewSet
    unpublish_view_class = TakeOfflineView
    edit_view_class = ProductEditView
    icon = "tag"
    menu_label = _("Produkte")
    menu_order = 100
    list_display = [
        "name",
        Column("category", label=_("Kategorie"), sort_key="category__name"),
        Column("brand", label=_("Marke"), sort_key="brand__name"),
        Column("shops", label=_("Shops"), accessor=_shops),
        Column("our_rating", label=_("Unsere Bewertung"), sort_key="our_rating"),
        BooleanColumn("is_active", label=_("Aktiv"), sort_key="is_active"),
        LiveStatusTagColumn(),
        Column("stale", label=_("Veraltete Daten"), accessor=_stale_label),
        UpdatedAtColumn(),
    ]
    list_export = [
        "name",
        "slug",
        "category",
        "brand",
        "our_rating",
        "is_active",
        "live",
    ]
    filterset_class = ProductFilterSet
    search_fields = ["name", "slug", "short_description"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "category",
        "brand",
        "short_description",
        "verdict",
        "pros",
        "cons",
        "our_rating",
        "is_active",
        "live",
        "reference_quantity",
    ]
    ordering = ["name"]

    def get_queryset(self, request):
        return Product.objects.select_related("category", "brand").prefetch_related(
            Prefetch(
                "links", queryset=AffiliateLink.objects.select_related("merchant")
            ),
            Prefetch("links__offers", queryset=offer_queryset()),
        )


class CategoryViewSet(SnippetViewSet):
    """Categories in the order the catalogue page shows them (drag to reorder)."""

    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Kategorien")
    menu_order = 200
    list_display = [
        "name",
        "slug",
        Column("product_count", label=_("Produkte"), sort_key="product_count"),
        Column(
            "claims_kind",
            label=_("Prüfregeln"),
            accessor="get_claims_kind_display",
            sort_key="claims_kind",
        ),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None
    sort_order_field = "sort_order"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Category.objects.annotate(product_count=Count("products"))


class BrandViewSet(SnippetViewSet):
    """Brands and manufacturers."""

    model = Brand
    icon = "site"
    menu_label = _("Marken")
    menu_order = 300
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    search_backend_name = None
    inspect_view_enabled = True


class MerchantViewSet(SnippetViewSet):
    """Merchants: link mode, required statement, maximum data age; drafts,
    revisions and the product workflow like products."""

    model = Merchant
    unpublish_view_class = TakeOfflineView
    icon = "link-external"
    menu_label = _("Händler")
    menu_order = 400
    list_display = [
        "name",
        LiveStatusTagColumn(),
        Column("link_mode", label=_("Link-Art"), accessor="get_link_mode_display"),
        Column(
            "max_data_age_hours",
            label=_("Max. Datenalter (h)"),
            sort_key="max_data_age_hours",
        ),
        Column("link_label", label=_("Kennzeichnung")),
        BooleanColumn(
            "show_ratings", label=_("Bewertungen anzeigen"), sort_key="show_ratings"
        ),
    ]
    list_filter = ["link_mode", "show_ratings", "live"]
    search_fields = ["name", "disclosure_statement"]
    search_backend_name = None
    inspect_view_enabled = True


class ProductsViewSetGroup(SnippetViewSetGroup):
    """The admin menu "Produkte"."""

    items = (ProductViewSet, CategoryViewSet, BrandViewSet, MerchantViewSet)
    menu_icon = "tag"
    menu_label = _("Produkte")
    menu_name = "products"
    menu_order = 250
    # Sub-apps (products.offers: "Datenquellen") add their items through it.
    submenu_hook = "register_products_menu_item"
