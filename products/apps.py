from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


def _forget_served_page(**kwargs):
    from .serving import stop_serving

    stop_serving()


class ProductsConfig(AppConfig):
    """The commercial side: catalogue, affiliate links, clicks and reports."""

    name = "products"
    verbose_name = _("Produkte")

    def ready(self):
        # A thread serves many requests: the page of one, and the products it
        # loaded, must not leak into another request or into code that runs
        # outside requests (previews, views, commands).
        request_started.connect(_forget_served_page, dispatch_uid="products_page")
        request_finished.connect(_forget_served_page, dispatch_uid="products_done")
