from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """The editorial side: articles, topics, authors, sources, feedback."""

    name = "articles"
    verbose_name = _("Artikel")

    def ready(self) -> None:
        from products.revenue.registry import register_topics

        from .revenue_topics import pages_of_topics, topic_choices, topics_of_pages

        register_topics(
            choices=topic_choices,
            pages_of_topics=pages_of_topics,
            topics_of_pages=topics_of_pages,
        )
