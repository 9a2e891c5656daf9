from django.apps import AppConfig


class RevenueConfig(AppConfig):
    """Money back into the reports: click references, commissions, page views."""

    name = "products.revenue"
    label = "revenue"
    verbose_name = "Provisionen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from backportal.core import registry

        from . import signals  # noqa: F401
        from .roles import grant_imports

        # Marketing and administrators read it ("sees money" is a view
        # permission); marketing may also import commissions.
        registry.register_role_app("revenue", registry.AppRole.REPORTS)
        registry.register_role_setup(grant_imports)
