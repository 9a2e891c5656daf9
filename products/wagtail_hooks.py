"""Admin and serving wiring of the catalogue; the logic lives in the modules named."""

from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.snippets.models import register_snippet
from wagtail.snippets.permissions import get_permission_name

from backportal.claims.store import refresh_findings

from . import offline, page_products
from .claims import ProductClaimsSource
from .models import Category, Merchant, Product
from .rich_text import (
    ENTITY_TYPE,
    ContentstateProductLinkConversionRule,
    ProductLinkHandler,
)
from .viewsets import (
    ProductsViewSetGroup,
    TakeOfflineMenuItem,
    TakeOfflineNowMenuItem,
)

register_snippet(ProductsViewSetGroup)


@hooks.register("register_rich_text_features")
def register_product_link_feature(features):
    """The "Produkt-Link" of rich text: feature name "product-link"."""
    features.register_embed_type(ProductLinkHandler)
    features.register_editor_plugin(
        "draftail",
        "product-link",
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "tag",
                "description": _("Produkt-Link (Affiliate, mit * und Werbung)"),
                "chooserUrls": {
                    "productChooser": reverse_lazy(
                        "wagtailsnippetchoosers_products_product:choose"
                    )
                },
            },
            js=["wagtailadmin/js/chooser-modal.js", "products/js/product-link.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate", "product-link", ContentstateProductLinkConversionRule
    )


@hooks.register("register_snippet_action_menu_item")
def take_offline_menu_item(model):
    """Redaktion may take products and merchants offline without approval."""
    if model in (Product, Merchant):
        return TakeOfflineMenuItem(order=20)
    return None


@hooks.register("register_snippet_action_menu_item")
def take_offline_now_menu_item(model):
    """An edit that only switches things off goes live without approval."""
    if model in (Product, Merchant):
        return TakeOfflineNowMenuItem(order=25)
    return None


@hooks.register("after_edit_snippet")
def take_offline_now(request, instance):
    """ "Sofort offline nehmen": publish the saved edit if it only takes things
    offline (products/offline.py); anything else stays a draft for the workflow."""
    if not request.POST.get(TakeOfflineNowMenuItem.name):
        return None
    if not isinstance(instance, Product | Merchant):
        return None
    if not request.user.has_perm(get_permission_name("unpublish", type(instance))):
        return None
    if offline.publish_if_only_offline(instance, request.user):
        messages.success(
            request,
            f"Die Änderung an „{instance}“ ist veröffentlicht: sie nimmt nur "
            "etwas offline und braucht keine Freigabe.",
        )
    else:
        messages.warning(
            request,
            "Die Änderung nimmt nicht nur etwas offline. Sie ist als Entwurf "
            "gespeichert und braucht die Freigabe.",
        )
    return None


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Rich-text links know their page and origin, and the page's products load
    in one go (products/page_products.py; reset per request by its signal
    handlers)."""
    page_products.start(page, request)


@hooks.register("register_claims_source")
def product_claims_source():
    """Product copy for check_claims, the report and the review task."""
    return ProductClaimsSource()


@hooks.register("after_edit_snippet")
def recheck_category_products(request, instance):
    """A category's rules (claims_kind) apply to its products: re-check them."""
    if isinstance(instance, Category):
        for product in instance.products.all():
            refresh_findings(product)
