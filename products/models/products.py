"""Products: what we recommend, their nutrients and pictures, and the snapshot
of a product as shown at one moment (which offers, which data may appear)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import connection, models
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
    PublishingPanel,
    TabbedInterface,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from backportal.claims.panels import ClaimsPanel
from backportal.claims.ruleset import nutrient_choices

from ..placement import Placement
from .links import AffiliateLink, Offer, offer_queryset, offers_json
from .merchants import Merchant
from .taxonomy import Brand, Category
from .validators import rating_validators

# How many offers a recommendation box shows (best first).
BOX_OFFER_LIMIT = 3


class ProductQuerySet(models.QuerySet):
    """Catalogue queries: active products, by category, ready to render."""

    def active(self):
        """Shown to readers in boxes, lists and the catalogue: live, active and
        not past its expiry (publish_scheduled unpublishes it a little later)."""
        return self.filter(is_active=True, live=True).exclude(
            expire_at__lte=timezone.now()
        )

    def in_category(self, category):
        return self.filter(category=category)

    def for_display(self):
        """Everything a box, table or list shows, in a fixed number of queries.

        Links the link checker found broken (products.linkcheck) are left out
        in the same query, so boxes fall back to the next working link. On
        PostgreSQL each link's offers (products.offers) come with it as JSON
        (no extra query); elsewhere in one more query.
        """
        links = (
            AffiliateLink.objects.select_related("merchant")
            .exclude(link_check__state="broken")
            .order_by("-priority", "sort_order", "pk")
        )
        if connection.vendor == "postgresql":
            # Offers ride along in the links' query as one JSON array each.
            return self.select_related("category", "brand", "image").prefetch_related(
                "image__renditions",
                Prefetch("links", queryset=links.annotate(offers_json=offers_json())),
            )
        return self.select_related("category", "brand", "image").prefetch_related(
            "image__renditions",
            Prefetch("links", queryset=links),
            Prefetch("links__offers", queryset=offer_queryset()),
        )

    def with_outdated_offers(self, at: datetime):
        """Products with an offer older than its source (or merchant) allows."""
        stale = Q(pk__in=[])
        for merchant in Merchant.objects.all():
            stale |= Q(
                links__merchant=merchant,
                links__offers__observed_at__lt=at - merchant.max_data_age,
            )
        for source in apps.get_model("offers", "DataSource").objects.select_related(
            "merchant"
        ):
            stale |= Q(
                links__offers__source=source,
                links__offers__observed_at__lt=at - source.max_age,
            )
        return self.filter(stale).distinct()

    def with_unavailable_offers(self):
        """Products with an offer whose source says out of stock."""
        Offer = apps.get_model("offers", "Offer")
        return self.filter(
            pk__in=Offer.objects.filter(availability="out_of_stock").values(
                "link__product_id"
            )
        )

    def with_stale_data(self, at: datetime):
        """Products with an offer (price, availability, rating) older than its
        source allows, or whose source says out of stock."""
        return self.filter(
            Q(pk__in=self.with_outdated_offers(at).values("pk"))
            | Q(pk__in=self.with_unavailable_offers().values("pk"))
        )


class Badge(models.TextChoices):
    """An optional highlight on a product's box."""

    FAVOURITE = "favourite", _("Unser Favorit")
    VALUE = "value", _("Preis-Leistungs-Tipp")
    PREMIUM = "premium", _("Premium-Wahl")


