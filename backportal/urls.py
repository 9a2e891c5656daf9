from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from backportal.core import health, security
from backportal.core import views as core_views
from backportal.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("products.urls")),
    path("suche/", search_views.search, name="search"),
    path("csp-report/", security.csp_report, name="csp_report"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("healthz/", health.healthz, name="healthz"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it answers every path not matched above.
urlpatterns += [path("", include(wagtail_urls))]

# A lost database connection raised outside a view answers 503 as well.
handler500 = "backportal.core.middleware.server_error"
