"""Cache-Control for shared caches in front of the site (Varnish, a CDN).

A page for anonymous readers (a shareable request, core/page_cache.py) may be
kept by a shared cache for `s-maxage` seconds: at most CDN_MAX_AGE, and never
longer than the first price or rating on it stays fresh. `stale-while-
revalidate` extends that only while the same bound still holds. Everything
personal (a session, previews, the admin, responses that set cookies) is
`private, no-store`; other views keep their own header, or get the same.
Wired in settings.MIDDLEWARE outside the page cache, so hits carry it too.
No query: the freshness bound is what the page cache already computed.
"""

from django.conf import settings
from django.utils import timezone

from . import page_cache

PRIVATE = "private, no-store"


# Never from a shared cache, whatever the view says: the admin and previews,
# the affiliate redirect, the click and page-view beacons and the reader's vote.
PRIVATE_PATH_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/go/",
    "/click/",
    "/seitenaufruf/",
    "/artikel-feedback/",
)


def is_personal(request, response) -> bool:
    """A session, credentials, a cookie set, a preview or a private path."""
    return bool(
        page_cache.PERSONAL_COOKIES & set(request.COOKIES)
        or "HTTP_AUTHORIZATION" in request.META
        or response.cookies
        or getattr(request, "is_preview", False)
        or request.path.startswith(PRIVATE_PATH_PREFIXES)
    )


def shared_bound(request, now):
    """(is a shareable page, when its content turns stale or None)."""
    entry = getattr(request, "page_cache_entry", None)
    if entry is not None:
        return True, entry.get("fresh_until", entry["expires_at"])
    page = getattr(request, "page_cache_page", None)
    if page is None:
        return False, None
    return True, page_cache.fresh_until(page, request, now)


def shared_cache_control(stale_at, now) -> str:
    """public, s-maxage and stale-while-revalidate within `stale_at`."""
    left = settings.CDN_MAX_AGE + settings.CDN_STALE_SECONDS
    if stale_at is not None:
        left = min(left, int((stale_at - now).total_seconds()))
    max_age = min(settings.CDN_MAX_AGE, left)
    if max_age <= 0:
        return "no-cache"
    value = f"public, max-age=0, s-maxage={max_age}"
    stale = min(settings.CDN_STALE_SECONDS, left - max_age)
    if stale > 0:
        value += f", stale-while-revalidate={stale}"
    return value


class CacheControlMiddleware:
    """Sets Cache-Control on every response that passes the app's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        existing = response.get("Cache-Control", "")
        if is_personal(request, response):
            if "no-store" not in existing:  # a view's own no-store says enough
                response["Cache-Control"] = PRIVATE
            return response
        # Only a plain 200 may be shared; the freshness bound is asked last,
        # because it may read the database, which an error page (a 503
        # while PostgreSQL is away) must never do.
        if response.status_code == 200 and not any(
            word in existing for word in ("private", "no-store")
        ):
            now = timezone.now()
            shareable, stale_at = shared_bound(request, now)
            if shareable:
                response["Cache-Control"] = shared_cache_control(stale_at, now)
                return response
        if not existing:
            response["Cache-Control"] = PRIVATE
        return response
