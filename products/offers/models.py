"""Product data beside the catalogue: offers, data sources, refresh runs, history.

An Offer is what one source last said about one affiliate link (price,
availability, shipping, image, rating). Offers are not part of a product's
revision, so publishing an older draft never brings back an old price. The
catalogue's reader view (products.models.Offer / ProductSnapshot) asks an
offer whether it may be shown at a moment; templates never compare dates.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from products.models import AffiliateLink, Merchant, validate_http_url

# An Amazon source must refresh more often than Amazon's 24-hour limit.
AMAZON_MAX_INTERVAL_MINUTES = 24 * 60
# Currencies a source may report; anything else is a bad row.
CURRENCIES = ("EUR", "USD", "GBP", "CHF")


def validate_env_var_name(value: str) -> None:
    """Only the NAME of an environment variable, never a secret itself."""
    if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,99}", value):
        raise ValidationError(
            "Bitte nur den Namen einer Umgebungsvariablen angeben (Großbuchstaben, "
            "Ziffern, Unterstrich, z. B. AWIN_FEED_KEY), nie das Geheimnis selbst."
        )


class Availability(models.TextChoices):
    """What a source says about stock; UNKNOWN shows the offer without a claim."""

    IN_STOCK = "in_stock", "Lieferbar"
    OUT_OF_STOCK = "out_of_stock", "Nicht lieferbar"
    UNKNOWN = "unknown", "Unbekannt"


class SourceKind(models.TextChoices):
    """The format a data source speaks (see products/offers/connectors/)."""

    GOOGLE_MERCHANT_FEED = "google_merchant_feed", "Google-Merchant-Feed (XML)"
    AWIN_FEED = "awin_feed", "Awin-Produktfeed (CSV, gzip)"
    AMAZON_CREATORS = "amazon_creators", "Amazon Creators API"
    MANUAL_CSV = "manual_csv", "CSV-Import (manuell)"


class DataSourceQuerySet(models.QuerySet):
    def due(self, at: datetime):
        """Active, fetching sources whose next run has come (never run: due)."""
        return (
            self.filter(is_active=True)
            .exclude(kind=SourceKind.MANUAL_CSV)
            .filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=at))
        )

    def unhealthy(self, failures: int = 3):
        """Sources editors should look at: failing in a row, or matching nothing."""
        return self.filter(is_active=True).filter(
            Q(consecutive_failures__gte=failures)
            | Q(last_success_at__isnull=False, last_matched=0)
        )


class DataSource(models.Model):
    """Where a merchant's product data comes from: a feed URL or an API.

    Stores only the name of the environment variable holding a secret. The
    health fields (last success/error, failures, next run) are written by
    products.offers.refresh; editors read them under "Datenquellen".
    """

    name = models.CharField("Name", max_length=80)
    merchant = models.ForeignKey(
        Merchant,
        verbose_name="Händler",
        on_delete=models.PROTECT,
        related_name="data_sources",
    )
    kind = models.CharField("Art", max_length=24, choices=SourceKind.choices)
    feed_url = models.URLField(
        "Feed- oder API-Adresse",
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
        help_text=(
            "Bei Feeds die Adresse der Datei. Bei der Amazon-API leer lassen: dann "
            "gilt die offizielle Adresse https://creatorsapi.amazon."
        ),
    )
    secret_env_var = models.CharField(
        "Umgebungsvariable mit dem Zugangsschlüssel",
        max_length=100,
        blank=True,
        validators=[validate_env_var_name],
        help_text=(
            "Nur der NAME der Variablen (z. B. AWIN_FEED_KEY); der Wert steht in der "
            "Server-Umgebung und wird nie gespeichert oder angezeigt. Im Feed-Link "
            "ersetzt er {key}; bei Amazon steht dort „client_id:client_secret“."
        ),
    )
    auth_url = models.URLField(
        "Adresse für den Zugangs-Token",
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
        help_text=(
            "Nur Amazon, meist leer lassen: dann gilt der offizielle Token-Endpunkt "
            "für Europa (amazon.de), passend zur Version der Zugangsdaten."
        ),
    )
    credential_version = models.CharField(
        "Version der Zugangsdaten",
        max_length=8,
        choices=[
            ("3.2", "3.2 – Login with Amazon, Europa (neue Zugangsdaten)"),
            ("2.2", "2.2 – Europa (ältere Zugangsdaten)"),
        ],
        default="3.2",
        blank=True,
        help_text=(
            "Nur Amazon: die Version, die Associates Central zu den Zugangsdaten "
            "anzeigt."
        ),
    )
    marketplace = models.CharField(
        "Marktplatz",
        max_length=40,
        blank=True,
        default="www.amazon.de",
        help_text="Nur Amazon: der Marktplatz der Anfrage.",
    )
    partner_tag = models.CharField(
        "Partner-Tag",
        max_length=40,
        blank=True,
        help_text="Nur Amazon: die Partner-ID, z. B. backportal-21.",
    )
    is_active = models.BooleanField("Aktiv", default=True)
    interval_minutes = models.PositiveIntegerField(
        "Abstand zwischen Abrufen (Minuten)",
        default=360,
        validators=[MinValueValidator(5)],
        help_text="Amazon: deutlich unter 24 Stunden, z. B. 360.",
    )
    timeout_seconds = models.PositiveIntegerField(
        "Zeitlimit (Sekunden)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    requests_per_minute = models.PositiveIntegerField(
        "Höchstens Anfragen pro Minute",
        default=60,
        validators=[MinValueValidator(1)],
    )
    max_age_hours = models.PositiveIntegerField(
        "Maximales Datenalter (Stunden)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Leer: die Regel des Händlers. Strenger als der Händler erlaubt; nie "
            "länger."
        ),
    )
    last_run_at = models.DateTimeField("Letzter Abruf", null=True, blank=True)
    last_success_at = models.DateTimeField("Letzter Erfolg", null=True, blank=True)
    last_error_at = models.DateTimeField("Letzter Fehler am", null=True, blank=True)
    last_error = models.CharField("Letzter Fehler", max_length=500, blank=True)
    last_matched = models.PositiveIntegerField("Zuletzt zugeordnet", null=True)
    consecutive_failures = models.PositiveIntegerField(
        "Fehlschläge in Folge", default=0
    )
    next_run_at = models.DateTimeField("Nächster Abruf", null=True, blank=True)

    objects = DataSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "Datenquelle"
        verbose_name_plural = "Datenquellen"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (
            self.kind in (SourceKind.GOOGLE_MERCHANT_FEED, SourceKind.AWIN_FEED)
            and not self.feed_url
        ):
            raise ValidationError({"feed_url": "Ein Feed braucht seine Adresse."})
        if (
            self.kind == SourceKind.AMAZON_CREATORS
            and self.interval_minutes is not None
            and self.interval_minutes >= AMAZON_MAX_INTERVAL_MINUTES
        ):
            # Amazon's data may be shown for 24 hours: a source that refreshes
            # less often leaves its boxes without price for part of every day.
            raise ValidationError(
                {
                    "interval_minutes": (
                        "Amazon-Daten dürfen höchstens 24 Stunden alt sein: bitte "
                        "einen Abstand unter 24 Stunden (1440 Minuten) wählen, "
                        "z. B. 360."
                    )
                }
            )

    @property
    def max_age(self) -> timedelta:
        """How old its data may be: its own rule, never longer than the merchant's."""
        hours = self.merchant.max_data_age_hours
        if self.max_age_hours:
            hours = min(hours, self.max_age_hours)
        return timedelta(hours=hours)

    def secret(self) -> str:
        """The secret from the environment ("" if unset); never stored or logged."""
        return os.environ.get(self.secret_env_var, "") if self.secret_env_var else ""

    @property
    def health(self) -> str:
        if self.consecutive_failures:
            return f"{self.consecutive_failures} Fehlschläge in Folge"
        if self.last_success_at is None:
            return "Noch nicht abgerufen"
        if self.last_matched == 0:
            return "Keine Produkte zugeordnet"
        return "In Ordnung"


