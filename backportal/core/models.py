from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HomePage(Page):
    """The site's root page: intro text; later features add their teasers."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")


class ContentPage(Page):
    """A plain text page, e.g. Impressum, Datenschutz, Über uns."""

    body = RichTextField(_("Inhalt"), features=BODY_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.ContentPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide texts and links, edited once under Einstellungen › Website."""

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutzerklärung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    medical_disclaimer = models.TextField(
        _("Medizinischer Hinweis"),
        default=(
            "Dieser Artikel ersetzt keine ärztliche Diagnose oder Behandlung. "
            "Bei starken, anhaltenden oder ungewöhnlichen Beschwerden wende dich "
            "bitte an deine Ärztin oder deinen Arzt."
        ),
        help_text=_("Steht am Ende jedes Artikels."),
    )
    affiliate_notice = models.TextField(
        _("Affiliate-Hinweis oben"),
        default=(
            "Dieser Artikel enthält Affiliate-Links, gekennzeichnet mit *. "
            "Kaufst du darüber, erhalten wir eine Provision; der Preis bleibt für "
            "dich gleich."
        ),
        help_text=_("Kurzer Hinweis vor dem ersten Affiliate-Link eines Artikels."),
    )
    affiliate_disclosure = models.TextField(
        _("Affiliate-Offenlegung am Seitenende"),
        default=(
            "*Links mit Sternchen (*) sind Affiliate-Links. Wenn du über einen "
            "dieser Links etwas kaufst, erhalten wir eine kleine Provision. Für "
            "dich bleibt der Preis gleich."
        ),
        help_text=_(
            "Steht am Ende jeder Seite mit Affiliate-Links, zusammen mit den "
            "Pflichthinweisen der Händler. Lässt sich nicht abschalten."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("imprint_page"), FieldPanel("privacy_page")],
            heading=_("Pflichtseiten im Fußbereich"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("medical_disclaimer"),
                FieldPanel("affiliate_notice"),
                FieldPanel("affiliate_disclosure"),
            ],
            heading=_("Hinweistexte"),
        ),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")
