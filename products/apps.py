from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


def _forget_served_page(**kwargs):
    from .templatetags.affiliate_tags import current_serving

    current_serving.set(None)


class ProductsConfig(AppConfig):
    """The commercial side: catalogue, affiliate links, clicks and reports."""

    name = "products"
    verbose_name = _("Produkte")

    def ready(self):
        # A thread serves many requests: the page of the last one must not leak
        # into rich-text links rendered outside page serving (previews, views).
        request_started.connect(_forget_served_page, dispatch_uid="products_page")
