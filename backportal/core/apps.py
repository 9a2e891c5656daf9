from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pages and settings: home, legal pages, footer links."""

    name = "backportal.core"
    label = "core"
    verbose_name = _("Website")
