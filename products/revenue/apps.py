from django.apps import AppConfig


class RevenueConfig(AppConfig):
    """Money back into the reports: click references, commissions, page views."""

    name = "products.revenue"
    label = "revenue"
    verbose_name = "Provisionen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