class Product(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A product we recommend, with our verdict and its shops (AffiliateLink).

    A snippet under Wagtail's draft/publish model and the product workflow
    ("Produkt-Freigabe"): the row (and its links) is the live version readers
    see; an edit is a revision until it is published. Archived products
    (is_active off) and unpublished ones never render a box or a button.
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
    is_active = models.BooleanField(
        _("Aktiv"),
        default=True,
        help_text=_(
            "Ausschalten archiviert das Produkt: es erscheint nirgends mehr, "
            "Boxen in Artikeln verschwinden. Besser als Löschen."
        ),
    )
    show_price_comparison = models.BooleanField(
        _("Preisvergleich auf der Produktseite"),
        default=False,
        help_text=_(
            "Zeigt auf der Produktseite alle aktuellen Angebote nach Preis sortiert "
            "(Shop, Preis, Stand, Versand) statt nur der Shops."
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
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="product",
        for_concrete_model=False,
    )
    claim_findings = GenericRelation("claims.ClaimFinding")

    objects = ProductQuerySet.as_manager()

    # Site search reads everything a reader sees of the product: a search for
    # what it helps with ("Verspannungen") finds it, not only its name.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.SearchField("verdict"),
        index.SearchField("pros"),
        index.SearchField("cons"),
        index.RelatedFields("category", [index.SearchField("name")]),
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
                    FieldPanel("is_active"),
                    FieldPanel("show_price_comparison"),
                    PublishingPanel(),
                ],
                heading=_("Produkt"),
            ),
            ObjectList(
                [
                    FieldPanel("verdict"),
                    FieldRowPanel([FieldPanel("pros"), FieldPanel("cons")]),
                    FieldRowPanel([FieldPanel("our_rating"), FieldPanel("badge")]),
                    FieldPanel("review_author"),
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
        permissions = [
            ("import_prices", "Kann Preise und Bewertungen importieren"),
            ("unpublish_product", "Kann Produkte offline nehmen"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        """Whether readers may see it at all: published (live), active or archived."""
        return self.live

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

    def stale_data(self, at: datetime) -> list[str]:
        """What editors must refresh: data older than its source allows, in words."""
        stale = []
        for link in self.links.all():
            offers = list(link.loaded_offers())
            if any(o.price is not None and not o.is_fresh(at) for o in offers):
                stale.append(f"Preis bei {link.merchant.name}")
        if any(
            offer.rating is not None and not offer.rating_is_fresh(at)
            for link in self.links.all()
            for offer in link.loaded_offers()
        ):
            stale.append("Externe Bewertung")
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
class ExternalRating:
    """A third-party rating as shown: whose it is and the offer carrying it."""

    merchant: Merchant
    offer: object

    @property
    def rating(self):
        return self.offer.rating

    @property
    def rating_count(self):
        return self.offer.rating_count


@dataclass(frozen=True)
class ProductSnapshot:
    """A product as shown at `at`: which offers and which data may appear."""

    product: Product
    at: datetime

    @property
    def is_shown(self) -> bool:
        """Archived, unpublished and expired products render nothing (an expiry
        counts from its moment, before publish_scheduled unpublishes it)."""
        product = self.product
        expired = product.expire_at is not None and product.expire_at <= self.at
        return product.is_active and product.live and not expired

    @cached_property
    def all_offers(self) -> list[Offer]:
        """Every live link's offer, best first, in stock or not."""
        if not self.is_shown:
            return []
        return [Offer(link, self.at) for link in self.product.live_links(self.at)]

    @cached_property
    def offers(self) -> list[Offer]:
        """The offers readers get a button for: out-of-stock shops are left
        out, so every placement falls back to the next available shop."""
        return [offer for offer in self.all_offers if not offer.is_out_of_stock]

    @property
    def is_unavailable(self) -> bool:
        """Shops exist, but every one says out of stock: "Derzeit nicht verfügbar"."""
        return bool(self.all_offers) and not self.offers

    def comparison(self) -> list[Offer]:
        """Fresh, available offers with a price, cheapest first (price comparison)."""
        priced = [offer for offer in self.offers if offer.price_is_fresh]
        return sorted(priced, key=lambda offer: (offer.price, offer.merchant.name))

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
    def external_rating(self):
        """(link's merchant, offer row) of the first live link with a fresh
        rating, or None. Ratings age on their own clock (rating_observed_at)."""
        for shown in self.all_offers:
            rated = [
                offer
                for offer in shown.link.loaded_offers()
                if offer.rating_is_fresh(self.at)
            ]
            if rated:
                newest = max(rated, key=lambda o: o.rating_observed_at or o.observed_at)
                return ExternalRating(shown.merchant, newest)
        return None

    @cached_property
    def external_rating_is_fresh(self) -> bool:
        return self.external_rating is not None

    @cached_property
    def external_rating_is_shown(self) -> bool:
        """Fresh, and its source allows showing it ("Bewertungen … anzeigen")."""
        return (
            self.external_rating is not None
            and self.external_rating.merchant.show_ratings
        )

    @property
    def fresh_until(self) -> datetime | None:
        """When what this shows stops being right (for caches): a shown price or
        rating turns stale, a shown offer ends, a link's offer begins, or the
        publication of the product or a shown offer's merchant expires
        (expire_at)."""
        moments = [
            offer.data.fresh_until()
            for offer in self.all_offers
            if offer.data
            and (offer.data.price is not None or offer.data.is_out_of_stock)
        ]
        if self.external_rating_is_shown:
            moments.append(self.external_rating.offer.rating_fresh_until())
        moments += [
            offer.link.valid_until
            for offer in self.all_offers
            if offer.link.valid_until
        ]
        if self.is_shown and self.product.expire_at is not None:
            moments.append(self.product.expire_at)
        moments += [
            offer.merchant.expire_at
            for offer in self.all_offers
            if offer.merchant.expire_at
        ]
        if self.is_shown:
            moments += [
                link.valid_from
                for link in self.product.links.all()
                if link.is_active and link.valid_from and link.valid_from > self.at
            ]
        return min(moments, default=None)
