"""The affiliate endpoints (/go/<slug>/, /click/) and the offline demo shop.

Deliberately small: both share the lookup (selectors.find_link()) and record
the click through one service function (clicks.services.record_click()).
"""

from django.conf import settings
from django.core.validators import slug_re
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .clicks.models import Outcome
from .clicks.services import record_click, target_url
from .page_products import product_page_url
from .selectors import find_link


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def go(request, slug):
    """Redirect (302) to the link's target; inactive or expired: to the product page.

    Only registered links are targets, no parameter changes the destination.
    """
    link = find_link(slug)
    if link is None:
        raise Http404
    product = link.product
    if link.is_live(timezone.now()) and product.is_active and not product.is_draft:
        target, page = target_url(link, request)
        record_click(request, link, outcome=Outcome.REDIRECT, page=page)
    else:
        # A draft has no public page yet: the home page then.
        public = product_page_url(product, request) if product.is_public else None
        target = public or "/"
        record_click(request, link, outcome=Outcome.FALLBACK)
    return _no_store(HttpResponseRedirect(target))


@csrf_exempt  # pings and beacons cannot carry a CSRF token; nothing here is secret
@require_POST
def click(request):
    """Click endpoint for direct-mode links (ping / sendBeacon): 204 for a known link."""
    slug = request.GET.get("link", "")
    link = find_link(slug) if slug_re.match(slug) else None
    if link is None:
        raise Http404
    record_click(request, link, outcome=Outcome.PING)
    return _no_store(HttpResponse(status=204))


def demo_shop(request, slug):
    """Where demo affiliate links end, so a demo click lands somewhere real offline.

    Served only with DEMO_MODE on; otherwise this path does not exist.
    """
    if not settings.DEMO_MODE:
        raise Http404
    link = find_link(slug)
    if link is None:
        raise Http404
    response = render(request, "products/demo_shop.html", {"link": link})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
