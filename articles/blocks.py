"""The article body: one StreamBlock reused by every article (ArticlePage.body)."""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images import blocks as image_blocks

from products.blocks import (
    ComparisonTableBlock,
    PriceComparisonBlock,
    ProductBoxBlock,
    ProductListBlock,
)

# Rich text in articles: citations ("citation", articles/wagtail_hooks.py) and
# affiliate links in running text ("product-link", products) are toolbar entries.
RICH_TEXT_FEATURES = [
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "citation",
    "product-link",
]


class ImageChooserBlock(image_blocks.ImageChooserBlock):
    """Wagtail's image chooser; all images of a stream load with their renditions
    (two queries however many images the article shows)."""

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        prefetch_related_objects([image for image in images if image], "renditions")
        return images


class HeadingValue(blocks.StructValue):
    """A heading knows its anchor: the editor's, or one derived from its text."""

    @property
    def anchor_id(self) -> str:
        return self.get("anchor") or slugify(self.get("text", "")) or "abschnitt"


class HeadingBlock(blocks.StructBlock):
    """An H2 or H3 (both listed in the table of contents) or an H4, with a
    stable anchor id."""

    text = blocks.CharBlock(label=_("Überschrift"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[
            ("h2", _("H2 – Abschnitt")),
            ("h3", _("H3 – Unterabschnitt")),
            ("h4", _("H4 – Absatzüberschrift")),
        ],
        default="h2",
    )
    anchor = blocks.CharBlock(
        label=_("Anker (optional)"),
        required=False,
        max_length=80,
        help_text=_("Für Sprungmarken, z. B. 'ursachen'. Leer: aus der Überschrift."),
    )

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and anchor != slugify(anchor):
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _("Nur Kleinbuchstaben, Ziffern und Bindestriche.")
                    )
                }
            )
        return value

    class Meta:
        icon = "title"
        template = "articles/blocks/heading.html"
        value_class = HeadingValue
        label = _("Überschrift")
        description = _(
            "Zwischenüberschrift; H2 und H3 erscheinen im Inhaltsverzeichnis."
        )
        preview_value = {"text": "Was hilft gegen Verspannungen?", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with links, citations and product links."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "articles/blocks/paragraph.html"
        label = _("Text")
        description = _("Fließtext mit Links, Quellenangaben und Produkt-Links.")
        preview_value = (
            "<p>Wärme entspannt die Muskulatur und fördert die Durchblutung.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """An image with alt text, caption and credit ("© iStock / urbazon")."""

    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        max_length=250,
        help_text=_("Was zeigt das Bild? Für Menschen, die es nicht sehen."),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False)
    credit = blocks.CharBlock(
        label=_("Bildnachweis"), required=False, help_text=_("z. B. © iStock / urbazon")
    )

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"
        label = _("Bild")
        description = _("Bild mit Alternativtext, Bildunterschrift und Bildnachweis.")
        preview_value = {
            "alt_text": "Frau dehnt den unteren Rücken",
            "caption": "Sanfte Dehnung am Morgen",
            "credit": "© Backportal",
        }


CALLOUT_KINDS = [
    ("warning", _("Wichtig")),
    ("tip", _("Tipp")),
    ("info", _("Hinweis")),
    ("doctor", _("Wann zum Arzt?")),
]


class CalloutValue(blocks.StructValue):
    """A callout knows the German name of its kind ("Tipp", "Wann zum Arzt?")."""

    @property
    def kind_label(self) -> str:
        return str(dict(CALLOUT_KINDS).get(self.get("kind"), ""))


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: Wichtig, Tipp, Hinweis or the medical 'Wann zum Arzt?'."""

    kind = blocks.ChoiceBlock(label=_("Art"), choices=CALLOUT_KINDS, default="tip")
    title = blocks.CharBlock(
        label=_("Titel (optional)"),
        required=False,
        help_text=_("Leer: der Name der Art, z. B. 'Tipp'."),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "articles/blocks/callout.html"
        value_class = CalloutValue
        label = _("Hinweisbox")
        description = _(
            "Hervorgehobener Kasten: Wichtig, Tipp, Hinweis, Wann zum Arzt?"
        )
        preview_value = {
            "kind": "doctor",
            "text": "<p>Bei Taubheitsgefühl in den Beinen sofort ärztlich abklären.</p>",
        }


class ReadingTipBlock(blocks.StructBlock):
    """'Lesetipp': a link to another article, shown with that article's title."""

    article = blocks.PageChooserBlock(
        label=_("Artikel"), page_type="articles.ArticlePage"
    )
    text = blocks.CharBlock(
        label=_("Kurzer Anreißer (optional)"), required=False, max_length=200
    )

    class Meta:
        icon = "doc-full"
        template = "articles/blocks/reading_tip.html"
        label = _("Lesetipp")
        description = _("Verweis auf einen anderen Artikel mit dessen Titel.")
        preview_value = {"text": "Welche Übungen die tiefe Rückenmuskulatur stärken"}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its speaker."""

    quote = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle / Person"), required=False)

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"
        label = _("Zitat")
        description = _("Ein Zitat mit Angabe, wer es gesagt hat.")
        preview_value = {
            "quote": "Bewegung ist die beste Medizin für den Rücken.",
            "attribution": "Physiotherapeutin",
        }


class FAQItemBlock(blocks.StructBlock):
    """One question with its answer."""

    question = blocks.CharBlock(label=_("Frage"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Antwort"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Frage")


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions, all visible (also marked up as FAQPage)."""

    title = blocks.CharBlock(
        label=_("Überschrift"), default="Häufige Fragen", max_length=120
    )
    items = blocks.ListBlock(FAQItemBlock(), label=_("Fragen"), min_num=1)

    class Meta:
        icon = "help"
        template = "articles/blocks/faq.html"
        label = _("FAQ")
        description = _("Häufige Fragen mit Antworten.")
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {
                    "question": "Wie lange dauert eine Muskelverhärtung?",
                    "answer": "<p>Meist wenige Tage bis zwei Wochen.</p>",
                }
            ],
        }


class ExerciseStepBlock(blocks.StructBlock):
    """One numbered step of an exercise, with an optional image."""

    title = blocks.CharBlock(label=_("Schritt"), max_length=120)
    text = blocks.RichTextBlock(label=_("Anleitung"), features=RICH_TEXT_FEATURES)
    image = ImageChooserBlock(label=_("Bild (optional)"), required=False)
    image_alt = blocks.CharBlock(label=_("Alternativtext des Bildes"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not value.get("image_alt"):
            raise StructBlockValidationError(
                block_errors={
                    "image_alt": ValidationError(
                        _("Ein Bild braucht einen Alternativtext.")
                    )
                }
            )
        return value

    class Meta:
        icon = "list-ol"
        label = _("Übungsschritt")


class ExerciseBlock(blocks.StructBlock):
    """Training instructions: a named exercise as numbered steps."""

    title = blocks.CharBlock(label=_("Name der Übung"), max_length=120)
    intro = blocks.TextBlock(label=_("Kurzbeschreibung"), required=False)
    repetitions = blocks.CharBlock(
        label=_("Wiederholungen / Dauer"),
        required=False,
        help_text=_("z. B. 3 × 10 Wiederholungen"),
    )
    steps = blocks.ListBlock(ExerciseStepBlock(), label=_("Schritte"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "articles/blocks/exercise.html"
        label = _("Übung")
        description = _("Übungsanleitung in nummerierten Schritten.")
        preview_value = {
            "title": "Katze-Kuh",
            "repetitions": "10 Wiederholungen",
            "steps": [
                {
                    "title": "Vierfüßlerstand",
                    "text": "<p>Hände unter die Schultern.</p>",
                },
                {"title": "Rund machen", "text": "<p>Rücken langsam aufwölben.</p>"},
            ],
        }


class ArticleTableBlock(TableBlock):
    """A simple table with an optional header row and caption."""

    class Meta:
        icon = "table"
        template = "articles/blocks/table.html"
        label = _("Tabelle")
        description = _("Einfache Tabelle, z. B. ein Vergleich von Maßnahmen.")
        preview_value = {
            "first_row_is_table_header": True,
            "data": [["Maßnahme", "Wirkung"], ["Wärme", "entspannt"]],
        }


class ArticleStreamBlock(blocks.StreamBlock):
    """Every block an article body may hold; headings must have unique anchors."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    callout = CalloutBlock()
    reading_tip = ReadingTipBlock()
    quote = QuoteBlock()
    faq = FAQBlock()
    exercise = ExerciseBlock()
    table = ArticleTableBlock()
    # Affiliate recommendations (products app): labelled as "Werbung" by design.
    product_box = ProductBoxBlock()
    comparison_table = ComparisonTableBlock()
    product_list = ProductListBlock()
    price_comparison = PriceComparisonBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = {}
        errors = {}
        for index, child in enumerate(value):
            if child.block_type != "heading":
                continue
            anchor = child.value.anchor_id
            if anchor in seen:
                errors[index] = ValidationError(
                    _(
                        "Diese Überschrift ergibt denselben Anker wie eine frühere "
                        "('%(anchor)s'). Bitte einen eigenen Anker eintragen."
                    )
                    % {"anchor": anchor}
                )
            seen[anchor] = index
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value
