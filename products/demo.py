"""Demo catalogue: five categories, ten fictional products, two demo merchants.

Called by `manage.py load_demo` after the articles' demo. Everything is found
by slug, so running it again changes nothing except the demo prices' check
time (demo prices stay fresh; one is deliberately stale to show the rule).
Demo links end at the demo shop the site serves itself when DEMO_MODE is on.
Plus one unpublished draft whose copy breaks several claims rules on purpose,
so the report "Rechtliche Prüfhinweise" has something to show.
"""

from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from backportal.core.demo_images import demo_image
from backportal.core.models import HomePage

from .models import (
    AffiliateLink,
    Brand,
    Category,
    ClaimsKind,
    LinkMode,
    Merchant,
    Product,
    ProductIndexPage,
    ProductNutrient,
)

CATEGORIES = [
    (
        "Massagekissen",
        "massagekissen",
        "Kissen mit Massageköpfen und oft mit Wärme, für Rücken und Nacken.",
    ),
    (
        "Akupressurmatte",
        "akupressurmatte",
        "Matten mit vielen kleinen Kunststoffspitzen zum Drauflegen.",
    ),
    (
        "Wärmepflaster",
        "waermepflaster",
        "Selbstwärmende Pflaster und Auflagen für unterwegs.",
    ),
    ("Magnesium", "magnesium", "Nahrungsergänzungsmittel mit Magnesium."),
    ("Massagesessel", "massagesessel", "Sessel mit eingebauten Massagefunktionen."),
]
# Which claims rules each category's copy is held to; the rest are devices.
CLAIMS_KINDS = {"magnesium": ClaimsKind.SUPPLEMENT}

BRANDS = [
    ("Wärmewerk", "waermewerk"),
    ("Nadelglück", "nadelglueck"),
    ("ThermoFlex", "thermoflex"),
    ("Magnavita", "magnavita"),
    ("Relaxa", "relaxa"),
]

MERCHANTS = [
    {
        "slug": "demo-marktplatz",
        "name": "Demo-Marktplatz",
        "link_mode": LinkMode.DIRECT,
        "max_data_age_hours": 24,
        "disclosure_statement": (
            "Als Partner des Demo-Marktplatzes verdienen wir an qualifizierten Verkäufen."
        ),
        # As Amazon PartnerNet asks: its own label beside every link.
        "link_label": "(bezahlter Link)",
        "rating_note": (
            "Bewertungen von Kundinnen und Kunden des Demo-Marktplatzes; wir prüfen "
            "nicht, ob sie von Käufern stammen."
        ),
    },
    {
        "slug": "rueckenladen",
        "name": "Rückenladen (Demo-Shop)",
        "link_mode": LinkMode.REDIRECT,
        "max_data_age_hours": 72,
        "disclosure_statement": "",
    },
    # A third shop without a feed (prices kept by hand): the comparison of
    # the Wärmewerk cushion shows two shops while the marketplace is sold out.
    {
        "slug": "sanitaetshaus-demo",
        "name": "Sanitätshaus am Markt (Demo)",
        "link_mode": LinkMode.REDIRECT,
        "max_data_age_hours": 72,
        "disclosure_statement": "",
    },
]

