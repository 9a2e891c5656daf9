"""Signal handlers of the catalogue, connected in ProductsConfig.ready().

- Every request starts and ends without a page's products (page_products):
  a thread serves many requests, and the page of one must not leak into
  another or into code that runs outside requests.
- A product, its links or its pictures change: the cached pages showing it
  and the catalogue renew (page_products.product_changed).
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

from . import page_products
from .models import AffiliateLink, Product, ProductImage


def product_data_changed(sender, instance, **kwargs) -> None:
    page_products.product_changed(getattr(instance, "product", instance))


def connect() -> None:
    request_started.connect(page_products.stop, dispatch_uid="products_page")
    request_finished.connect(page_products.stop, dispatch_uid="products_done")
    for model in (Product, AffiliateLink, ProductImage):
        name = model._meta.model_name
        post_save.connect(
            product_data_changed, sender=model, dispatch_uid=f"page_cache_{name}_saved"
        )
        post_delete.connect(
            product_data_changed,
            sender=model,
            dispatch_uid=f"page_cache_{name}_deleted",
        )
