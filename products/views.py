"""The affiliate endpoints (/go/<slug>/, /click/) and the offline demo shop.

Deliberately small: /go/ reads its link and records the click in one
statement (clicks.services.redirect_click()); the click endpoint reads the
link (selectors.find_link()) and records the ping (clicks.services.record_click()).
"""

from django.conf import settings
from django.core.validators import slug_re
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from backportal.core.guards import pinged_from_this_site, posted_from_this_site

from .clicks.models import Outcome
from .clicks.services import record_click, redirect_click
from .models import Product
from .page_products import product_page_url
from .revenue.references import redirect_target
from .selectors import find_link


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def go(request, slug):
    """Redirect (302) to the link's target; inactive or expired: to the product page.

    Only registered links are targets, no parameter changes the destination.
    The link is read and the click written in one statement (redirect_click).
    """
    redirect = redirect_click(request, slug)
    if redirect is None:
        raise Http404
    if redirect.to_merchant:
        target = redirect_target(redirect, request.click_reference)
    else:
        # A draft has no public page yet: the home page then.
        product = Product.objects.only("slug", "live").get(pk=redirect.product_id)
        public = product_page_url(product, request) if product.is_public else None
        target = public or "/"
    return _no_store(HttpResponseRedirect(target))


@csrf_exempt  # pings and beacons cannot carry a CSRF token; nothing here is secret
@require_POST
def click(request):
    """Click endpoint for direct-mode links (ping / sendBeacon): 204 for a known link.

    Counts only what a page of this site sent: a ping whose `Ping-From` names
    a page here, or a beacon with this site's `Origin`/`Sec-Fetch-Site`
    (backportal.core.guards); anything else gets 403 and is not counted.
    """
    slug = request.GET.get("link", "")
    if not slug_re.match(slug):
        raise Http404
    if not (pinged_from_this_site(request) or posted_from_this_site(request)):
        return _no_store(
            HttpResponseForbidden("Nur Klicks auf den Seiten von Backportal zählen.")
        )
    link = find_link(slug)
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
