"""Sources: the studies, guidelines and books articles cite."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.search import index


class Source(index.Indexed, models.Model):
    """A reusable reference (study, guideline, book) cited in articles."""

    authors = models.CharField(
        _("Autoren"), max_length=300, help_text=_("z. B. Hayden JA, van Tulder MW")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    title = models.CharField(_("Titel"), max_length=400)
    publisher = models.CharField(
        _("Zeitschrift / Herausgeber"), max_length=250, blank=True
    )
    url = models.URLField(_("URL"), blank=True, max_length=500)
    accessed = models.DateField(_("Abgerufen am"), null=True, blank=True)

    panels = [
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("accessed")]),
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["authors", "year"]
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")

    def __str__(self):
        return f"{self.authors} ({self.year}): {self.title}"
