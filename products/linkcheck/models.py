"""The check state of each affiliate link, kept beside the catalogue (not in it).

`manage.py check_links` writes it (services.record_result); the public boxes
leave out links whose state is "broken" (ProductQuerySet.for_display); editors
exclude links from checking in the admin (viewsets.LinkCheckViewSet).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from products.models import AffiliateLink

# Hard failures in a row (no working answer in between) before a link is broken.
BROKEN_AFTER = 2


class LinkState(models.TextChoices):
    """The verdict on a link; only BROKEN takes it out of the public boxes."""

    UNCHECKED = "unchecked", _("Noch nicht geprüft")
    OK = "ok", _("In Ordnung")
    FAILING = "failing", _("Fehlgeschlagen, wird erneut geprüft")
    ERROR = "error", _("Vorübergehender Fehler")
    UNVERIFIABLE = "unverifiable", _("Nicht prüfbar (Händler blockiert Prüfungen)")
    BROKEN = "broken", _("Defekt")
    EXCLUDED = "excluded", _("Von der Prüfung ausgenommen")


class LinkCheckQuerySet(models.QuerySet):
    """Lookups of the reports, the dashboard panels and the checker."""

    def broken(self):
        return self.filter(state=LinkState.BROKEN)

    def with_link(self):
        return self.select_related("link__product", "link__merchant")


class LinkCheck(models.Model):
    """What the link checker last found for one AffiliateLink, and whether to check it.

    One row per link, created on the first check (or when an editor excludes
    the link). `consecutive_failures` counts hard failures since the last
    working answer; at BROKEN_AFTER the link is broken.
    """

    link = models.OneToOneField(
        AffiliateLink,
        verbose_name=_("Affiliate-Link"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="link_check",
    )
    state = models.CharField(
        _("Status"),
        max_length=16,
        choices=LinkState.choices,
        default=LinkState.UNCHECKED,
        db_index=True,
    )
    excluded = models.BooleanField(
        _("Nicht prüfen"),
        default=False,
        help_text=_(
            "Für Links, die sich nicht automatisch prüfen lassen und die jemand "
            "von Hand kontrolliert. Ausgenommene Links gelten nie als defekt."
        ),
    )
    note = models.CharField(
        _("Notiz"),
        max_length=200,
        blank=True,
        help_text=_("Warum ausgenommen, wer prüft von Hand?"),
    )
    status_code = models.PositiveSmallIntegerField(
        _("HTTP-Status"), null=True, blank=True
    )
    final_url = models.URLField(_("Endadresse"), max_length=2000, blank=True)
    detail = models.CharField(_("Befund"), max_length=200, blank=True)
    response_time_ms = models.PositiveIntegerField(
        _("Antwortzeit (ms)"), null=True, blank=True
    )
    checked_at = models.DateTimeField(_("Zuletzt geprüft"), null=True, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(
        _("Fehlschläge in Folge"), default=0
    )
    broken_since = models.DateTimeField(_("Defekt seit"), null=True, blank=True)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ["link__slug"]
        verbose_name = _("Linkprüfung")
        verbose_name_plural = _("Linkprüfungen")

    def __str__(self) -> str:
        return str(self.link)

    def set_excluded(self, excluded: bool) -> None:
        """Apply the editor's choice to the state (unsaved): excluded, or check again."""
        self.excluded = excluded
        if excluded:
            self.state = LinkState.EXCLUDED
            self.consecutive_failures = 0
            self.broken_since = None
        elif self.state == LinkState.EXCLUDED:
            self.state = LinkState.UNCHECKED
