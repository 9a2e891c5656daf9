from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pages and settings: home, legal pages, footer links."""

    name = "backportal.core"
    label = "core"
    verbose_name = _("Website")

    def ready(self):
        from . import demo, registry, signal_handlers

        signal_handlers.connect()
        # First the home and legal pages the apps' demo content hangs below;
        # the roles after every app's content, so the groups get all models.
        registry.register_demo_step(10, "core", demo.load)
        registry.register_demo_step(90, "roles", demo.load_roles)
