from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """The commercial side: catalogue, affiliate links, clicks and reports."""

    name = "products"
    verbose_name = _("Produkte")

    def ready(self):
        """Connect the signal handlers; contribute the catalogue's parts to the
        site-wide features of core (roles, demo, page cache)."""
        from backportal.core import page_cache, registry

        from . import demo, page_products, signal_handlers

        signal_handlers.connect()
        registry.register_role_app("products", registry.AppRole.CONTENT)
        registry.register_demo_step(30, "products", demo.load)
        page_cache.register_freshness(page_products.page_cache_fresh_until)
        # What pages show of merchants, brands and categories: a change renews
        # every cached page.
        page_cache.register_shared_models(
            "products.Merchant", "products.Brand", "products.Category"
        )
        # Site search: matching products after the articles, on page one.
        from backportal.search.registry import SearchSource, register_search_source

        from .search import search_products

        register_search_source(
            SearchSource(
                name="produkte",
                heading="Passende Produkte",
                find=search_products,
                template="search/product_result.html",
            )
        )