# (slug, name, category, brand, colours, our rating, badge, short, verdict, pros, cons,
#  external rating (stars, count) or None, [(merchant, price, hours since check)])
PRODUCTS = [
    (
        "waermewerk-shiatsu-kissen",
        "Wärmewerk Shiatsu-Massagekissen Komfort",
        "massagekissen",
        "waermewerk",
        ("#8c4a2f", "#e8b27a"),
        "4.5",
        "favourite",
        "Massagekissen mit vier rotierenden Köpfen und zuschaltbarer Wärme.",
        "Im Test angenehm kräftig, die Wärme ist gut dosiert. Die Köpfe erreichen die "
        "Stellen neben der Lendenwirbelsäule, an denen eine Muskelverhärtung oft sitzt. "
        "Der Bezug lässt sich abnehmen und waschen.",
        "Wärme zuschaltbar\nBezug waschbar\nAbschaltautomatik nach 15 Minuten",
        "Netzteil statt Akku",
        ("4.4", 3812),
        [
            ("demo-marktplatz", "49.99", 2),
            ("rueckenladen", "54.90", 5),
            ("sanitaetshaus-demo", "57.50", 3),
        ],
    ),
    (
        "relaxa-massagekissen-mini",
        "Relaxa Massagekissen Mini mit Wärme",
        "massagekissen",
        "relaxa",
        ("#3d5a6c", "#a9c7d8"),
        "4.0",
        "value",
        "Kleines Kissen mit Akku für Schreibtisch und Auto.",
        "Handlich und leise; für großflächige Verspannungen etwas schwach.",
        "Mit Akku\nSehr leise",
        "Wenig Druck\nNur zwei Stufen",
        ("4.1", 957),
        [("rueckenladen", "29.95", 3)],
    ),
    (
        "waermewerk-shiatsu-nackenkissen",
        "Wärmewerk Shiatsu-Nackenkissen",
        "massagekissen",
        "waermewerk",
        ("#7a4b3a", "#e9c39b"),
        "3.5",
        "",
        "Kissen in U-Form mit vier Köpfen, zum Umlegen um Nacken oder Schultern.",
        "Liegt gut um den Nacken; für den unteren Rücken ist die Form zu schmal.",
        "Für Nacken und Schultern\nSchlaufen für die Hände",
        "Kabel am Kissen\nAuf hoher Stufe hörbar",
        ("3.9", 644),
        [("demo-marktplatz", "39.99", 4)],
    ),
    (
        "nadelglueck-akupressurmatte-classic",
        "Nadelglück Akupressurmatte Classic",
        "akupressurmatte",
        "nadelglueck",
        ("#2f6b4f", "#9fd3b5"),
        "4.0",
        "",
        "Baumwollmatte mit Kokosfüllung und rund 6.000 Spitzen.",
        "Gewöhnungsbedürftig, aber viele empfinden das Liegen darauf nach einigen Tagen als entspannend.",
        "Natürliche Materialien\nMit Tragetasche",
        "Anfangs unangenehm",
        ("4.3", 2204),
        [("demo-marktplatz", "34.99", 1)],
    ),
    (
        "nadelglueck-akupressur-set",
        "Nadelglück Akupressur-Set mit Nackenkissen",
        "akupressurmatte",
        "nadelglueck",
        ("#44603a", "#c4dba8"),
        "3.5",
        "",
        "Matte und passendes Nackenkissen im Set.",
        "Das Kissen ergänzt die Matte sinnvoll; die Matte selbst ist etwas kürzer als die Classic.",
        "Nackenkissen dabei\nGünstiger als einzeln",
        "Matte kürzer",
        None,
        [("rueckenladen", "44.00", 10)],
    ),
    (
        "relaxa-akupressurmatte-reise",
        "Relaxa Akupressurmatte Reise",
        "akupressurmatte",
        "relaxa",
        ("#35605a", "#a8d5cd"),
        "3.5",
        "",
        "Schmale Matte zum Zusammenrollen, mit Beutel.",
        "Passt in jeden Koffer; zum Liegen auf dem Boden ist sie etwas dünn.",
        "Leicht\nKleines Packmaß",
        "Dünne Polsterung",
        None,
        [("rueckenladen", "24.90", 6)],
    ),
    (
        "thermoflex-waermepflaster-ruecken",
        "ThermoFlex Wärmepflaster Rücken (8 Stück)",
        "waermepflaster",
        "thermoflex",
        ("#a0522d", "#f4c27a"),
        "4.5",
        "favourite",
        "Selbstwärmende Pflaster, die bis zu acht Stunden warm bleiben.",
        "Praktisch für unterwegs und unter der Kleidung kaum zu sehen.",
        "Lange Wärme\nUnauffällig",
        "Einwegprodukt",
        ("4.6", 5120),
        [("demo-marktplatz", "12.49", 3)],
    ),
    (
        "thermoflex-waermeguertel",
        "ThermoFlex Wärmegürtel Einweg",
        "waermepflaster",
        "thermoflex",
        ("#b5651d", "#f7d59c"),
        "3.5",
        "",
        "Gürtel mit Wärmezellen für den unteren Rücken.",
        "Sitzt besser als Pflaster bei viel Bewegung, ist aber auffälliger.",
        "Guter Halt",
        "Sichtbar unter enger Kleidung",
        None,
        [("rueckenladen", "9.99", 20)],
    ),
    (
        "waermewerk-waermeauflage-nacken",
        "Wärmewerk Wärmeauflage Nacken",
        "waermepflaster",
        "waermewerk",
        ("#9b4f2a", "#f2c79a"),
        "4.0",
        "",
        "Wiederverwendbare Auflage mit Kirschkernfüllung für Mikrowelle oder Backofen.",
        "Bleibt etwa eine halbe Stunde warm und legt sich gut um den Nacken.",
        "Wiederverwendbar\nOhne Strom und Akku",
        "Muss erst erwärmt werden",
        ("4.3", 1288),
        [("demo-marktplatz", "19.99", 5)],
    ),
    (
        "magnavita-magnesium-400",
        "Magnavita Magnesium 400 Kapseln",
        "magnesium",
        "magnavita",
        ("#4b4f8a", "#b9bdf0"),
        "4.0",
        "",
        "Magnesiumcitrat-Kapseln, 120 Stück.",
        "Einfach zu dosieren. Magnesium trägt zu einer normalen Muskelfunktion bei. "
        "Ob du Magnesium brauchst, klärst du am besten ärztlich ab.",
        "Gut dosierbar\nOhne Zusatzstoffe",
        "Große Kapseln",
        ("4.5", 1890),
        # Checked three days ago at a 24-hour merchant: the demo shows the
        # freshness rule ("Aktuellen Preis prüfen") on this one.
        [("demo-marktplatz", "17.90", 72)],
    ),
    (
        "magnavita-magnesium-citrat-pulver",
        "Magnavita Magnesium-Citrat Pulver",
        "magnesium",
        "magnavita",
        ("#5a3f7a", "#d6c2ef"),
        "3.5",
        "",
        "Pulver zum Auflösen in Wasser, Zitronengeschmack.",
        "Für alle, die ungern Kapseln schlucken; der Geschmack ist Geschmackssache.",
        "Keine Kapseln\nFein dosierbar",
        "Geschmack",
        None,
        [("rueckenladen", "14.50", 4)],
    ),
    (
        "magnavita-magnesium-brausetabletten",
        "Magnavita Magnesium Brausetabletten",
        "magnesium",
        "magnavita",
        ("#3f6f8f", "#b7d7ec"),
        "3.5",
        "",
        "Brausetabletten mit Orangengeschmack, 20 Stück.",
        "Bequem für unterwegs; eine Röhre reicht allerdings keine drei Wochen.",
        "Angenehmer Geschmack\nEinfach zu dosieren",
        "Mit Süßungsmitteln\nKleine Packung",
        None,
        [("rueckenladen", "4.95", 8)],
    ),
    (
        "relaxa-massagesessel-zero",
        "Relaxa Massagesessel Zero",
        "massagesessel",
        "relaxa",
        ("#2b2d42", "#8d99ae"),
        "4.5",
        "premium",
        "Massagesessel mit Schwerelos-Position und Wärmefunktion.",
        "Teuer, aber sehr vielseitig; vor dem Kauf unbedingt Platz und Gewicht prüfen.",
        "Viele Programme\nWärme im Lendenbereich",
        "Groß und schwer\nHoher Preis",
        ("4.2", 412),
        [("rueckenladen", "1899.00", 6), ("demo-marktplatz", "1949.00", 2)],
    ),
    (
        "waermewerk-massagesessel-kompakt",
        "Wärmewerk Massagesessel Kompakt",
        "massagesessel",
        "waermewerk",
        ("#6d3b47", "#d8a7b1"),
        "3.5",
        "",
        "Kompakter Sessel für kleinere Wohnungen.",
        "Platzsparend, die Massage ist aber weniger intensiv als bei großen Modellen.",
        "Platzsparend",
        "Weniger Programme",
        None,
        [("rueckenladen", "899.00", 8)],
    ),
    (
        "relaxa-massagesessel-classic",
        "Relaxa Massagesessel Classic",
        "massagesessel",
        "relaxa",
        ("#3b3a4a", "#a3a1b8"),
        "4.0",
        "",
        "Massagesessel mit Liegefunktion und abnehmbaren Wadenteilen.",
        "Der Mittelweg zwischen Zero und Kompakt; das Handteil ist leicht zu verstehen.",
        "Einfache Bedienung\nWadenteile abnehmbar",
        "Keine App\nSchwer",
        ("4.0", 233),
        [("rueckenladen", "1299.00", 7)],
    ),
]