class OfferQuerySet(models.QuerySet):
    def manual(self):
        return self.filter(source__isnull=True)


class Offer(models.Model):
    """What one source last said about one affiliate link (source empty: manual).

    Fresh while younger than the source's (or merchant's) maximum age; the
    reader view shows nothing of a stale offer.
    """

    link = models.ForeignKey(
        AffiliateLink,
        verbose_name="Affiliate-Link",
        on_delete=models.CASCADE,
        related_name="offers",
    )
    source = models.ForeignKey(
        DataSource,
        verbose_name="Datenquelle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offers",
        help_text="Leer: von Hand oder per CSV-Import gepflegt.",
    )
    price = models.DecimalField(
        "Preis", max_digits=10, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField("Währung", max_length=3, default="EUR")
    availability = models.CharField(
        "Verfügbarkeit",
        max_length=16,
        choices=Availability.choices,
        default=Availability.UNKNOWN,
    )
    shipping_note = models.CharField("Versand", max_length=200, blank=True)
    image_url = models.URLField(
        "Bild-Adresse der Quelle",
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
    )
    rating = models.DecimalField(
        "Bewertung (Sterne)",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(5)],
    )
    rating_count = models.PositiveIntegerField(
        "Anzahl Bewertungen", null=True, blank=True
    )
    observed_at = models.DateTimeField("Stand")
    rating_observed_at = models.DateTimeField(
        "Bewertung Stand",
        null=True,
        blank=True,
        help_text="Leer: wie der Stand des Preises.",
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "Angebot"
        verbose_name_plural = "Angebote"
        constraints = [
            models.UniqueConstraint(
                fields=["link", "source"],
                condition=Q(source__isnull=False),
                name="offer_one_per_link_and_source",
            ),
            models.UniqueConstraint(
                fields=["link"],
                condition=Q(source__isnull=True),
                name="offer_one_manual_per_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} @ {self.source_id or 'manuell'}"

    @property
    def max_age(self) -> timedelta:
        if self.source_id is not None:
            return self.source.max_age
        return self.link.merchant.max_data_age

    def fresh_until(self) -> datetime:
        return self.observed_at + self.max_age

    def is_fresh(self, at: datetime) -> bool:
        return at <= self.fresh_until()

    def rating_fresh_until(self) -> datetime:
        return (self.rating_observed_at or self.observed_at) + self.max_age

    def rating_is_fresh(self, at: datetime) -> bool:
        return self.rating is not None and at <= self.rating_fresh_until()

    @property
    def is_out_of_stock(self) -> bool:
        return self.availability == Availability.OUT_OF_STOCK


class PricePoint(models.Model):
    """One observed price of an offer: a row per change, not per refresh."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="history")
    price = models.DecimalField("Preis", max_digits=10, decimal_places=2)
    currency = models.CharField("Währung", max_length=3)
    availability = models.CharField(
        "Verfügbarkeit", max_length=16, choices=Availability.choices
    )
    observed_at = models.DateTimeField("Beobachtet am")

    class Meta:
        ordering = ["observed_at"]
        verbose_name = "Preisverlauf"
        verbose_name_plural = "Preisverlauf"
        indexes = [models.Index(fields=["offer", "observed_at"])]

    def __str__(self) -> str:
        return f"{self.price} {self.currency} ({self.observed_at:%d.%m.%Y})"


def record_price(offer: Offer) -> bool:
    """Add a history row if price, currency or availability differ from the last
    one (one query to read, one to write on a change). True if a row was added."""
    if offer.price is None:
        return False
    last = offer.history.order_by("-observed_at").first()
    if last and (last.price, last.currency, last.availability) == (
        offer.price,
        offer.currency,
        offer.availability,
    ):
        return False
    PricePoint.objects.create(
        offer=offer,
        price=offer.price,
        currency=offer.currency,
        availability=offer.availability,
        observed_at=offer.observed_at or timezone.now(),
    )
    return True


class RefreshRun(models.Model):
    """What one refresh of a source did: counts, skip reasons, the error."""

    source = models.ForeignKey(
        DataSource, on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField("Begonnen", default=timezone.now)
    finished_at = models.DateTimeField("Beendet", null=True, blank=True)
    dry_run = models.BooleanField("Probelauf", default=False)
    seen = models.PositiveIntegerField("Gelesen", default=0)
    matched = models.PositiveIntegerField("Zugeordnet", default=0)
    changed = models.PositiveIntegerField("Geändert", default=0)
    skipped = models.PositiveIntegerField("Übersprungen", default=0)
    skip_reasons = models.JSONField("Gründe fürs Überspringen", default=dict)
    error = models.CharField("Fehler", max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "Abruf"
        verbose_name_plural = "Abrufe"

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def succeeded(self) -> bool:
        return self.finished_at is not None and not self.error


class UnlinkedMatch(models.Model):
    """A source item whose GTIN belongs to one of our products but no link
    names it: listed for editors, never shown to readers."""

    source = models.ForeignKey(
        DataSource, on_delete=models.CASCADE, related_name="unlinked"
    )
    gtin = models.CharField("GTIN/EAN", max_length=14)
    title = models.CharField("Titel in der Quelle", max_length=300, blank=True)
    merchant_product_id = models.CharField("Artikelnummer", max_length=100)
    price = models.DecimalField(
        "Preis in der Quelle", max_digits=10, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField("Währung", max_length=3, blank=True)
    seen_at = models.DateTimeField("Zuletzt gesehen", default=timezone.now)

    class Meta:
        verbose_name = "Treffer ohne Link"
        verbose_name_plural = "Treffer ohne Link"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "merchant_product_id"], name="unlinked_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gtin} {self.title}"
