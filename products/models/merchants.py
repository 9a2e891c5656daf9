"""Merchants: the shops and networks links go to, how their links render and
how old their prices and ratings may be. Under draft/publish like products."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from .validators import validate_http_url, validate_link_label

# The label beside a link in running text unless its merchant asks for another.
DEFAULT_LINK_LABEL = "Werbung"


class LinkMode(models.TextChoices):
    """How a merchant's links are rendered (see products.affiliate.render_affiliate_link)."""

    REDIRECT = "redirect", _("Weiterleitung über /go/ (Standard)")
    DIRECT = "direct", _("Direkter Händler-Link mit Klick-Ping (z. B. Amazon)")


class Merchant(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """A shop or network (Amazon, a manufacturer shop, a pharmacy).

    Decides the link mode, carries the statement its terms require, and how old
    prices and ratings from it may be before they must not be shown. A snippet
    under the product workflow ("Produkt-Freigabe"): the row is the live
    version; a merchant that is not live (or expired) counts as no merchant,
    so its links are left out like inactive ones (AffiliateLink.is_live).
    """

    name = models.CharField(_("Name"), max_length=80)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    link_mode = models.CharField(
        _("Link-Art"),
        max_length=16,
        choices=LinkMode.choices,
        default=LinkMode.REDIRECT,
        help_text=_(
            "Direkt für Händler, deren Bedingungen verschleierte Links verbieten "
            "(z. B. Amazon): der Link zeigt die Händler-Adresse, der Klick wird "
            "trotzdem gezählt."
        ),
    )
    disclosure_statement = models.TextField(
        _("Pflichthinweis des Händlers"),
        blank=True,
        help_text=_(
            "Steht einmal am Seitenende jeder Seite mit Links zu diesem Händler, "
            "z. B. „Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.“"
        ),
    )
    max_data_age_hours = models.PositiveIntegerField(
        _("Maximales Datenalter (Stunden)"),
        default=24,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Wie alt Preise und Bewertungen von diesem Händler höchstens sein "
            "dürfen (Amazon: 24). Ältere Angaben werden nicht angezeigt."
        ),
    )
    website = models.URLField(_("Website"), blank=True, validators=[validate_http_url])
    link_label = models.CharField(
        _("Kennzeichnung neben jedem Link"),
        max_length=40,
        blank=True,
        validators=[validate_link_label],
        help_text=_(
            "Wenn die Bedingungen des Händlers es verlangen, z. B. „(bezahlter Link)“, "
            "„#Anzeige“ oder „#VerdientProvisionen“ (Amazon PartnerNet): steht dann "
            "neben jedem Link zu diesem Händler, in Boxen, Tabellen, Listen und "
            "Fließtext. Leer: „Werbung“ neben Links im Fließtext; Boxen, Tabellen "
            "und Listen tragen „Werbung“ am Kasten."
        ),
    )
    show_ratings = models.BooleanField(
        _("Bewertungen dieser Quelle anzeigen"),
        default=True,
        help_text=_(
            "Aus: Sterne und Anzahl der Bewertungen von dieser Quelle erscheinen "
            "nirgends auf der Website (manche Partnerprogramme erlauben Bewertungen "
            "nur über ihre eigene Schnittstelle). Unsere eigene Bewertung bleibt."
        ),
    )
    rating_note = models.CharField(
        _("Hinweis zur Echtheit der Bewertungen"),
        max_length=250,
        blank=True,
        help_text=_(
            "Steht neben jeder Bewertung dieser Quelle (§ 5b Abs. 3 UWG): ob und wie "
            "geprüft wird, dass die Bewertungen von Käufern stammen. Leer: "
            "„Bewertungen von Kundinnen und Kunden bei <Name>; wir prüfen nicht, "
            "ob sie von Käufern stammen.“"
        ),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="merchant")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="merchant",
        for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("website"),
        FieldPanel("link_mode"),
        MultiFieldPanel(
            [FieldPanel("link_label"), FieldPanel("disclosure_statement")],
            heading=_("Kennzeichnung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_data_age_hours"),
                FieldPanel("show_ratings"),
                FieldPanel("rating_note"),
            ],
            heading=_("Preise und Bewertungen"),
        ),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Händler")
        verbose_name_plural = _("Händler")
        permissions = [("unpublish_merchant", "Kann Händler offline nehmen")]

    def __str__(self) -> str:
        return self.name

    def is_shown(self, at: datetime) -> bool:
        """Whether readers get its links at `at`: published and not past its
        expiry (publish_scheduled unpublishes it a little later)."""
        return self.live and (self.expire_at is None or at < self.expire_at)

    @property
    def rating_notice(self) -> str:
        """The note beside this source's ratings: the merchant's own, or ours."""
        return self.rating_note.strip() or _(
            "Bewertungen von Kundinnen und Kunden bei %(name)s; wir prüfen nicht, "
            "ob sie von Käufern stammen."
        ) % {"name": self.name}

    @property
    def max_data_age(self) -> timedelta:
        return timedelta(hours=self.max_data_age_hours)

    @property
    def is_direct(self) -> bool:
        return self.link_mode == LinkMode.DIRECT

    def is_fresh(self, checked_at: datetime | None, at: datetime) -> bool:
        """Whether data checked at `checked_at` may still be shown at `at`."""
        return checked_at is not None and at - checked_at <= self.max_data_age

    def fresh_until(self, checked_at: datetime) -> datetime:
        return checked_at + self.max_data_age