# Nutrient amounts per reference quantity (authorised claims need 56.25 mg magnesium).
NUTRIENTS = {
    "magnavita-magnesium-400": ("Tagesdosis (1 Kapsel)", {"magnesium": "400"}),
    "magnavita-magnesium-citrat-pulver": (
        "Tagesdosis (1 Messlöffel, 5 g)",
        {"magnesium": "300"},
    ),
    "magnavita-magnesium-brausetabletten": (
        "Tagesdosis (1 Tablette)",
        {"magnesium": "250"},
    ),
}

# Deliberately non-compliant and never published (a draft): each line breaks
# rules of backportal/claims, and the authorised claim lacks the amount (40 mg).
DRAFT_PRODUCT = {
    "slug": "magnavita-magnesium-relax-entwurf",
    "name": "Magnavita Magnesium Relax",
    "reference_quantity": "Tagesdosis (1 Kapsel)",
    "nutrients": {"magnesium": "40"},
    "short_description": "Magnesium trägt zu einer normalen Muskelfunktion bei.",
    "verdict": (
        "Wirkt garantiert gegen Rückenschmerzen und nächtliche Wadenkrämpfe. "
        "Von Ärzten empfohlen und ohne Nebenwirkungen."
    ),
    "pros": "Entspannt verhärtete Muskeln über Nacht\nKleine Kapseln",
    "cons": "Ohne ausreichend Magnesium drohen Krämpfe und Verspannungen.",
}

