"""Revenue settings per merchant, Amazon tracking IDs, commissions, page views.

Nothing here is personal: a click reference is random, page views are daily
counts per page. Products' own tables stay untouched (one-to-one settings).
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class Network(models.TextChoices):
    """The affiliate network a merchant's sales are reported by."""

    AWIN = "awin", "Awin"
    ADCELL = "adcell", "Adcell"
    AMAZON = "amazon", "Amazon PartnerNet"
    OTHER = "other", "Anderes Netzwerk"


# The query parameter each network reports back as the click's reference.
DEFAULT_REFERENCE_PARAMETERS = {
    Network.AWIN: "clickref",
    Network.ADCELL: "subId",
    Network.AMAZON: "",
    Network.OTHER: "",
}
MAX_TRACKING_IDS = 100


class MerchantRevenue(ClusterableModel):
    """How a merchant's network learns which click or page earned a sale.

    Read by the link renderer and /go/ through an in-process cache (one
    query per worker and minute), never per click.
    """

    merchant = models.OneToOneField(
        "products.Merchant",
        verbose_name="Händler",
        on_delete=models.CASCADE,
        related_name="revenue_settings",
    )
    network = models.CharField(
        "Netzwerk", max_length=10, choices=Network.choices, default=Network.AWIN
    )
    reference_parameter = models.CharField(
        "Parameter für die Klick-Referenz",
        max_length=40,
        blank=True,
        help_text=(
            "Leer: der Parameter des Netzwerks (Awin „clickref“, Adcell „subId“). "
            "Amazon kennt keinen; dort zählen Tracking-IDs."
        ),
    )
    default_tracking_id = models.CharField(
        "Standard-Tracking-ID",
        max_length=40,
        blank=True,
        help_text="Nur Amazon: für alle Seiten ohne eigene Zuordnung, z. B. „backportal-21“.",
    )

    class Meta:
        verbose_name = "Provisions-Einstellung"
        verbose_name_plural = "Provisions-Einstellungen"

    def __str__(self) -> str:
        return f"{self.merchant} ({self.get_network_display()})"

    @property
    def parameter(self) -> str:
        return self.reference_parameter.strip() or DEFAULT_REFERENCE_PARAMETERS.get(
            self.network, ""
        )


class TrackingId(models.Model):
    """An Amazon tracking ID for one topic or one article (at most 100 per merchant)."""

    settings = ParentalKey(
        MerchantRevenue, on_delete=models.CASCADE, related_name="tracking_ids"
    )
    tracking_id = models.CharField("Tracking-ID", max_length=40)
    # A plain id: topics live in articles, a higher layer (see registry.py).
    topic_id = models.PositiveIntegerField("Thema", null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Einzelner Artikel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "Tracking-ID"
        verbose_name_plural = "Tracking-IDs"
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "tracking_id"], name="revenue_unique_tracking_id"
            )
        ]

    def __str__(self) -> str:
        return self.tracking_id

    def clean(self) -> None:
        if (self.topic_id is None) == (self.page_id is None):
            raise ValidationError("Bitte entweder ein Thema oder einen Artikel wählen.")


class Status(models.TextChoices):
    """Where a commission stands with the network."""

    OPEN = "open", "offen"
    CONFIRMED = "confirmed", "bestätigt"
    CANCELLED = "cancelled", "storniert"


class Transaction(models.Model):
    """One sale (or one Amazon day × tracking ID × item) a network reported.

    Keyed by (network, external_id): re-importing changes nothing, a later
    report with another status updates the row and appends to `updates`.
    Matched to a page/placement/product through the click reference or the
    tracking ID; unmatched rows stay (page empty) and are listed.
    """

    network = models.CharField("Netzwerk", max_length=10, choices=Network.choices)
    external_id = models.CharField("Transaktions-ID", max_length=120)
    merchant = models.ForeignKey(
        "products.Merchant",
        verbose_name="Händler",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merchant_name = models.CharField("Händler laut Bericht", max_length=120, blank=True)
    day = models.DateField("Datum", db_index=True)
    sale_amount = models.DecimalField("Umsatz", max_digits=12, decimal_places=2)
    commission = models.DecimalField("Provision", max_digits=12, decimal_places=2)
    currency = models.CharField("Währung", max_length=3, default="EUR")
    status = models.CharField("Status", max_length=10, choices=Status.choices)
    reference = models.CharField("Klick-Referenz / Sub-ID", max_length=60, blank=True)
    tracking_id = models.CharField("Tracking-ID", max_length=40, blank=True)
    product_text = models.CharField("Produkt laut Bericht", max_length=200, blank=True)
    # What the sale is attributed to (copied from the click, so purging raw
    # clicks keeps the attribution).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Seite",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic_id = models.PositiveIntegerField("Thema", null=True, blank=True)
    placement = models.CharField("Platzierung", max_length=12, blank=True)
    product = models.ForeignKey(
        "products.Product",
        verbose_name="Produkt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.ForeignKey(
        "products.AffiliateLink",
        verbose_name="Link",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    click_day = models.DateField("Klick-Tag", null=True, blank=True)
    matched_by = models.CharField(
        "Zugeordnet über",
        max_length=12,
        blank=True,
        choices=[
            ("reference", "Klick-Referenz"),
            ("subid", "Sub-ID (Seite und Platzierung)"),
            ("tracking", "Tracking-ID"),
            ("", "nicht zugeordnet"),
        ],
    )
    updates = models.JSONField("Änderungen", default=list, blank=True)
    imported_at = models.DateTimeField("Importiert am", auto_now_add=True)
    updated_at = models.DateTimeField("Geändert am", auto_now=True)

    class Meta:
        verbose_name = "Provision"
        verbose_name_plural = "Provisionen"
        permissions = [("view_revenue", "Sieht Geld (Provisionen und Umsätze)")]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "external_id"], name="revenue_unique_transaction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.external_id}"

    @property
    def is_matched(self) -> bool:
        return bool(self.matched_by)


class DailyPageViews(models.Model):
    """Views of one page on one Berlin day: a counter, no per-visitor row."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Seite",
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField("Tag", db_index=True)
    views = models.PositiveIntegerField("Aufrufe", default=0)

    class Meta:
        verbose_name = "Seitenaufrufe pro Tag"
        verbose_name_plural = "Seitenaufrufe pro Tag"
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="revenue_unique_views")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.views}"
