"""Raw clicks, the daily rollup the reports read, and the daily visitor-key salt.

Raw clicks are append-only (UTC timestamps, no IP address, no User-Agent, no
cookie); products.clicks.rollup turns them into DailyClicks rows keyed by the
Berlin-local day. See services.record_click for how a click is written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from products.placement import Placement

__all__ = ["BotReason", "Click", "DailyClicks", "DailySalt", "Device", "Placement"]


class Device(models.TextChoices):
    """Device class derived from the User-Agent (the User-Agent is not stored)."""

    MOBILE = "mobile", _("Smartphone")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Desktop")


class BotReason(models.TextChoices):
    """Why a click was flagged as not made by a person (blank: a person)."""

    NONE = "", _("Kein Bot")
    CRAWLER = "crawler", _("Bot oder Vorschau-Dienst")
    PREFETCH = "prefetch", _("Vorabruf des Browsers")
    HEAD = "head", _("HEAD-Anfrage")


class Outcome(models.TextChoices):
    """What the visitor got: the merchant, our product page, or a direct link."""

    REDIRECT = "redirect", _("Weiterleitung zum Händler")
    FALLBACK = "fallback", _("Link inaktiv: Produktseite")
    PING = "ping", _("Direkter Link (Ping)")


# The columns of a click row, named once: what clicks are counted by (the
# daily rollup groups by these), then what only the raw click records.
DIMENSION_COLUMNS = (
    "link_id",
    "product_id",
    "merchant_id",
    "page_id",
    "placement",
    "device",
    "is_bot",
)
CLICK_COLUMNS = ("at", *DIMENSION_COLUMNS, "bot_reason", "outcome", "visitor_key")


class ClickDimensions(models.Model):
    """What a click is counted by: raw clicks and the daily rollup share these."""

    link = models.ForeignKey(
        "products.AffiliateLink",
        verbose_name=_("Link"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("Produkt"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    merchant = models.ForeignKey(
        "products.Merchant",
        verbose_name=_("Händler"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    placement = models.CharField(
        _("Platzierung"), max_length=12, choices=Placement.choices, blank=True
    )
    device = models.CharField(_("Gerät"), max_length=8, choices=Device.choices)
    is_bot = models.BooleanField(_("Bot"), default=False)

    class Meta:
        abstract = True


class Click(ClickDimensions):
    """One click on an affiliate link, recorded by /go/ or the click endpoint.

    Append-only; `visitor_key` is a salted daily hash, never an address. Raw
    rows older than CLICKS_RETENTION_MONTHS are purged, the rollup stays.
    """

    at = models.DateTimeField(_("Zeitpunkt"), db_index=True)
    bot_reason = models.CharField(
        _("Bot-Grund"), max_length=10, choices=BotReason.choices, blank=True
    )
    outcome = models.CharField(_("Ergebnis"), max_length=10, choices=Outcome.choices)
    visitor_key = models.CharField(_("Besucherschlüssel (Tag)"), max_length=32)
    reference = models.CharField(
        "Klick-Referenz",
        max_length=16,
        blank=True,
        default="",
        db_default="",  # raw INSERTs and COPYs that leave it out stay valid
        help_text="Zufällig, je Klick im Weiterleitungs-Modus; die Netzwerke melden sie zurück.",
    )

    class Meta:
        verbose_name = _("Klick")
        verbose_name_plural = _("Klicks")
        indexes = [
            models.Index(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="clicks_click_reference",
            )
        ]
        permissions = [
            ("view_click_reports", _("Kann Klick-Berichte und Exporte sehen")),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} @ {self.at:%Y-%m-%d %H:%M:%S}"


class DailyClicks(ClickDimensions):
    """Clicks and unique clicks per Berlin day × link × page × placement × device × bot.

    Written only by rollup.rollup_day(); every report reads this table.
    """

    day = models.DateField(_("Tag"), db_index=True)
    clicks = models.PositiveIntegerField(_("Klicks"))
    unique_clicks = models.PositiveIntegerField(_("Eindeutige Klicks"))

    class Meta:
        verbose_name = _("Klicks pro Tag")
        verbose_name_plural = _("Klicks pro Tag")

    def __str__(self) -> str:
        return f"{self.day}: {self.clicks}"


class RollupDay(models.Model):
    """Bookkeeping of the rollup: when a Berlin day was last aggregated.

    A day is final once aggregated after its end (plus a grace period) or once
    its raw clicks were purged; catch-up redoes every day that is not final.
    """

    day = models.DateField(_("Tag"), primary_key=True)
    rolled_up_at = models.DateTimeField(_("Zusammengefasst am"), null=True)
    is_final = models.BooleanField(_("Abgeschlossen"), default=False)
    raw_purged = models.BooleanField(_("Rohdaten gelöscht"), default=False)

    class Meta:
        verbose_name = _("Zusammengefasster Tag")
        verbose_name_plural = _("Zusammengefasste Tage")

    def __str__(self) -> str:
        return str(self.day)


class DailySalt(models.Model):
    """The secret salt of one Berlin day for visitor keys; past days are deleted.

    Without the salt a visitor key cannot be recomputed, so nothing links the
    same visitor across days.
    """

    day = models.DateField(_("Tag"), primary_key=True)
    salt = models.CharField(_("Salz"), max_length=64)

    class Meta:
        verbose_name = _("Tages-Salz")
        verbose_name_plural = _("Tages-Salze")

    def __str__(self) -> str:
        return str(self.day)
