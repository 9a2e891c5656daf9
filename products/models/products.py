"""Products: what we recommend, their nutrients and pictures, and the snapshot
of a product as shown at one moment (which offers, which data may appear)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from backportal.claims.panels import ClaimsPanel
from backportal.claims.ruleset import nutrient_choices

from ..placement import Placement
from .links import AffiliateLink, Offer
from .merchants import Merchant
from .taxonomy import Brand, Category
from .validators import rating_validators

# How many offers a recommendation box shows (best first).
BOX_OFFER_LIMIT = 3


class ProductQuerySet(models.QuerySet):
    """Catalogue queries: active products, by category, ready to render."""

    def active(self):
        """Shown to readers in boxes, lists and the catalogue: active, not drafts."""
        return self.filter(is_active=True, is_draft=False)

    def in_category(self, category):
        return self.filter(category=category)

    def for_display(self):
        """Everything a box, table or list shows, in a fixed number of queries.

        Links the link checker found broken (products.linkcheck) are left out
        in the same query, so boxes fall back to the next working link.
        """
        return self.select_related(
            "category", "brand", "external_rating_source", "image"
        ).prefetch_related(
            "image__renditions",
            Prefetch(
                "links",
                queryset=AffiliateLink.objects.select_related("merchant")
                .exclude(link_check__state="broken")
                .order_by("-priority", "sort_order", "pk"),
            ),
        )

    def with_stale_data(self, at: datetime):
        """Products showing editors a price or rating older than its source allows."""
        stale = Q(pk__in=[])
        for merchant in Merchant.objects.all():
            limit = at - merchant.max_data_age
            stale |= Q(
                links__merchant=merchant,
                links__price__isnull=False,
                links__price_checked_at__lt=limit,
            )
            stale |= Q(
                external_rating_source=merchant,
                external_rating__isnull=False,
                external_rating_checked_at__lt=limit,
            )
        stale |= Q(links__price__isnull=False, links__price_checked_at__isnull=True)
        return self.filter(stale).distinct()


class Badge(models.TextChoices):
    """An optional highlight on a product's box."""

    FAVOURITE = "favourite", _("Unser Favorit")
    VALUE = "value", _("Preis-Leistungs-Tipp")
    PREMIUM = "premium", _("Premium-Wahl")