# Where the demo articles (articles/demo_content.py) place products.
ARTICLE_BOXES = {
    "muskelverhaertung-unterer-ruecken-loesen": (
        "waermewerk-shiatsu-kissen",
        "Wärme und sanfter Druck können sich bei Verspannungen angenehm anfühlen.",
    ),
    "lws-schmerzen-ursachen-und-behandlung": (
        "thermoflex-waermepflaster-ruecken",
        "Für unterwegs: Wärme direkt am unteren Rücken.",
    ),
    "tiefe-rueckenmuskulatur-staerken": (
        "nadelglueck-akupressurmatte-classic",
        "Zum Entspannen nach dem Training.",
    ),
    "rueckenkraempfe-was-tun": (
        "magnavita-magnesium-400",
        "Falls du Magnesium ergänzen möchtest: sprich vorher mit deiner Ärztin oder deinem Arzt.",
    ),
}
# One article compares the shops of a product that two shops sell.
ARTICLE_PRICE_COMPARISON = (
    "lws-schmerzen-ursachen-und-behandlung",
    "waermewerk-shiatsu-kissen",
    "Wärmewerk Shiatsu-Kissen: Preise im Vergleich",
)
ARTICLE_TABLE = (
    "muskelverhaertung-unterer-ruecken-loesen",
    "Wärme und Massage im Vergleich",
    [
        "waermewerk-shiatsu-kissen",
        "relaxa-massagekissen-mini",
        "nadelglueck-akupressurmatte-classic",
        "relaxa-massagesessel-zero",
    ],
)
ARTICLE_TEXT_LINK = (
    "rueckenkraempfe-was-tun",
    "magnavita-magnesium-400",
    "Wer Magnesium ergänzen möchte, greift oft zu Kapseln wie",
    "den Kapseln von Magnavita",
)


def load(stdout) -> dict:
    """Create (or find) the demo catalogue, its page, and its places in articles."""
    categories = {}
    for order, (name, slug, description) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        kind = CLAIMS_KINDS.get(slug, ClaimsKind.DEVICE)
        if (category.sort_order, category.claims_kind) != (order, kind):
            category.sort_order, category.claims_kind = order, kind
            category.save(update_fields=["sort_order", "claims_kind"])
        categories[slug] = category
    brands = {
        slug: Brand.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in BRANDS
    }
    merchants = {
        data["slug"]: Merchant.objects.get_or_create(slug=data["slug"], defaults=data)[
            0
        ]
        for data in MERCHANTS
    }
    products = {
        data[0]: _product(data, categories, brands, merchants) for data in PRODUCTS
    }
    for slug, (quantity, amounts) in NUTRIENTS.items():
        _nutrients(products[slug], quantity, amounts)
    _draft_product(categories["magnesium"], brands["magnavita"])
    index = _index_page()
    placed = _place_in_articles(products)
    stdout.write(
        f"{len(products)} Demo-Produkte in {len(categories)} Kategorien, "
        f"„{index.title}“ und {placed} Artikel mit Empfehlungen."
    )
    return {"products": products, "index": index}


def demo_shop_url(link_slug: str) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    path = reverse("products:demo_shop", args=[link_slug])
    return f"{base}{path}?partner=backportal-21"


