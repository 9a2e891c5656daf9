"""Purge pages from a shared cache in front of the site (Varnish, a CDN).

Wagtail's frontend cache (`wagtail.contrib.frontend_cache`, configured by
FRONTEND_CACHE_URL in settings) purges a page when it is published or
unpublished. This adds what it cannot know, after the transaction commits (a
refetch before the commit would store the old page again): the listings of
the page's ancestors, both parents of a moved page, and the pages the page
cache renews because they show a changed product (`page_cache.renew_pages`,
by Wagtail's reference index). Everything else a publish changes (teasers,
menus, related articles on other pages) is bounded by the short `s-maxage`
of core/cache_control.py. docs/caching.md explains the choice.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move


def is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge(pages) -> None:
    """Purge every URL of `pages` (one query for their sites, one per page type)."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()


def purge_pages(page_ids) -> None:
    """Purge the pages with these ids (one query, plus their URLs)."""
    if is_configured() and page_ids:
        purge(Page.objects.filter(pk__in=list(page_ids)))


def purge_pages_later(page_ids) -> None:
    """purge_pages() when the transaction commits; no query when not configured."""
    if is_configured() and page_ids:
        page_ids = list(page_ids)
        transaction.on_commit(lambda: purge_pages(page_ids))


def with_listings(*pages) -> list[Page]:
    """The pages and their ancestors below the tree's root (their listings)."""
    found = {}
    for page in pages:
        if page is None:
            continue
        found[page.pk] = page
        for ancestor in page.get_ancestors().filter(depth__gt=1):
            found[ancestor.pk] = ancestor
    return list(found.values())


def page_changed(sender, instance, **kwargs) -> None:
    """Published, unpublished or moved: the page and its parents' listings."""
    if not is_configured():
        return
    pages = [
        instance,
        kwargs.get("parent_page_before"),
        kwargs.get("parent_page_after"),
    ]
    transaction.on_commit(lambda: purge(with_listings(*pages)))


page_published.connect(page_changed, dispatch_uid="frontend_cache_published")
page_unpublished.connect(page_changed, dispatch_uid="frontend_cache_unpublished")
post_page_move.connect(page_changed, dispatch_uid="frontend_cache_moved")
