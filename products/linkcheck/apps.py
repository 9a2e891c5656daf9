from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkCheckConfig(AppConfig):
    """Link and data health: link checks, broken-link and stale-data reports, CSV import."""

    name = "products.linkcheck"
    label = "linkcheck"
    verbose_name = _("Linkprüfung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backportal.core import registry

        from . import demo

        registry.register_role_app("linkcheck", registry.AppRole.CONTENT)
        registry.register_demo_step(40, "linkcheck", demo.load)
