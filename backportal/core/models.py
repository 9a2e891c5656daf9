from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.admin.widgets import AdminPageChooser
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from . import registry
from .seo import ORGANIZATION, breadcrumb_list, breadcrumb_trail, json_ld

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BasePage(Page):
    """What every public page type shares: breadcrumbs and JSON-LD in the context.

    Context values that cost queries are lazy: a page fragment served from the
    cache (base.html, backportal/core/templatetags/page_cache_tags.py) never
    computes what only its stored rendering needed.
    """

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's check in one query instead of two: restrictions on this
        page or its ancestors, for aliases those of the page they copy."""
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        pages = Page.objects.filter(path__in=[self.path[:end] for end in steps])
        return PageViewRestriction.objects.filter(
            Q(page__in=pages.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=pages.filter(alias_of__isnull=False).values("alias_of_id"))
        )

    def structured_data(self, request, trail) -> list[dict]:
        """schema.org nodes for this page; subclasses add their own."""
        return [breadcrumb_list(trail, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trail = SimpleLazyObject(lambda: breadcrumb_trail(self, request))
        context["breadcrumbs"] = trail
        context["json_ld"] = SimpleLazyObject(
            lambda: json_ld(*self.structured_data(request, trail))
        )
        return context


class HomePage(BasePage):
    """The site's root page: intro, featured and latest articles, the topics."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "featured_links",
            label=_("Empfohlene Artikel"),
            max_num=3,
            help_text=_("Bis zu drei Artikel ganz oben auf der Startseite."),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def structured_data(self, request, trail):
        organization = {**ORGANIZATION, "url": self.get_full_url(request)}
        website = {
            "@type": "WebSite",
            "name": "Backportal",
            "url": self.get_full_url(request),
            "inLanguage": "de-DE",
            "publisher": {"@id": ORGANIZATION["@id"]},
        }
        return [organization, website]

    def children_for(self, request) -> list[Page]:
        """Every child page (plain Page rows, tree order), read once per
        request: routing through the home page, the header menu and the
        catalogue page's lookup all use the same rows."""
        found = getattr(request, "home_children", None)
        if found is None or found[0] != self.pk:
            found = (self.pk, list(Page.objects.child_of(self).order_by("path")))
            request.home_children = found
        return found[1]

    def route(self, request, path_components):
        """Wagtail's routing with one query fewer per level: the child comes
        from children_for(), and a child the path only passes through is
        asked to route as its deferred specific page (no query for its own
        fields); only if it then serves itself are its fields loaded."""
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = next((c for c in self.children_for(request) if c.slug == slug), None)
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # as Page.route does
        if rest:
            deferred = child.specific_deferred
            result = deferred.route(request, rest)
            if result.page is not deferred:
                return result
        return child.specific.route(request, rest)

    def get_context(self, request, *args, **kwargs):
        """The lists come from the apps that own them (registry.home_context:
        articles adds featured and latest articles and the topics, lazily)."""
        context = super().get_context(request, *args, **kwargs)
        for provider in registry.home_context:
            provider(self, request, context)
        return context


class TeaserChooserPanel(PageChooserPanel):
    """Chooses among the page types registered as teasers (articles registers
    its article page); any page while none is registered."""

    def get_form_options(self):
        options = super().get_form_options()
        options.setdefault("widgets", {})[self.field_name] = AdminPageChooser(
            target_models=registry.teaser_page_types or None
        )
        return options


class ArticleLink(Orderable):
    """An article an editor picked for a page (home page, related articles)."""

    article = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [TeaserChooserPanel("article")]

    class Meta(Orderable.Meta):
        abstract = True


class FeaturedArticle(ArticleLink):
    """An article the editors put at the top of the home page."""

    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_links"
    )


class ContentPage(BasePage):
    """A plain text page, e.g. Impressum, Datenschutz, Über uns."""

    body = RichTextField(_("Inhalt"), features=BODY_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.ContentPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


# Default affiliate texts, written for Backportal. The migration
# core.0004 replaces the earlier defaults on sites that never edited them.
AFFILIATE_NOTICE_DEFAULT = (
    "Werbung: In diesem Artikel stehen Affiliate-Links, zu erkennen am Hinweis "
    "„Werbung“ und einem Sternchen (*). Bestellst du über einen davon, zahlt uns "
    "der Händler eine Vergütung; an deinem Preis ändert das nichts."
)
AFFILIATE_DISCLOSURE_DEFAULT = (
    "*Mit „Werbung“ und Sternchen markierte Links führen zu Händlern, die uns für "
    "eine Bestellung über diesen Weg bezahlen. Du zahlst dadurch nicht mehr, und "
    "auf unsere Auswahl und Bewertung hat die Vergütung keinen Einfluss."
)


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
        default=AFFILIATE_NOTICE_DEFAULT,
        help_text=_("Kurzer Hinweis vor dem ersten Affiliate-Link eines Artikels."),
    )
    affiliate_disclosure = models.TextField(
        _("Affiliate-Offenlegung am Seitenende"),
        default=AFFILIATE_DISCLOSURE_DEFAULT,
        help_text=_(
            "Steht am Ende jeder Seite mit Affiliate-Links, zusammen mit den "
            "Pflichthinweisen der Händler. Lässt sich nicht abschalten."
        ),
    )

    # The footer links them on every page: load them with the settings.
    select_related = ["imprint_page", "privacy_page"]

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
