"""Site-wide views: search, robots.txt, sitemap."""

import re

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as PageSitemap
from wagtail.models import Page

from articles.models import Person

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@require_GET
def search(request):
    """German full-text search (Wagtail's database backend): articles with
    their teasers, then matching products on the first result page. Home and
    legal pages are not results. About six queries per result page."""
    from articles.search import search_articles
    from products.search import search_products

    query = CONTROL_CHARACTERS.sub("", request.GET.get("q", "")).strip()
    query = query[:MAX_QUERY_LENGTH]
    results = None
    products = []
    if query:
        # Only the words go to the backend: PostgreSQL rejects a NUL byte and
        # SQLite's full-text syntax an unpaired quote; punctuation finds nothing.
        words = " ".join(re.findall(r"\w+", query))
        found = search_articles(words) if words else Page.objects.none()
        paginator = Paginator(found, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("seite", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("Diese Ergebnisseite gibt es nicht.") from error
        if words and results.number == 1:
            products = search_products(words, request)
    return render(
        request,
        "core/search.html",
        {"search_query": query, "results": results, "products": products},
    )


@require_GET
def robots_txt(request):
    """Keep crawlers out of the admin and the affiliate redirect."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /go/",
        "Disallow: /suche/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class PersonSitemap(DjangoSitemap):
    """Profile pages of authors and reviewers."""

    def items(self):
        return Person.objects.all()


def sitemap(request):
    """Wagtail's page sitemap plus the author profile pages."""
    return sitemap_views.sitemap(
        request, sitemaps={"seiten": PageSitemap, "autoren": PersonSitemap}
    )
