"""Site-wide views: robots.txt, sitemap."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as PageSitemap

from . import registry


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


def sitemap(request):
    """Wagtail's page sitemap plus the sections the apps register
    (registry.sitemaps: articles adds the author profile pages)."""
    return sitemap_views.sitemap(
        request, sitemaps={"seiten": PageSitemap, **registry.sitemaps}
    )
