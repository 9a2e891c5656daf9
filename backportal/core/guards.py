"""Guards of the public endpoints: same-origin proof and rate limits.

Used by the vote (articles.views.feedback), the click endpoint
(products.views.click) and, through RateLimitMiddleware, by every URL name in
settings.RATE_LIMITS. Nothing here stores an address: rate-limit keys are
keyed hashes (HMAC with SECRET_KEY) that live in the cache for one window.

Why not django-ratelimit (4.1.0 imports on Django 6.1): its keys are an
unkeyed MD5 of the client address, which can be reversed by trying every IPv4
address; a keyed hash and Django's cache need twenty lines.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.crypto import salted_hmac

# A failing cache fails every call of every request: reported through the
# cache's logger, which lets one record through a minute (settings LOGGING).
cache_logger = logging.getLogger("backportal.cache")


def client_address(request) -> str:
    """The client's address for hashing only; behind N trusted proxies, from X-Forwarded-For.

    CLICKS_TRUSTED_PROXIES says how many proxies; rate limits, the login
    lockout, votes and click counting all read the address here.
    """
    proxies = settings.CLICKS_TRUSTED_PROXIES
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def site_origins(request) -> set[str]:
    """This site's origins: the request's own and CSRF_TRUSTED_ORIGINS."""
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - DisallowedHost and friends: no own origin
        own = None
    return {origin for origin in (own, *settings.CSRF_TRUSTED_ORIGINS) if origin}


def posted_from_this_site(request) -> bool:
    """Whether a browser sent this POST from a page of this site.

    Browsers name the sending page's origin on every POST (`Origin`, and
    `Sec-Fetch-Site` in current ones). A request with neither comes from no
    browser page (a script, a bot): refused. "null" (sandboxed frames,
    privacy redirects) is no proof either.
    """
    if request.headers.get("Sec-Fetch-Site") in {"cross-site", "same-site"}:
        origin = request.headers.get("Origin")
        # A sibling host listed in CSRF_TRUSTED_ORIGINS is same-site, not foreign.
        return origin is not None and origin in set(settings.CSRF_TRUSTED_ORIGINS)
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in site_origins(request)
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def pinged_from_this_site(request) -> bool:
    """Whether a hyperlink-audit ping names a page of this site in `Ping-From`."""
    ping_from = request.headers.get("Ping-From", "")
    try:
        parts = urlsplit(ping_from)
    except ValueError:
        return False
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    return f"{parts.scheme}://{parts.netloc}" in site_origins(request)


def within_limit(scope: str, key: str, limit: int, period: int) -> bool:
    """Count one request of `key` in `scope`; False once `limit` per `period` is used.

    A fixed window in the cache (one add and one incr, two round trips). When
    the cache fails, the request is let through: a limit must never take the
    site down with it.
    """
    window = int(time.time()) // period
    digest = salted_hmac(
        "backportal.ratelimit", f"{scope}\n{key}", algorithm="sha256"
    ).hexdigest()[:24]
    cache_key = f"rl:{scope}:{window}:{digest}"
    try:
        cache.add(cache_key, 0, timeout=period + 1)
        count = cache.incr(cache_key)
    except ValueError:
        return True  # evicted between add and incr: start afresh
    except Exception:  # noqa: BLE001 - any cache failure fails open
        count = None
    if count is None:  # raised, or swallowed by django-redis IGNORE_EXCEPTIONS
        cache_logger.warning("Rate limit %s not checked: cache unavailable", scope)
        return True
    return count <= limit


def too_many_requests(period: int) -> HttpResponse:
    """429 with a German explanation and Retry-After; never cached."""
    response = HttpResponse(
        "Zu viele Anfragen in kurzer Zeit. Bitte warte einen Moment und versuche "
        "es dann noch einmal.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(period)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Limits requests per client address to the URL names in settings.RATE_LIMITS.

    RATE_LIMITS maps a URL name ("search", "articles:feedback") to
    (requests, seconds). Costs two cache round trips on a limited URL, nothing
    on any other. /go/ is deliberately not limited: a reader's click must
    always reach the shop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        rule = settings.RATE_LIMITS.get(match.view_name) if match else None
        if rule is None:
            return None
        limit, period = rule
        if within_limit(match.view_name, client_address(request), limit, period):
            return None
        return too_many_requests(period)
