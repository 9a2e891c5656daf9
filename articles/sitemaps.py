"""The articles' sections of sitemap.xml (registered in ArticlesConfig.ready())."""

from django.contrib.sitemaps import Sitemap

from .models import Person


class PersonSitemap(Sitemap):
    """Profile pages of authors and reviewers (one query)."""

    def items(self):
        return Person.objects.all()
