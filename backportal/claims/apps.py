from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _refresh_page_findings(sender, instance, **kwargs):
    from .store import refresh_findings

    refresh_findings(instance)


def _drop_page_findings(sender, instance, **kwargs):
    # Not re-checked: Wagtail also sends page_unpublished just before deleting
    # a live page, while it is still live in the database.
    from .store import drop_findings

    drop_findings(instance)


class ClaimsConfig(AppConfig):
    """Health-claims and labelling checks: rules as data, the checker, check_claims."""

    name = "backportal.claims"
    label = "claims"
    verbose_name = _("Rechtliche Prüfung")

    def ready(self):
        from backportal.core import registry

        from . import demo

        registry.register_role_app("claims", registry.AppRole.ADMIN)
        registry.register_demo_step(50, "claims", demo.load)

        from wagtail.signals import page_published, page_unpublished

        # Signals, not admin hooks: pages also go live by workflow approval and
        # by publish_scheduled, and the report must follow every path.
        page_published.connect(_refresh_page_findings, dispatch_uid="claims_publish")
        page_unpublished.connect(_drop_page_findings, dispatch_uid="claims_unpublish")
