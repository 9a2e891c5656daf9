"""How the catalogue is ordered: categories (with their claims rules) and brands."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)

from .validators import validate_http_url


class ClaimsKind(models.TextChoices):
    """Which rules of backportal.claims a category's product copy is held to."""

    SUPPLEMENT = "supplement", _("Nahrungsergänzung (Health-Claims-Verordnung)")
    DEVICE = "device", _("Gerät oder Medizinprodukt (Heilmittelwerbegesetz)")
    NONE = "none", _("Keine Gesundheitswirkung beworben (nicht prüfen)")


class Category(models.Model):
    """A product category, e.g. Massagekissen; the catalogue page groups by it."""

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    sort_order = models.IntegerField(_("Reihenfolge"), default=0, editable=False)
    claims_kind = models.CharField(
        _("Prüfregeln für Produkttexte"),
        max_length=16,
        choices=ClaimsKind.choices,
        default=ClaimsKind.DEVICE,
        help_text=_(
            "Nach welchen Regeln die Texte der Produkte dieser Kategorie geprüft "
            "werden (Rechtliche Prüfhinweise): Magnesium ist Nahrungsergänzung, "
            "Wärmepflaster und Massagegeräte sind Geräte."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("claims_kind"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    """A brand or manufacturer of products."""

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    website = models.URLField(_("Website"), blank=True, validators=[validate_http_url])

    class Meta:
        ordering = ["name"]
        verbose_name = _("Marke / Hersteller")
        verbose_name_plural = _("Marken / Hersteller")

    def __str__(self) -> str:
        return self.name
