from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """The editorial side: articles, topics, authors, sources, feedback."""

    name = "articles"
    verbose_name = _("Artikel")
