"""Whole pages and page fragments for readers, from Django's cache (Redis).

PageCacheMiddleware answers a repeat anonymous visit from the cache without
touching the database; the before_serve_page hook (core/wagtail_hooks.py)
marks what may be stored. The {% pagefragment %} tag
(templatetags/page_cache_tags.py) keeps the reader-independent parts of a page
for everyone else: readers with a session, editors looking at the live site.

Both follow one rule. A stored rendering is valid while the site-wide
generation and its page's version are unchanged and it was made by the same
build of the static files: publishing, unpublishing, moving or deleting a
page, restricting who may see it or editing shared data (authors, settings,
merchants) renews the generation; a product change renews the versions of the
pages that show it (Wagtail's reference index) and the catalogue's. No
rendering outlives the freshness of the prices and ratings on its page. Why
this design: docs/caching.md.
"""

import functools
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from . import frontend_cache

PREFIX = "pagecache"
GENERATION = f"{PREFIX}:generation"
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# What a stored page keeps of its response; the middleware outside this one
# (security headers, X-Frame-Options) adds the rest to every response.
STORED_HEADERS = {"content-type", "content-language", "vary", "x-robots-tag", "link"}
# Query parameters that only tell analytics where a visit came from (newsletter
# and ad links): the page is the same without them, so they do not stop it
# from being served from the cache. Any other parameter does.
TRACKING_PARAMETERS = {"gclid", "fbclid", "msclkid", "mc_cid", "mc_eid"}

# What the apps above tell the cache, registered in their AppConfig.ready():
# when what a page shows stops being right (products: a price or rating turns
# stale), and which models' changes every page may show (authors, merchants).
# Filled at start-up, read-only afterwards.
freshness_sources: list = []
shared_models: set[str] = {"core.SiteSettings", "wagtailcore.PageViewRestriction"}


def register_freshness(source) -> None:
    """`source(page, request, now)` -> until when what `page` shows is right,
    or None for no bound. Asked once per cacheable render."""
    if source not in freshness_sources:
        freshness_sources.append(source)


def register_shared_models(*labels: str) -> None:
    """Models ("app_label.ModelName") whose change renews every stored page.
    Models whose change concerns only some pages call renew_pages() from the
    app's own signal handlers instead (products does)."""
    shared_models.update(labels)


def origin_path(request) -> str:
    """scheme://host/path: pages hold absolute URLs (og:image, JSON-LD, pings)."""
    return f"{request.scheme}://{request.get_host()}{request.path}"


def entry_key(request) -> str:
    return f"{PREFIX}:entry:{origin_path(request)}"


def fragment_key(request, name: str) -> str:
    """Per fragment and URL: routable pages show several paths."""
    return f"{PREFIX}:fragment:{name}:{origin_path(request)}"


def version_key(page_id: int) -> str:
    return f"{PREFIX}:page:{page_id}"


@functools.cache
def build() -> str:
    """This build of the static files: stored pages name hashed CSS and JS
    files, so what an older deploy stored is not used by a newer one (a
    deploy restarts the processes, which read their manifest once)."""
    return getattr(staticfiles_storage, "manifest_hash", "")


def is_plain_url(request) -> bool:
    """No query string, or one of tracking parameters only."""
    if not request.META.get("QUERY_STRING"):
        return True
    return all(
        name.startswith("utm_") or name in TRACKING_PARAMETERS for name in request.GET
    )


