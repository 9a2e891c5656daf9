from django.apps import AppConfig


class RevenueConfig(AppConfig):
    """Money back into the reports: click references, commissions, page views."""

    name = "products.revenue"
    label = "revenue"
    verbose_name = "Provisionen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from backportal.core import page_cache, registry

        from . import references, signals  # noqa: F401
        from .roles import grant_imports

        # Marketing and administrators read it ("sees money" is a view
        # permission); marketing may also import commissions.
        registry.register_role_app("revenue", registry.AppRole.REPORTS)
        registry.register_role_setup(grant_imports)
        # Cached pages carry the reference parameter and Amazon tag of their
        # links (references.direct_href): a change renews every cached page.
        page_cache.register_shared_models(
            "revenue.MerchantRevenue", "revenue.TrackingId"
        )
        # Another process's snapshot may still be older than the change.
        page_cache.register_freshness(references.page_fresh_until)
