"""The site's URLs plus /bench/bare-redirect/: a redirect that touches no database."""

from django.http import HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_safe

from backportal.urls import urlpatterns as site_urlpatterns

BARE_TARGET = "https://shop.example/bare"


@require_safe
def bare_redirect(request):
    """The floor for /go/: same middleware and headers, no lookup, no insert."""
    response = HttpResponseRedirect(BARE_TARGET)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


urlpatterns = [path("bench/bare-redirect/", bare_redirect), *site_urlpatterns]
