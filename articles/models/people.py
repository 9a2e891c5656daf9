"""People: authors and medical reviewers, each with a public profile page."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.search import index


class Person(index.Indexed, models.Model):
    """An author or medical reviewer (snippet); has a public profile page."""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), unique=True, max_length=120)
    profession = models.CharField(
        _("Beruf"), max_length=120, help_text=_("z. B. Physiotherapeut")
    )
    credentials = models.CharField(
        _("Qualifikationen"),
        max_length=250,
        blank=True,
        help_text=_("z. B. M.Sc. Physiotherapie, Manualtherapeut"),
    )
    bio = models.TextField(_("Kurzbiografie"))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_(
            "Für Prüferinnen und Prüfer: Wer im Workflow freigibt, wird mit diesem "
            "Profil als 'Fachlich geprüft von' eingetragen."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("profession"), FieldPanel("credentials")]),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Autoren und Prüfer")

    def __str__(self):
        return f"{self.name} ({self.profession})"

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"slug": self.slug})