class Product(RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """A product we recommend, with our verdict and its shops (AffiliateLink).

    A snippet with revisions and a preview of its box; archived products
    (is_active off) never render a box or a button.
    """

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("Kategorie"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("Marke / Hersteller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Hauptbild"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    short_description = models.TextField(
        _("Kurzbeschreibung"), max_length=400, blank=True
    )
    verdict = models.TextField(
        _("Unser Urteil"),
        blank=True,
        help_text=_("Warum wir das Produkt empfehlen, in zwei bis vier Sätzen."),
    )
    pros = models.TextField(
        _("Vorteile"), blank=True, help_text=_("Ein Punkt pro Zeile.")
    )
    cons = models.TextField(
        _("Nachteile"), blank=True, help_text=_("Ein Punkt pro Zeile.")
    )
    badge = models.CharField(
        _("Auszeichnung"), max_length=16, choices=Badge.choices, blank=True
    )
    our_rating = models.DecimalField(
        _("Unsere Bewertung (1–5)"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=rating_validators,
    )
    review_author = models.CharField(
        _("Bewertet von"),
        max_length=120,
        blank=True,
        help_text=_("Name der testenden Person; leer: die Redaktion."),
    )
    external_rating = models.DecimalField(
        _("Externe Bewertung (Sterne)"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=rating_validators,
    )
    external_rating_count = models.PositiveIntegerField(
        _("Anzahl Bewertungen"), null=True, blank=True
    )
    external_rating_source = models.ForeignKey(
        Merchant,
        verbose_name=_("Quelle der Bewertung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    external_rating_checked_at = models.DateTimeField(
        _("Bewertung geprüft am"), null=True, blank=True
    )
    is_active = models.BooleanField(
        _("Aktiv"),
        default=True,
        help_text=_(
            "Ausschalten archiviert das Produkt: es erscheint nirgends mehr, "
            "Boxen in Artikeln verschwinden. Besser als Löschen."
        ),
    )
    is_draft = models.BooleanField(
        _("Entwurf"),
        default=False,
        help_text=_(
            "Noch nicht veröffentlicht: das Produkt erscheint nirgends, auch nicht "
            "unter seiner eigenen Adresse. Zum Veröffentlichen ausschalten."
        ),
    )
    reference_quantity = models.CharField(
        _("Bezugsmenge"),
        max_length=80,
        blank=True,
        help_text=_(
            "Worauf sich die Nährstoffmengen beziehen, z. B. „Tagesdosis (2 Kapseln)“."
        ),
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="product")
    claim_findings = GenericRelation("claims.ClaimFinding")

    objects = ProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.FilterField("is_active"),
        index.FilterField("category"),
        index.FilterField("brand"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("category"), FieldPanel("brand")]),
                    FieldPanel("image"),
                    InlinePanel(
                        "gallery_images", heading=_("Weitere Bilder"), label=_("Bild")
                    ),
                    FieldPanel("short_description"),
                    FieldRowPanel([FieldPanel("is_active"), FieldPanel("is_draft")]),
                ],
                heading=_("Produkt"),
            ),
            ObjectList(
                [
                    FieldPanel("verdict"),
                    FieldRowPanel([FieldPanel("pros"), FieldPanel("cons")]),
                    FieldRowPanel([FieldPanel("our_rating"), FieldPanel("badge")]),
                    FieldPanel("review_author"),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [
                                    FieldPanel("external_rating"),
                                    FieldPanel("external_rating_count"),
                                ]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("external_rating_source"),
                                    FieldPanel("external_rating_checked_at"),
                                ]
                            ),
                        ],
                        heading=_("Externe Bewertung (z. B. Amazon-Sterne)"),
                    ),
                ],
                heading=_("Bewertung"),
            ),
            ObjectList(
                [InlinePanel("links", heading=_("Shops"), label=_("Affiliate-Link"))],
                heading=_("Shops und Preise"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("reference_quantity"),
                            InlinePanel(
                                "nutrients",
                                heading=_("Nährstoffe je Bezugsmenge"),
                                label=_("Nährstoff"),
                            ),
                        ],
                        heading=_("Nährstoffe"),
                        help_text=_(
                            "Zugelassene Angaben wie „Magnesium trägt zu einer normalen "
                            "Muskelfunktion bei.“ sind nur erlaubt, wenn das Produkt je "
                            "Tagesdosis mindestens 15 % des Referenzwerts enthält "
                            "(Magnesium: 56,25 mg)."
                        ),
                    ),
                    ClaimsPanel(),
                ],
                heading=_("Rechtliche Prüfung"),
            ),
        ]
    )

    preview_modes = [
        ("box", _("Empfehlungsbox")),
        ("detail", _("Produktseite")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Produkt")
        verbose_name_plural = _("Produkte")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.external_rating is not None and not (
            self.external_rating_source_id and self.external_rating_checked_at
        ):
            raise ValidationError(
                {
                    "external_rating_checked_at": _(
                        "Eine externe Bewertung braucht Quelle und Prüfdatum."
                    )
                }
            )

    @property
    def is_public(self) -> bool:
        """Whether readers may see it at all: published, active or archived."""
        return not self.is_draft

    @property
    def claims_kind(self) -> str:
        """The rules its copy is held to, from its category (ClaimsKind)."""
        return self.category.claims_kind

    def nutrient_amounts(self) -> dict[str, Decimal]:
        """{nutrient id: amount per reference quantity}, e.g. {"magnesium": 300}."""
        return {row.nutrient: row.amount for row in self.nutrients.all()}

    @property
    def pros_list(self) -> list[str]:
        return [line.strip() for line in self.pros.splitlines() if line.strip()]

    @property
    def cons_list(self) -> list[str]:
        return [line.strip() for line in self.cons.splitlines() if line.strip()]

    def live_links(self, at: datetime) -> list[AffiliateLink]:
        """Links that may be shown at `at`, best first (priority, then order)."""
        links = [link for link in self.links.all() if link.is_live(at)]
        return sorted(links, key=lambda link: (-link.priority, link.sort_order or 0))

    def external_rating_is_fresh(self, at: datetime) -> bool:
        source = self.external_rating_source
        return (
            self.external_rating is not None
            and source is not None
            and source.is_fresh(self.external_rating_checked_at, at)
        )

    def stale_data(self, at: datetime) -> list[str]:
        """What editors must refresh: data older than its source allows, in words."""
        stale = [
            _("Preis bei %(merchant)s") % {"merchant": link.merchant.name}
            for link in self.links.all()
            if link.price is not None and not link.price_is_fresh(at)
        ]
        if self.external_rating is not None and not self.external_rating_is_fresh(at):
            stale.append(_("Externe Bewertung"))
        return stale

    def snapshot(self, at: datetime | None = None) -> ProductSnapshot:
        return ProductSnapshot(self, at or timezone.now())

    def get_preview_template(self, request, mode_name):
        return f"products/previews/product_{mode_name}.html"

    def get_preview_context(self, request, mode_name):
        """The box preview renders through {% product_box_preview %}
        (products/templatetags/affiliate_tags.py): models never import blocks."""
        context = super().get_preview_context(request, mode_name)
        context["snapshot"] = self.snapshot()
        context["product"] = self
        return context


class ProductNutrient(Orderable):
    """How much of a nutrient a product holds per reference quantity (daily dose).

    backportal.claims checks authorised claims against it; the nutrients and
    their units come from backportal/claims/rules/nutrients.toml.
    """

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="nutrients")
    nutrient = models.CharField(_("Nährstoff"), max_length=40, choices=nutrient_choices)
    amount = models.DecimalField(
        _("Menge je Bezugsmenge"),
        max_digits=10,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In der Einheit des Nährstoffs, z. B. 300 (mg)."),
    )

    panels = [FieldRowPanel([FieldPanel("nutrient"), FieldPanel("amount")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["product", "nutrient"], name="unique_product_nutrient"
            )
        ]
        verbose_name = _("Nährstoffmenge")
        verbose_name_plural = _("Nährstoffmengen")

    def __str__(self) -> str:
        return f"{self.get_nutrient_display()}: {self.amount}"


class ProductImage(Orderable):
    """A further picture of a product, shown on its detail page."""

    product = ParentalKey(
        Product, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


@dataclass(frozen=True)
class ProductSnapshot:
    """A product as shown at `at`: which offers and which data may appear."""

    product: Product
    at: datetime

    @property
    def is_shown(self) -> bool:
        """Archived products and drafts render nothing."""
        return self.product.is_active and not self.product.is_draft

    @cached_property
    def offers(self) -> list[Offer]:
        if not self.is_shown:
            return []
        return [Offer(link, self.at) for link in self.product.live_links(self.at)]

    @property
    def best_offer(self) -> Offer | None:
        return self.offers[0] if self.offers else None

    def offers_for(self, placement: str) -> list[Offer]:
        """The offers a placement links to: a box shows several, others the best."""
        if placement == Placement.BOX:
            return self.offers[:BOX_OFFER_LIMIT]
        if placement == Placement.DETAIL:
            return self.offers
        return self.offers[:1]

    @cached_property
    def external_rating_is_fresh(self) -> bool:
        return self.product.external_rating_is_fresh(self.at)

    @cached_property
    def external_rating_is_shown(self) -> bool:
        """Fresh, and its source allows showing it ("Bewertungen … anzeigen")."""
        return (
            self.external_rating_is_fresh
            and self.product.external_rating_source.show_ratings
        )

    @property
    def fresh_until(self) -> datetime | None:
        """When what this shows stops being right (for caches): a shown price or
        rating turns stale, a shown offer ends, or a link's offer begins."""
        moments = [
            offer.merchant.fresh_until(offer.link.price_checked_at)
            for offer in self.offers
            if offer.price_is_fresh
        ]
        moments += [
            offer.link.valid_until for offer in self.offers if offer.link.valid_until
        ]
        if self.is_shown:
            moments += [
                link.valid_from
                for link in self.product.links.all()
                if link.is_active and link.valid_from and link.valid_from > self.at
            ]
        if self.external_rating_is_shown:
            product = self.product
            moments.append(
                product.external_rating_source.fresh_until(
                    product.external_rating_checked_at
                )
            )
        return min(moments, default=None)
