from django.apps import AppConfig


class OffersConfig(AppConfig):
    """Product data: offers (price, availability, rating) per link and source,
    data sources with their refresh runs, the price history, the CSV import."""

    name = "products.offers"
    label = "offers"
    verbose_name = "Angebote und Datenquellen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backportal.core import registry

        from . import demo, signals  # noqa: F401 - signals renew cached pages

        # After link checks (40): the demo sources read the demo catalogue.
        registry.register_demo_step(45, "offers", demo.load)
