"""Helpers of the page cache and fragment tests."""

import time

from django.core.cache import cache

from articles.models import ArticlePage

from .pages import ARTICLE


def demo_article() -> ArticlePage:
    return ArticlePage.objects.get(url_path__endswith=ARTICLE)


def seconds_left(key: str) -> float:
    """How long the local-memory cache keeps `key` (it records each expiry)."""
    return cache._expire_info[cache.make_key(key)] - time.time()


def publish_new_title(title: str) -> None:
    """An editor publishes the demo article under another title."""
    page = demo_article()
    page.title = title
    page.save_revision().publish()


def rename_first_product(name: str) -> None:
    """An editor renames the first product the demo article shows."""
    from products.models import Product
    from products.page_products import page_affiliate_products

    product, _placement = page_affiliate_products(demo_article())[0]
    product = Product.objects.get(pk=product.pk)
    product.name = name
    product.save()
