"""Site search over articles (backportal.search source "artikel", registered
in apps.py): live public articles, best match first.

Home and legal pages are not articles, so they are never results. Teasers
read the stored body only (no query per result) for a passage with the term.
"""

from wagtail.query import PageQuerySet

from backportal.search.text import stem_pattern

from . import content
from .models import ArticlePage


def search_articles(words: str, request=None):
    """Lazy search results (one query for the count, one per result page).

    Wagtail's own public() (one query for the restrictions, then path filters):
    the search backend cannot filter on the NOT EXISTS of ours.
    """
    articles = PageQuerySet.public(ArticlePage.objects.live())
    return articles.for_teasers().search(words)


def passage(article: ArticlePage, query: str, length: int = 30) -> str:
    """A few words of the body around the first searched word, if the title
    and lead do not already show it; else the empty string."""
    pattern = stem_pattern(query)
    if pattern is None:
        return ""
    if pattern.search(article.title) or pattern.search(article.lead):
        return ""
    for text in content.stored_texts(article.body):
        found = pattern.search(text)
        if found:
            before = text[: found.start()].split()[-8:]
            after = text[found.start() :].split()[: length - len(before)]
            return "… " + " ".join(before + after) + " …"
    return ""
