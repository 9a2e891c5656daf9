from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """The commercial side: catalogue, affiliate links, clicks and reports."""

    name = "products"
    verbose_name = _("Produkte")