def is_shareable_request(request) -> bool:
    """Anonymous GET of a plain URL: the same page for every reader, which the
    page cache and a shared cache in front of the site (CDN) may keep."""
    return (
        request.method == "GET"
        and is_plain_url(request)
        and not PERSONAL_COOKIES & set(request.COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_request(request) -> bool:
    """A shareable request while the page cache is on."""
    return settings.PAGE_CACHE_SECONDS > 0 and is_shareable_request(request)


def fresh_until(page, request=None, now=None):
    """Until when what the request shows of `page` may be kept: the earliest
    bound of the registered freshness sources (or None), or earlier if a
    fragment served from the cache expires sooner. Asked once per request."""
    if request is not None and hasattr(request, "page_fresh_until"):
        return request.page_fresh_until
    now = now or timezone.now()
    moments = [source(page, request, now) for source in freshness_sources]
    moment = min((m for m in moments if m), default=None)
    if request is not None:
        request.page_fresh_until = moment
    return moment


def remember_expiry(request, moment) -> None:
    """A fragment from the cache bounds how long the page around it may be kept."""
    known = getattr(request, "page_fresh_until", None)
    request.page_fresh_until = min((m for m in (known, moment) if m), default=None)


def cache_timeout(page, now=None, *, seconds=None, request=None) -> int:
    """Seconds a rendering of `page` may be kept: `seconds` (the page cache's
    setting by default), or less when a price or rating on it turns stale
    sooner (the registered freshness sources)."""
    now = now or timezone.now()
    if seconds is None:
        seconds = settings.PAGE_CACHE_SECONDS
    stale_at = fresh_until(page, request, now)
    if stale_at is not None:
        seconds = min(seconds, int((stale_at - now).total_seconds()))
    return max(seconds, 0)


def tokens_of(page_id: int, found: dict) -> tuple[str, str]:
    """(generation, page version) from a get_many() result.

    A missing token is added only if still missing (cache.add), then read
    back, so a renewal running at the same moment is never overwritten.
    """
    tokens = []
    for key in (GENERATION, version_key(page_id)):
        token = found.get(key)
        if token is None:
            cache.add(key, secrets.token_hex(8), None)
            token = cache.get(key)
        tokens.append(token)
    return tuple(tokens)


def current_tokens(page_id: int) -> tuple[str, str]:
    return tokens_of(page_id, cache.get_many([GENERATION, version_key(page_id)]))


def lookup(key: str, page_id: int | None = None) -> tuple[dict | None, tuple]:
    """(valid entry under `key` or None, the current tokens of its page).

    With the page known (fragments; the middleware's hint) the entry and the
    tokens come in one round trip; an entry of another page than expected is
    checked against its own page's tokens with a second one.
    """
    if page_id is None:
        entry = cache.get(key)
        if entry is None:
            return None, ()
        page_id = entry["page"]
        found = cache.get_many([GENERATION, version_key(page_id)])
    else:
        found = cache.get_many([key, GENERATION, version_key(page_id)])
        entry = found.get(key)
        if entry is not None and entry["page"] != page_id:
            return lookup(key)
    tokens = tokens_of(page_id, found)
    if entry is not None and (
        (entry["generation"], entry["version"]) != tokens or entry["build"] != build()
    ):
        entry = None
    return entry, tokens


class PageHints:
    """Which page answers a URL, learned from stored pages, so a hit reads the
    entry and its page's tokens in one round trip. Per process and only a
    hint (lookup() checks it against the entry); forgotten when it grows."""

    limit = 10_000

    def __init__(self):
        self.pages: dict[str, int] = {}

    def get(self, key: str) -> int | None:
        return self.pages.get(key)

    def learn(self, key: str, page_id: int) -> None:
        if len(self.pages) >= self.limit:
            self.pages.clear()
        self.pages[key] = page_id


def store(key, page, request, *, seconds, tokens, **data) -> None:
    """Keep `data` for `page` under `key`: at most `seconds`, never past the
    freshness of its prices and ratings, under the tokens read before it was
    rendered (a change during rendering leaves the entry already invalid)."""
    now = timezone.now()
    timeout = cache_timeout(page, now, seconds=seconds, request=request)
    if timeout <= 0:
        return
    generation, version = tokens
    entry = {"page": page.pk, "generation": generation, "version": version}
    entry.update(data, build=build(), expires_at=now + timedelta(seconds=timeout))
    cache.set(key, entry, timeout)


def mark_cacheable(page, request) -> None:
    """before_serve_page: remember which page answers a shareable request
    (for its Cache-Control, core/cache_control.py) and, with the page cache
    on, its tokens before it renders, for storing the response."""
    if is_shareable_request(request):
        request.page_cache_page = page
        if settings.PAGE_CACHE_SECONDS > 0:
            request.page_cache_tokens = current_tokens(page.pk)


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
        self.hints = PageHints()

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = entry_key(request)
        entry, _tokens = lookup(key, self.hints.get(key))
        if entry is not None:
            self.hints.learn(key, entry["page"])
            request.page_cache_entry = entry
            return self.cached_response(entry)
        response = self.get_response(request)
        page = getattr(request, "page_cache_page", None)
        if page is not None and self.is_storable(response):
            self.hints.learn(key, page.pk)
            store(
                key,
                page,
                request,
                seconds=settings.PAGE_CACHE_SECONDS,
                tokens=request.page_cache_tokens,
                fresh_until=fresh_until(page, request),
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


def renew(key: str) -> None:
    """A new random token now and again when the transaction commits: what is
    rendered meanwhile from the old rows gets the first and is void after."""

    def new_token():
        cache.set(key, secrets.token_hex(8), None)

    new_token()
    transaction.on_commit(new_token)


def renew_all(**kwargs) -> None:
    renew(GENERATION)


def renew_pages(page_ids) -> None:
    page_ids = set(page_ids)
    for page_id in page_ids:
        renew(version_key(page_id))
    # A shared cache in front of the site (Varnish, a CDN) drops them too.
    frontend_cache.purge_pages_later(page_ids)


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


def content_changed(sender, instance, **kwargs):
    """post_save/post_delete: a shared model renews everything, and so does
    deleting a page (listings and teasers show it). Connected in
    CoreConfig.ready() (signal_handlers.py)."""
    if sender._meta.label in shared_models or (
        isinstance(instance, Page) and kwargs.get("signal") is post_delete
    ):
        renew_all()
