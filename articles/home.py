"""What the home page (backportal.core.HomePage) lists of the articles.

Registered in ArticlesConfig.ready(); every list is lazy, so a home page
served from the fragment cache costs none of its queries. Featured and latest
articles cost two queries each (rows, then hero renditions), the topics one
plus the listing page's.
"""

from django.utils.functional import SimpleLazyObject

from .models import ArticlePage, topic_links


def featured_articles(home) -> list[ArticlePage]:
    """The articles picked for the top, in their order (live ones only)."""
    teasers = ArticlePage.objects.live().public().for_teasers()
    featured_ids = [link.article_id for link in home.featured_links.all()]
    found = teasers.in_bulk(featured_ids) if featured_ids else {}
    return [found[pk] for pk in featured_ids if pk in found]


def home_context(home, request, context) -> None:
    featured = SimpleLazyObject(lambda: featured_articles(home))
    context["featured_articles"] = featured
    context["latest_articles"] = SimpleLazyObject(
        lambda: (
            ArticlePage.objects.live()
            .public()
            .for_teasers()
            .exclude(pk__in=[article.pk for article in featured])
            .order_by("-first_published_at")[:6]
        )
    )
    context["topics"] = SimpleLazyObject(lambda: topic_links(request))
