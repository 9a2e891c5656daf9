"""Stored findings: what the report "Rechtliche Prüfhinweise" and the dashboard list.

Rows are written by backportal/claims/store.py (on save and publish, and in full
by `manage.py refresh_claims`). Checked models declare a GenericRelation to
ClaimFinding, so deleting an object deletes its rows.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of text the rules know (backportal.claims.ruleset.KINDS)."""

    SUPPLEMENT = "supplement", _("Nahrungsergänzung")
    DEVICE = "device", _("Gerät / Medizinprodukt")
    ARTICLE = "article", _("Redaktioneller Text")


class Severity(models.TextChoices):
    """How bad a finding is: an error blocks publishing, a warning informs."""

    ERROR = "error", _("Fehler")
    WARNING = "warning", _("Warnung")


class ClaimFinding(models.Model):
    """One finding in one text field of a checked object, as last checked.

    Products are checked in every state, articles while they are live; the
    row copies what the editor needs (sentence, reason, suggestion) so the
    report needs no re-check.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    source = models.CharField(_("Quelle"), max_length=80)
    object_label = models.CharField(_("Objekt"), max_length=255)
    field_label = models.CharField(_("Feld"), max_length=255)
    kind = models.CharField(_("Textart"), max_length=16, choices=Kind.choices)
    family = models.CharField(_("Regelfamilie"), max_length=40)
    rule = models.CharField(_("Regel"), max_length=80)
    rule_title = models.CharField(_("Regel (Titel)"), max_length=200)
    severity = models.CharField(
        _("Schweregrad"), max_length=8, choices=Severity.choices
    )
    match = models.TextField(_("Gefundene Wörter"))
    sentence = models.TextField(_("Satz"))
    message = models.TextField(_("Begründung"))
    suggestion = models.TextField(_("Vorschlag"), blank=True)
    url = models.CharField(_("Bearbeiten"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("Geprüft am"), default=timezone.now)

    class Meta:
        ordering = ["severity", "object_label", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("Rechtlicher Prüfhinweis")
        verbose_name_plural = _("Rechtliche Prüfhinweise")

    def __str__(self) -> str:
        return f"{self.object_label} · {self.field_label}: {self.rule}"
