"""The public catalogue: "Unsere Empfehlungen" and one detail page per product.

One Wagtail page with routes rather than a page per product: editors place,
title and describe the catalogue like any page (menu, SEO, sitemap), while
products stay snippets, the one source of truth the article blocks also use.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from backportal.core.models import BasePage
from backportal.core.seo import breadcrumb_list, breadcrumb_trail, json_ld

from ..placement import Placement
from ..schema import product_node
from .products import Product
from .taxonomy import Category


class ProductIndexPage(RoutablePageMixin, BasePage):
    """ "Unsere Empfehlungen": active products by category, plus /<slug>/ per product.

    Lives once under the home page; Product.get_url() points into it.
    """

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Produktübersicht")
        verbose_name_plural = _("Produktübersichten")

    @path("")
    def index_route(self, request):
        at = timezone.now()
        products = list(Product.objects.active().for_display().order_by("name"))
        sections = []
        for category in Category.objects.all():
            cards = [
                (product.snapshot(at), self.product_url(product, request))
                for product in products
                if product.category_id == category.pk
            ]
            if cards:
                sections.append((category, cards))
        self.shown = [
            (snapshot.product, Placement.CATALOGUE)
            for _c, cards in sections
            for snapshot, _u in cards
        ]
        return self.render(request, context_overrides={"sections": sections})

    @path("<slug:slug>/", name="product")
    def product_route(self, request, slug):
        product = (
            Product.objects.for_display()
            .prefetch_related("gallery_images__image")
            .filter(slug=slug, is_draft=False)
            .first()
        )
        if product is None:
            raise Http404
        self.shown = [(product, Placement.DETAIL)]
        url = self.product_url(product, request)
        trail = [*breadcrumb_trail(self, request), (product.name, url)]
        image_url = None
        if product.image:
            image_url = request.build_absolute_uri(
                product.image.get_rendition("fill-800x800").url
            )
        node = product_node(product, request.build_absolute_uri(url), image_url)
        return self.render(
            request,
            template="products/product_detail_page.html",
            context_overrides={
                "product": product,
                "snapshot": product.snapshot(),
                "canonical_url": request.build_absolute_uri(url),
                "breadcrumbs": trail,
                "json_ld": json_ld(breadcrumb_list(trail, request), node),
            },
        )

    def get_affiliate_products(self):
        """(product, placement) pairs this request shows; read by page_products."""
        shown = getattr(self, "shown", None)
        if shown is None:  # rendered outside a route, e.g. in a preview
            shown = [
                (p, Placement.CATALOGUE) for p in Product.objects.active().for_display()
            ]
        return shown

    def product_url(self, product, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage(
            "product", args=[product.slug]
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for product in Product.objects.active().only("slug", "updated_at"):
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("product", args=[product.slug]),
                    "lastmod": product.updated_at,
                }
            )
        return urls
