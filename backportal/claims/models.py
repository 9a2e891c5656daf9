"""Stored findings: what the report "Rechtliche Prüfhinweise" and the dashboard list.

Rows are written by backportal/claims/store.py (on save and publish, and in full
by `manage.py refresh_claims`). Checked models declare a GenericRelation to
ClaimFinding, so deleting an object deletes its rows.
"""

from django.conf import settings
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
    # sha256 of the sentence (dismiss.text_hash): what a dismissal is keyed on.
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["severity", "object_label", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("Rechtlicher Prüfhinweis")
        verbose_name_plural = _("Rechtliche Prüfhinweise")

    def __str__(self) -> str:
        return f"{self.object_label} · {self.field_label}: {self.rule}"

    @property
    def dismiss_url(self) -> str:
        """The "Als geprüft markieren" form of this finding."""
        from django.urls import reverse

        return reverse(
            "claims_dismiss",
            args=[self.content_type_id, self.object_id, self.rule, self.text_hash],
        )

    @property
    def status_label(self) -> str:
        """ "Offen" or "Geprüft von … am …: Begründung" (report annotations)."""
        reason = getattr(self, "dismissal_reason", None)
        if not reason:
            return "Offen – als geprüft markieren"
        when = timezone.localtime(self.dismissal_at).strftime("%d.%m.%Y")
        return f"Geprüft von {self.dismissal_user or '?'} am {when}: {reason}"


class ClaimDismissal(models.Model):
    """A finding on one object marked as checked: who, when, why.

    Keyed on the object, the rule and a hash of the sentence: when the
    sentence changes, the hash changes and the finding is open again. The
    row stays, so the report keeps showing who decided what.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    rule = models.CharField(_("Regel"), max_length=80)
    text_hash = models.CharField(max_length=64)
    sentence = models.TextField(_("Satz"))
    reason = models.TextField(_("Begründung"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geprüft von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("Geprüft am"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "rule", "text_hash"],
                name="claims_one_dismissal_per_sentence",
            )
        ]
        verbose_name = _("Geprüfter Prüfhinweis")
        verbose_name_plural = _("Geprüfte Prüfhinweise")

    def __str__(self) -> str:
        return f"{self.rule}: {self.sentence[:60]}"

    @property
    def label(self) -> str:
        """ "Geprüft von Anna am 04.12.2026: <Begründung>" for lists and reports."""
        user = self.dismissed_by
        who = (user.get_full_name() or user.get_username()) if user else "?"
        when = timezone.localtime(self.dismissed_at).strftime("%d.%m.%Y")
        return f"Geprüft von {who} am {when}: {self.reason}"
