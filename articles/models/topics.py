"""How articles are filed: topics (with their listings) and free tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
)


class Topic(models.Model):
    """A subject area articles are filed under, e.g. "Rückentraining"."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), unique=True, max_length=80)
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self):
        return self.name


class ArticlePageTag(TaggedItemBase):
    """Through model for an article's free tags."""

    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