def _product(data, categories, brands, merchants) -> Product:
    (slug, name, category, brand, colors, rating, badge, short, verdict, pros, cons,
     external, offers) = data  # fmt: skip
    now = timezone.now()
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        product = Product(
            slug=slug,
            name=name,
            category=categories[category],
            brand=brands[brand],
            image=demo_image(f"Produktbild {name}", colors, (800, 800)),
            our_rating=Decimal(rating),
            badge=badge,
            short_description=short,
            verdict=verdict,
            pros=pros,
            cons=cons,
        )
        product.save()
    Offer = apps.get_model("offers", "Offer")
    for priority, (merchant, price, hours) in enumerate(reversed(offers)):
        link_slug = f"{slug}-{merchant}"
        link, _created = AffiliateLink.objects.update_or_create(
            slug=link_slug,
            defaults={
                "product": product,
                "merchant": merchants[merchant],
                "url": demo_shop_url(link_slug),
                "priority": priority,
                "merchant_product_id": link_slug,
            },
        )
        # Manual offers (products.offers): demo prices stay as old as the
        # table says across reloads; the rating comes with the marketplace's.
        rating = external if external and merchant == "demo-marktplatz" else None
        Offer.objects.update_or_create(
            link=link,
            source=None,
            defaults={
                "price": Decimal(price),
                "currency": "EUR",
                "observed_at": now - timedelta(hours=hours),
                "rating": Decimal(rating[0]) if rating else None,
                "rating_count": rating[1] if rating else None,
            },
        )
    return product


def _nutrients(product: Product, quantity: str, amounts: dict[str, str]) -> None:
    if not product.reference_quantity:
        product.reference_quantity = quantity
        product.save(update_fields=["reference_quantity"])
    for nutrient, amount in amounts.items():
        ProductNutrient.objects.get_or_create(
            product=product, nutrient=nutrient, defaults={"amount": Decimal(amount)}
        )


def _draft_product(category: Category, brand: Brand) -> Product:
    data = dict(DRAFT_PRODUCT)
    quantity, amounts = data.pop("reference_quantity"), data.pop("nutrients")
    product = Product.objects.filter(slug=data["slug"]).first()
    if product is None:
        product = Product.objects.create(
            category=category,
            brand=brand,
            live=False,
            has_unpublished_changes=True,
            **data,
        )
    _nutrients(product, quantity, amounts)
    return product


def _index_page() -> ProductIndexPage:
    index = ProductIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(
            instance=ProductIndexPage(
                title="Unsere Empfehlungen",
                slug="empfehlungen",
                show_in_menus=True,
                intro=(
                    "Produkte, die wir uns genauer angesehen haben: was sie können, "
                    "was uns gefällt und was nicht. Alle Kaufempfehlungen sind als "
                    "Werbung gekennzeichnet."
                ),
            )
        )
        index.save_revision().publish()
    return index


def _place_in_articles(products) -> int:
    """Add a box to most demo articles and one comparison table; once only."""
    from articles.models import ArticlePage

    if "product_box" not in ArticlePage.body.field.stream_block.child_blocks:
        return 0
    placed = 0
    for slug, (product_slug, intro) in ARTICLE_BOXES.items():
        article = ArticlePage.objects.filter(slug=slug).first()
        if article is None:
            continue
        placed += 1
        if any(child.block_type == "product_box" for child in article.body):
            continue
        blocks = list(article.body.raw_data)
        box = {
            "type": "product_box",
            "value": {
                "product": products[product_slug].pk,
                "title": "Unsere Empfehlung",
                "intro": intro,
            },
        }
        extra = [box]
        if slug == ARTICLE_TABLE[0]:
            extra.append(
                {
                    "type": "comparison_table",
                    "value": {
                        "title": ARTICLE_TABLE[1],
                        "products": [products[s].pk for s in ARTICLE_TABLE[2]],
                    },
                }
            )
        if slug == ARTICLE_PRICE_COMPARISON[0]:
            _, product_slug, title = ARTICLE_PRICE_COMPARISON
            extra.append(
                {
                    "type": "price_comparison",
                    "value": {"product": products[product_slug].pk, "title": title},
                }
            )
        if slug == ARTICLE_TEXT_LINK[0]:
            _, product_slug, before, text = ARTICLE_TEXT_LINK
            extra.append(
                {
                    "type": "paragraph",
                    "value": (
                        f"<p>{before} "
                        f'<embed embedtype="product" id="{products[product_slug].pk}" '
                        f'text="{text}"/>. Nimm sie nur nach Rücksprache ein.</p>'
                    ),
                }
            )
        position = min(len(blocks), 4)
        article.body = blocks[:position] + extra + blocks[position:]
        article.save_revision().publish()
    return placed
