"""Editorial models: people, topics and sources, the article pages, readers'
feedback and the medical review workflow step."""

from .feedback import ArticleFeedback
from .pages import (
    ARTICLES_PER_PAGE,
    RELATED_COUNT,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageQuerySet,
    RelatedArticle,
    topic_links,
)
from .people import Person
from .sources import Source
from .topics import ArticlePageTag, Topic
from .workflow import MedicalReviewTask

__all__ = [
    "ARTICLES_PER_PAGE",
    "RELATED_COUNT",
    "ArticleFeedback",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "MedicalReviewTask",
    "Person",
    "RelatedArticle",
    "Source",
    "Topic",
    "topic_links",
]
