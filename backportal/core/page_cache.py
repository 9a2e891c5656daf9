"""Whole pages and page fragments for readers, from Django's cache (Redis).

PageCacheMiddleware answers a repeat anonymous visit from the cache without
touching the database; the before_serve_page hook (core/wagtail_hooks.py)
marks what may be stored. The {% pagefragment %} tag
(templatetags/page_cache_tags.py) keeps the reader-independent parts of a page
for everyone else: readers with a session, editors looking at the live site.

Both follow one rule. A stored rendering is valid while the site-wide
generation and its page's version are unchanged: publishing, unpublishing,
moving or deleting a page or editing shared data (authors, settings,
merchants) renews the generation; a product change renews the versions of the
pages that show it (Wagtail's reference index) and the catalogue's. No
rendering outlives the freshness of the prices and ratings on its page. Why
this design: docs/caching.md.
"""

import secrets

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

PREFIX = "pagecache"
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# What a stored page keeps of its response; the middleware outside this one
# (security headers, X-Frame-Options) adds the rest to every response.
STORED_HEADERS = {"content-type", "content-language", "vary", "x-robots-tag", "link"}


def generation_key() -> str:
    """Where the generation token lives, per build of the static files: stored
    pages name hashed CSS and JS files, so a deploy with new ones starts with
    no valid entry (and the old build's workers keep theirs while they run)."""
    return f"{PREFIX}:generation:{getattr(staticfiles_storage, 'manifest_hash', '')}"


def entry_key(request) -> str:
    return f"{PREFIX}:entry:{request.get_host()}{request.path}"


def fragment_key(request, name: str) -> str:
    """Per fragment, origin and path: routable pages show several paths, and
    fragments hold absolute URLs (JSON-LD, click pings)."""
    return f"{PREFIX}:fragment:{name}:{request.scheme}://{request.get_host()}{request.path}"


def version_key(page_id: int) -> str:
    return f"{PREFIX}:page:{page_id}"


def renew(key: str) -> str:
    """A new random token: entries stored under the old one no longer match."""
    token = secrets.token_hex(8)
    cache.set(key, token, None)
    return token


# Query parameters that only tell analytics where a visit came from (newsletter
# and ad links): the page is the same without them, so they do not stop it
# from being served from the cache. Any other parameter does.
TRACKING_PARAMETERS = {"gclid", "fbclid", "msclkid", "mc_cid", "mc_eid"}


def is_plain_url(request) -> bool:
    """No query string, or one of tracking parameters only."""
    return all(
        name.startswith("utm_") or name in TRACKING_PARAMETERS for name in request.GET
    )


def is_cacheable_request(request) -> bool:
    """Anonymous GET of a plain URL: the same page for every reader."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and is_plain_url(request)
        and not PERSONAL_COOKIES & set(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def fresh_until(page, request=None):
    """When the first price or rating on the page turns stale (or None); asked
    once per request, also when fragments answered (they remember theirs)."""
    if request is not None and hasattr(request, "page_fresh_until"):
        return request.page_fresh_until
    from products.selectors import fresh_until as products_fresh_until

    moment = products_fresh_until(page)
    if request is not None:
        request.page_fresh_until = moment
    return moment


def remember_fresh_until(request, moment) -> None:
    """A stored fragment's freshness bound counts for the rest of the request."""
    known = getattr(request, "page_fresh_until", None)
    request.page_fresh_until = min((m for m in (known, moment) if m), default=None)


def cache_timeout(page, now=None, *, seconds=None, request=None) -> int:
    """Seconds a rendering of `page` may be kept: `seconds` (the page cache's
    setting by default), or less when a price or rating on it turns stale
    sooner (products' freshness API)."""
    now = now or timezone.now()
    if seconds is None:
        seconds = settings.PAGE_CACHE_SECONDS
    stale_at = fresh_until(page, request)
    if stale_at is not None:
        seconds = min(seconds, int((stale_at - now).total_seconds()))
    return max(seconds, 0)


def current_tokens(page_id: int, found: dict) -> tuple[str, str]:
    """(generation, page version) from a get_many() result, made if missing."""
    generation = found.get(generation_key()) or renew(generation_key())
    version = found.get(version_key(page_id)) or renew(version_key(page_id))
    return generation, version


