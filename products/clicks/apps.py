from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClicksConfig(AppConfig):
    """Click tracking behind /go/ and /click/, the daily rollup and the reports."""

    name = "products.clicks"
    label = "clicks"
    verbose_name = _("Klicks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backportal.core import registry

        from .roles import grant_reports_to_editors

        # Marketing and administrators read every report; Redaktion the click
        # reports too (views and clicks, no money).
        registry.register_role_app("clicks", registry.AppRole.REPORTS)
        registry.register_role_setup(grant_reports_to_editors)
