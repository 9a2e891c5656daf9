"""Affiliate links: one shop's offer for a product, and the Offer a reader sees
at one moment (its price shown only while fresh for its merchant)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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

    Edited inline on its product. Live while active, inside its validity
    window and its merchant is live; its price is shown only while fresh for
    its merchant.
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
    asin = models.CharField(
        _("ASIN (Amazon)"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[A-Z0-9]{10}$", _("Zehn Zeichen, A–Z und 0–9."))],
    )
    gtin = models.CharField(
        _("GTIN/EAN"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8,14}$", _("8 bis 14 Ziffern."))],
    )
    merchant_product_id = models.CharField(
        _("Artikelnummer des Händlers"),
        max_length=100,
        blank=True,
        help_text=_(
            "Wie sie im Produktfeed des Händlers steht (Google: g:id, Awin: "
            "merchant_product_id). Preise und Verfügbarkeit kommen dann aus dem Feed."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("merchant"), FieldPanel("slug")]),
        FieldPanel("url"),
        FieldRowPanel(
            [
                FieldPanel("asin"),
                FieldPanel("gtin"),
                FieldPanel("merchant_product_id"),
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
        if errors:
            raise ValidationError(errors)

    def is_live(self, at: datetime) -> bool:
        """Active, inside its validity window, and its merchant published (a
        merchant never published, unpublished or expired counts as none)."""
        return (
            self.is_active
            and (self.valid_from is None or self.valid_from <= at)
            and (self.valid_until is None or at < self.valid_until)
            and self.merchant.is_shown(at)
        )

    def current_offer(self, at: datetime):
        """The newest offer (products.offers) with a price or availability
        still fresh at `at`, or None. Reads the prefetched offers
        (ProductQuerySet.for_display): no query."""
        fresh = [
            offer
            for offer in self.loaded_offers()
            if offer.is_fresh(at)
            and (offer.price is not None or offer.availability != "unknown")
        ]
        return max(fresh, key=lambda offer: offer.observed_at, default=None)

    def loaded_offers(self) -> list:
        """The link's offers: from the JSON the display query carried along
        (ProductQuerySet.for_display on PostgreSQL), else prefetched/queried."""
        if not hasattr(self, "offers_json"):
            return list(self.offers.all())
        cached = self.__dict__.get("_loaded_offers")
        if cached is None:
            cached = [_offer_from_json(self, row) for row in self.offers_json or []]
            self.__dict__["_loaded_offers"] = cached
        return cached

    def price_is_fresh(self, at: datetime) -> bool:
        offer = self.current_offer(at)
        return offer is not None and offer.price is not None


def offers_json():
    """A subquery: the link's offers as one JSON array (PostgreSQL), read back
    by AffiliateLink.loaded_offers() into unsaved Offer rows."""
    from django.contrib.postgres.aggregates import JSONBAgg
    from django.db.models import F, OuterRef, Subquery
    from django.db.models.functions import JSONObject

    Offer = apps.get_model("offers", "Offer")
    return Subquery(
        Offer.objects.filter(link=OuterRef("pk"))
        .values("link")
        .annotate(
            rows=JSONBAgg(
                JSONObject(
                    id="id",
                    source_id="source_id",
                    source_max_age_hours=F("source__max_age_hours"),
                    price="price",
                    currency="currency",
                    availability="availability",
                    shipping_note="shipping_note",
                    image_url="image_url",
                    rating="rating",
                    rating_count="rating_count",
                    observed_at="observed_at",
                    rating_observed_at="rating_observed_at",
                )
            )
        )
        .values("rows")
    )


def offer_queryset():
    """The offers of links as readers' pages load them (with their source)."""
    return apps.get_model("offers", "Offer").objects.select_related("source")


@dataclass(frozen=True)
class Offer:
    """A link as readers see it at one moment; templates ask, never compare dates.

    Its data (price, availability, shipping, rating) is the link's newest
    fresh offer from products.offers; stale data is never shown.
    """

    link: AffiliateLink
    at: datetime

    @property
    def merchant(self) -> Merchant:
        return self.link.merchant

    @cached_property
    def data(self):
        return self.link.current_offer(self.at)

    @cached_property
    def price_is_fresh(self) -> bool:
        return self.data is not None and self.data.price is not None

    @property
    def price(self):
        return self.data.price if self.price_is_fresh else None

    @property
    def currency(self) -> str:
        return self.data.currency if self.data else "EUR"

    @property
    def observed_at(self):
        return self.data.observed_at if self.data else None

    @property
    def shipping_note(self) -> str:
        return self.data.shipping_note if self.data else ""

    @property
    def is_out_of_stock(self) -> bool:
        """Only a fresh offer's word counts; unknown or stale: no claim."""
        return self.data is not None and self.data.is_out_of_stock

    @property
    def rating(self):
        return self.data.rating if self.data else None

    @property
    def image_url(self) -> str:
        """The shop's picture, where it may come from the shop's own server:
        Amazon forbids storing its images, so a box without a picture of our
        own shows Amazon's URL (an origin the CSP and the privacy page name,
        settings.AFFILIATE_IMAGE_ORIGINS); other hosts are never embedded."""
        url = self.data.image_url if self.data else ""
        allowed = settings.AFFILIATE_IMAGE_ORIGINS
        return url if any(url.startswith(f"{origin}/") for origin in allowed) else ""


def _offer_from_json(link, row):
    from datetime import datetime
    from decimal import Decimal

    Offer = apps.get_model("offers", "Offer")
    DataSource = apps.get_model("offers", "DataSource")

    def moment(text):
        return datetime.fromisoformat(text) if text else None

    offer = Offer(
        id=row["id"],
        link=link,
        price=Decimal(str(row["price"])) if row["price"] is not None else None,
        currency=row["currency"],
        availability=row["availability"],
        shipping_note=row["shipping_note"],
        image_url=row["image_url"],
        rating=Decimal(str(row["rating"])) if row["rating"] is not None else None,
        rating_count=row["rating_count"],
        observed_at=moment(row["observed_at"]),
        rating_observed_at=moment(row["rating_observed_at"]),
    )
    if row["source_id"] is not None:
        offer.source = DataSource(
            id=row["source_id"],
            merchant=link.merchant,
            max_age_hours=row["source_max_age_hours"],
        )
    return offer
