"""Affiliate links: one shop's offer for a product, and the Offer a reader sees
at one moment (its price shown only while fresh for its merchant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.models import Orderable

from .merchants import Merchant
from .validators import validate_http_url


class AffiliateLink(Orderable):
    """One shop's offer for a product: target URL, /go/ slug, price.

    Edited inline on its product. Live while active and inside its validity
    window; its price is shown only while fresh for its merchant.
    """

    product = ParentalKey(
        "products.Product", on_delete=models.CASCADE, related_name="links"
    )
    merchant = models.ForeignKey(
        Merchant,
        verbose_name=_("Händler"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    url = models.URLField(
        _("Ziel-Adresse"),
        max_length=2000,
        validators=[validate_http_url],
        help_text=_("Die Partner-Adresse beim Händler, mit http:// oder https://."),
    )
    slug = models.SlugField(
        _("Kurzname für /go/"),
        max_length=80,
        unique=True,
        help_text=_(
            "Erscheint in der Adresse /go/<kurzname>/, z. B. waermekissen-amazon."
        ),
    )
    priority = models.PositiveSmallIntegerField(
        _("Priorität"),
        default=0,
        help_text=_(
            "Höhere Zahl wird zuerst gezeigt; bei Gleichstand die Reihenfolge."
        ),
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)
    valid_from = models.DateTimeField(_("Gültig ab"), null=True, blank=True)
    valid_until = models.DateTimeField(_("Gültig bis"), null=True, blank=True)
    price = models.DecimalField(
        _("Preis"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("Währung"), max_length=3, default="EUR")
    price_checked_at = models.DateTimeField(
        _("Preis geprüft am"), null=True, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("merchant"), FieldPanel("slug")]),
        FieldPanel("url"),
        FieldRowPanel(
            [
                FieldPanel("price"),
                FieldPanel("currency"),
                FieldPanel("price_checked_at"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("is_active"),
                FieldPanel("priority"),
                FieldPanel("valid_from"),
                FieldPanel("valid_until"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Affiliate-Link")
        verbose_name_plural = _("Affiliate-Links")

    def __str__(self) -> str:
        return self.slug

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.price is not None and self.price_checked_at is None:
            errors["price_checked_at"] = _("Wann wurde der Preis geprüft?")
        if errors:
            raise ValidationError(errors)

    def is_live(self, at: datetime) -> bool:
        return (
            self.is_active
            and (self.valid_from is None or self.valid_from <= at)
            and (self.valid_until is None or at < self.valid_until)
        )

    def price_is_fresh(self, at: datetime) -> bool:
        return self.price is not None and self.merchant.is_fresh(
            self.price_checked_at, at
        )


@dataclass(frozen=True)
class Offer:
    """A link as readers see it at one moment; templates ask, never compare dates."""

    link: AffiliateLink
    at: datetime

    @property
    def merchant(self) -> Merchant:
        return self.link.merchant

    @cached_property
    def price_is_fresh(self) -> bool:
        return self.link.price_is_fresh(self.at)