def lookup(key: str, page_id: int | None = None) -> tuple[dict | None, tuple]:
    """(valid entry under `key` or None, the current tokens of its page).

    With the page known (fragments) this is one round trip to the cache; the
    middleware learns the page from the entry and needs a second one.
    """
    if page_id is None:
        entry = cache.get(key)
        if entry is None:
            return None, ()
        page_id = entry["page"]
        found = cache.get_many([generation_key(), version_key(page_id)])
    else:
        found = cache.get_many([key, generation_key(), version_key(page_id)])
        entry = found.get(key)
    tokens = current_tokens(page_id, found)
    if entry is not None and (entry["generation"], entry["version"]) != tokens:
        entry = None
    return entry, tokens


def store(key, page, request, *, seconds, tokens=(), **data) -> None:
    """Keep `data` for `page` under `key`: at most `seconds`, never past the
    freshness of its prices and ratings, and only while the tokens it was
    rendered under hold (read before rendering where the page was known)."""
    timeout = cache_timeout(page, seconds=seconds, request=request)
    if timeout <= 0:
        return
    if not tokens:
        found = cache.get_many([generation_key(), version_key(page.pk)])
        tokens = current_tokens(page.pk, found)
    generation, version = tokens
    entry = {"page": page.pk, "generation": generation, "version": version}
    entry.update(data, fresh_until=fresh_until(page, request))
    cache.set(key, entry, timeout)


def mark_cacheable(page, request) -> None:
    """before_serve_page: remember which page answers, for storing its response."""
    request.page_cache_page = page


class PageCacheMiddleware:
    """Serves and stores anonymous page views.

    Sits right after the security, static-file and X-Frame-Options
    middleware (settings.MIDDLEWARE): a hit skips sessions, locale and CSRF,
    yet carries every security header. A page that sets a cookie, such as a
    CSRF token, is never stored; pages for readers carry no per-reader token
    (articles.views.feedback), so one stored copy serves everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = entry_key(request)
        entry, _tokens = lookup(key)
        if entry is not None:
            return self.cached_response(entry)
        response = self.get_response(request)
        page = getattr(request, "page_cache_page", None)
        if page is not None and self.is_storable(response):
            store(
                key,
                page,
                request,
                seconds=settings.PAGE_CACHE_SECONDS,
                content=response.content,
                headers=[
                    (name, value)
                    for name, value in response.items()
                    if name.lower() in STORED_HEADERS
                ],
            )
        return response

    def is_storable(self, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store"))
        )

    def cached_response(self, entry) -> HttpResponse:
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(entry["content"]))
        response["X-Page-Cache"] = "hit"
        return response


def renew_all(**kwargs) -> None:
    renew(generation_key())


def renew_pages(page_ids) -> None:
    for page_id in set(page_ids):
        renew(version_key(page_id))


def pages_showing(obj) -> list[int]:
    """Pages whose content references `obj`, by Wagtail's reference index."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    return [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    ]


def product_changed(product) -> None:
    """Call after changing a product's data without save() (bulk imports)."""
    from products.models import ProductIndexPage

    renew_pages(
        [
            *pages_showing(product),
            *ProductIndexPage.objects.values_list("pk", flat=True),
        ]
    )


page_published.connect(renew_all, dispatch_uid="page_cache_published")
page_unpublished.connect(renew_all, dispatch_uid="page_cache_unpublished")
post_page_move.connect(renew_all, dispatch_uid="page_cache_moved")


@receiver(post_delete, dispatch_uid="page_cache_deleted")
@receiver(post_save, dispatch_uid="page_cache_saved")
def content_changed(sender, instance, **kwargs):
    """Shared data renews everything; product data renews the pages showing it."""
    label = sender._meta.label
    if label in {"products.Product", "products.AffiliateLink", "products.ProductImage"}:
        product_changed(getattr(instance, "product", instance))
    elif label in SHARED_MODELS or (
        isinstance(instance, Page) and kwargs.get("signal") is post_delete
    ):
        renew_all()


# What pages show beyond their own content: people, topics, sources, tags,
# merchants, brands, categories and site settings.
SHARED_MODELS = {
    "articles.Person",
    "articles.Topic",
    "articles.Source",
    "taggit.Tag",
    "products.Merchant",
    "products.Brand",
    "products.Category",
    "core.SiteSettings",
}
