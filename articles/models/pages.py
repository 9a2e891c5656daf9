"""The article pages: the listing ("Ratgeber") and the article itself, with
the articles an editor picked as related."""

import math

from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from backportal.claims.panels import ClaimsPanel
from backportal.core.models import ArticleLink, BasePage
from products.revenue.edit_panels import PageFiguresPanel

from .. import content, schema
from ..blocks import ArticleStreamBlock
from .people import Person
from .topics import ArticlePageTag, Topic

ARTICLES_PER_PAGE = 12
RELATED_COUNT = 3


class ArticleIndexPage(RoutablePageMixin, BasePage):
    """The article listing ("Ratgeber"): newest first, by topic or tag, paginated.

    Routes: / (all), /thema/<slug>/ and /schlagwort/<slug>/.
    """

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("Artikelübersicht")
        verbose_name_plural = _("Artikelübersichten")

    def articles(self):
        return (
            ArticlePage.objects.live()
            .public()
            .child_of(self)
            .for_teasers()
            .order_by("-first_published_at", "-pk")
        )

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, ARTICLES_PER_PAGE)
        try:
            return paginator.page(request.GET.get("seite", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("Diese Seite der Liste gibt es nicht.")) from error

    def render_listing(self, request, articles, **context):
        return self.render(
            request,
            context_overrides={
                "articles": self.paginate(request, articles),
                "topics": Topic.objects.all(),
                **context,
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for topic in Topic.objects.all():
            urls.append({"location": f"{base}thema/{topic.slug}/"})
        return urls

    def route(self, request, path_components):
        """Listing routes as RoutablePageMixin resolves them; an article loads as
        ArticlePage with its byline and images in one query (Wagtail's own
        routing needs a page query, a specific query and one per relation)."""
        if len(path_components) == 1 and not self.is_listing_route(path_components):
            article = (
                ArticlePage.objects.child_of(self)
                .for_serving()
                .filter(slug=path_components[0])
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self  # as Page.route does
                return article.route(request, [])
        return super().route(request, path_components)

    def is_listing_route(self, path_components) -> bool:
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    @path("")
    def all_articles(self, request):
        return self.render_listing(request, self.articles())

    @path("thema/<slug:slug>/")
    def by_topic(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return self.render_listing(
            request, self.articles().filter(topics=topic), active_topic=topic
        )

    # Tag slugs keep umlauts ("wärme"), which Django's <slug:> converter rejects.
    @re_path(r"^schlagwort/(?P<slug>[-\w]+)/$")
    def by_tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return self.render_listing(
            request, self.articles().filter(tags=tag), active_tag=tag
        )


class ArticlePageQuerySet(PageQuerySet):
    """Article queries: what a teaser shows in a fixed number of queries."""

    def public(self):
        """Wagtail's public() without its separate query for the restrictions:
        pages under a view restriction are left out by NOT EXISTS."""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path")),
            page__depth__lte=OuterRef("depth"),
        )
        return self.exclude(Exists(restricted))

    def for_teasers(self):
        """Hero image and its renditions with the articles (two queries in all).

        A teaser's reading time comes from the stored body (articles.content)
        and needs no further query.
        """
        return self.select_related("hero_image").prefetch_related(
            "hero_image__renditions"
        )

    def for_serving(self):
        """What an article page shows beyond its own row: the byline's people
        (and the author's photo) and its images, in the same query."""
        return self.select_related(
            "author__photo", "reviewer", "hero_image", "social_image"
        )


def topic_links(request=None) -> list[tuple[Topic, str]]:
    """Every topic with the URL of its listing (one query for the listing page)."""
    index_page = ArticleIndexPage.objects.live().first()
    if index_page is None:
        return []
    base = index_page.get_url(request)
    return [(topic, f"{base}thema/{topic.slug}/") for topic in Topic.objects.all()]


class ArticlePage(BasePage):
    """A long-form, medically reviewed article; body blocks in articles/blocks.py."""

    lead = models.TextField(_("Einleitung (Lead)"), max_length=600)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Titelbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("Alternativtext des Titelbilds"), max_length=250, blank=True
    )
    hero_caption = models.CharField(_("Bildunterschrift"), max_length=250, blank=True)
    hero_credit = models.CharField(
        _("Bildnachweis"),
        max_length=120,
        blank=True,
        help_text=_("z. B. © iStock / urbazon"),
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("Inhalt"))
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("Themen"), related_name="articles", blank=True
    )
    tags = ClusterTaggableManager(
        through=ArticlePageTag, verbose_name=_("Schlagwörter"), blank=True
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("Autor/in"),
        null=True,
        on_delete=models.PROTECT,
        related_name="authored_articles",
    )
    reviewer = models.ForeignKey(
        Person,
        verbose_name=_("Fachlich geprüft von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
    )
    reviewed_at = models.DateField(_("Fachlich geprüft am"), null=True, blank=True)
    original_published_on = models.DateField(
        _("Ursprünglich veröffentlicht am"),
        null=True,
        blank=True,
        help_text=_(
            "Für übernommene Artikel: das Datum der Erstveröffentlichung anderswo. "
            "Leer: die erste Veröffentlichung auf Backportal."
        ),
    )
    last_updated = models.DateField(
        _("Letzte Aktualisierung"),
        null=True,
        blank=True,
        help_text=_(
            "Datum der letzten inhaltlichen Überarbeitung. Leer: letzte Veröffentlichung."
        ),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild für soziale Medien"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leer: das Titelbild."),
    )
    claim_findings = GenericRelation("claims.ClaimFinding")

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading=_("Titelbild"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                # Reviewer and date are written by the review task only.
                FieldRowPanel(
                    [FieldPanel("author"), FieldPanel("reviewer", read_only=True)]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("reviewed_at", read_only=True),
                        FieldPanel("last_updated"),
                    ]
                ),
                FieldPanel("original_published_on"),
            ],
            heading=_("Autor, Prüfung und Daten"),
        ),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("tags")], heading=_("Einordnung")
        ),
        InlinePanel(
            "related_links",
            label=_("Passende Artikel"),
            help_text=_("Werden automatisch aus demselben Thema ergänzt."),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    # Wagtail's three tabs (their headings in Wagtail's own translations) plus
    # the findings of backportal.claims for editors and reviewers, and the
    # page's views and clicks for who reads the click reports.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
            ObjectList([ClaimsPanel()], heading=_("Rechtliche Prüfung")),
            ObjectList([PageFiguresPanel()], heading=_("Aufrufe und Klicks")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Artikel")
        verbose_name_plural = _("Artikel")

    @cached_property
    def published_on(self):
        """The date shown as "Veröffentlicht am": the original publication of a
        migrated article, else its first publish here."""
        if self.original_published_on:
            return self.original_published_on
        if self.first_published_at:
            return timezone.localtime(self.first_published_at).date()
        return None

    @cached_property
    def updated_on(self):
        """The date shown as "Letzte Aktualisierung", as a reader in Berlin
        reads the calendar (a publish at 00:30 there is still the day before
        in UTC)."""
        if self.last_updated:
            return self.last_updated
        if self.last_published_at is None:
            return None
        return timezone.localtime(self.last_published_at).date()

    @cached_property
    def reading_minutes(self) -> int:
        return max(
            1, math.ceil(content.word_count(self.body) / content.WORDS_PER_MINUTE)
        )

    @cached_property
    def table_of_contents(self) -> list[tuple[str, str]]:
        return content.table_of_contents(self.body)

    @cached_property
    def citations(self) -> content.Citations:
        return content.Citations.for_stream(self.body)

    def topic_links(self) -> list[tuple[str, str]]:
        """(name, url) of the article's topics on the article listing."""
        return self._labels["thema"]

    def tag_links(self) -> list[tuple[str, str]]:
        """(name, url) of the article's tags on the article listing."""
        return self._labels["schlagwort"]

    @cached_property
    def _labels(self) -> dict[str, list[tuple[str, str]]]:
        """Topics (by name) and tags (in the editor's order) as links, read
        together in one query; a preview reads its unsaved choices."""
        topics, tags = self.topics.all(), self.tags.all()
        if isinstance(topics, models.QuerySet) and isinstance(tags, models.QuerySet):
            topic_rows = self.topics.through.objects.filter(articlepage=self.pk)
            tag_rows = ArticlePageTag.objects.filter(content_object=self.pk)
            rows = list(
                topic_rows.values_list(
                    Value("thema"), "topic__name", "topic__slug", Value(0)
                ).union(
                    tag_rows.values_list(
                        Value("schlagwort"), "tag__name", "tag__slug", "id"
                    ),
                    all=True,
                )
            )
            rows.sort(key=lambda row: (row[0], row[3], row[1].casefold()))
        else:
            rows = [("thema", t.name, t.slug, 0) for t in topics]
            rows.sort(key=lambda row: row[1].casefold())
            rows += [("schlagwort", t.name, t.slug, 0) for t in tags]
        labels = {"thema": [], "schlagwort": []}
        if rows:
            index_url = self.get_parent().get_url()
            for kind, name, slug, _order in rows:
                labels[kind].append((name, f"{index_url}{kind}/{slug}/"))
        return labels

    def related_articles(self) -> list["ArticlePage"]:
        """Chosen by the editor first, then topped up from the same topics.

        Two queries however many are chosen (the chosen articles with the
        public check inside, their images' renditions), two more to top up.
        """
        teasers = ArticlePage.objects.live().public().exclude(pk=self.pk).for_teasers()
        links = self.related_links.all()
        if isinstance(links, models.QuerySet):
            # Saved choices: the links and their articles in one query.
            order = RelatedArticle.objects.filter(
                page=self.pk, article=OuterRef("pk")
            ).values("sort_order")[:1]
            chosen = list(
                teasers.filter(pk__in=links.values("article_id"))
                .annotate(related_order=Subquery(order))
                .order_by("related_order", "pk")[:RELATED_COUNT]
            )
        else:  # a preview's unsaved choices, in memory
            chosen_ids = [link.article_id for link in links]
            found = teasers.in_bulk(chosen_ids) if chosen_ids else {}
            chosen = [found[pk] for pk in chosen_ids if pk in found][:RELATED_COUNT]
        missing = RELATED_COUNT - len(chosen)
        if missing > 0:
            chosen += list(
                teasers.filter(topics__in=self.topics.all())
                .exclude(pk__in=[article.pk for article in chosen])
                .distinct()
                .order_by("-first_published_at")[:missing]
            )
        return chosen

    @cached_property
    def share_image(self):
        """The image for social networks and JSON-LD: social image, else hero.

        The head asks first, so title, social and author images get their
        renditions here in one query, before the body renders them.
        """
        author_photo = self.author.photo if self.author else None
        images = [self.hero_image, self.social_image, author_photo]
        prefetch_related_objects([i for i in images if i is not None], "renditions")
        image = self.social_image or self.hero_image
        return image.get_rendition("fill-1200x630|format-jpeg") if image else None

    def structured_data(self, request, trail):
        rendition = self.share_image
        image_url = request.build_absolute_uri(rendition.url) if rendition else None
        return schema.article_nodes(self, request, trail, image_url)

    def save_revision(self, *args, **kwargs):
        """A person's edit starts unreviewed: reviewer and date belong to the
        review task's approval (MedicalReviewTask writes them into the approved
        revision), so a version published without review shows no reviewer and
        counts as never reviewed. Revisions made without a user (load_demo,
        scripts) keep what they were given."""
        if kwargs.get("user") is not None:
            self.reviewer = None
            self.reviewed_at = None
        return super().save_revision(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = SimpleLazyObject(self.related_articles)
        context["citations"] = SimpleLazyObject(lambda: self.citations)
        return context


class RelatedArticle(ArticleLink):
    """An article the editor picked for "Passende Artikel zum Thema"."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="related_links"
    )
