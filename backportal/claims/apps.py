from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    """Health-claims and labelling checks: rules as data, the checker, check_claims."""

    name = "backportal.claims"
    label = "claims"
    verbose_name = _("Rechtliche Prüfung")
