"""Whole-page cache for anonymous readers of Wagtail pages (Django's cache).

PageCacheMiddleware answers a repeat visit from the cache without touching the
database; the before_serve_page hook (core/wagtail_hooks.py) marks what may be
stored. An entry is valid while the site-wide generation and its page's
version are unchanged: publishing, unpublishing, moving or deleting a page or
editing shared data (authors, settings, merchants) renews the generation; a
product change renews the versions of the pages that show it (Wagtail's
reference index) and the catalogue's. No entry outlives the freshness of the
prices and ratings on its page. Why this design: docs/caching.md.
"""

import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

PREFIX = "pagecache"
GENERATION = f"{PREFIX}:generation"
CSRF_PLACEHOLDER = "@@page-cache-csrf-token@@"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
STORED_HEADERS = {"content-type", "content-language", "x-robots-tag", "link"}


def entry_key(request) -> str:
    return f"{PREFIX}:entry:{request.get_host()}{request.path}"


def version_key(page_id: int) -> str:
    return f"{PREFIX}:page:{page_id}"


def renew(key: str) -> str:
    """A new random token: entries stored under the old one no longer match."""
    token = secrets.token_hex(8)
    cache.set(key, token, None)
    return token


def is_cacheable_request(request) -> bool:
    """Anonymous GET without query string: the same page for every reader."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.GET
        and not PERSONAL_COOKIES & set(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cache_timeout(page, now=None) -> int:
    """Seconds a rendering of `page` may be kept: the setting, or less when a
    price or rating on it turns stale sooner (products' freshness API)."""
    from products.selectors import fresh_until

    now = now or timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    stale_at = fresh_until(page, now)
    if stale_at is not None:
        seconds = min(seconds, int((stale_at - now).total_seconds()))
    return max(seconds, 0)


def mark_cacheable(page, request) -> None:
    """before_serve_page: remember which page answers, for storing its response."""
    request.page_cache_page = page


class PageCacheMiddleware:
    """Serves and stores anonymous page views; sits inside CsrfViewMiddleware.

    The CSRF token in a stored page is a placeholder, filled per reader with
    their own token (and CsrfViewMiddleware sets their cookie), so forms on
    cached pages keep working.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = entry_key(request)
        entry = cache.get(key)
        if entry is not None:
            current = cache.get_many([GENERATION, version_key(entry["page"])])
            if (current.get(GENERATION), current.get(version_key(entry["page"]))) == (
                entry["generation"],
                entry["version"],
            ):
                return self.cached_response(request, entry)
        response = self.get_response(request)
        page = getattr(request, "page_cache_page", None)
        if page is not None and self.is_storable(response):
            self.store(key, page, response)
        return response

    def is_storable(self, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store"))
        )

    def store(self, key, page, response) -> None:
        timeout = cache_timeout(page)
        if timeout <= 0:
            return
        generation = cache.get(GENERATION) or renew(GENERATION)
        version = cache.get(version_key(page.pk)) or renew(version_key(page.pk))
        content = CSRF_INPUT.sub(
            rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
        )
        entry = {
            "page": page.pk,
            "generation": generation,
            "version": version,
            "content": content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() in STORED_HEADERS
            ],
        }
        cache.set(key, entry, timeout)

    def cached_response(self, request, entry) -> HttpResponse:
        content = entry["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def renew_all(**kwargs) -> None:
    renew(GENERATION)


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
