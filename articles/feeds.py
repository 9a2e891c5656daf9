"""RSS and Atom feeds of the latest published articles (/feed/, /feed/atom/)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import ArticlePage

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """The newest live articles, newest first."""

    title = "Backportal – neue Artikel"
    description = "Neue und aktualisierte Artikel rund um Rückenschmerzen."
    link = "/"

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def items(self):
        return (
            ArticlePage.objects.live()
            .public()
            .select_related("author")
            .order_by("-first_published_at")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The same items as Atom."""

    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
