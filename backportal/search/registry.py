"""The sources site search asks, registered by the apps in AppConfig.ready().

A source is `source(words) -> iterable` of results, each with a URL and a
title. The search app registers Wagtail's live public pages (all page types:
articles, the catalogue, plain pages); an app adds a source for what is not a
page (e.g. snippets with a public URL).
"""

from collections.abc import Callable

from wagtail.models import Page

sources: dict[str, Callable] = {}


def register_search_source(name: str, source: Callable) -> None:
    sources[name] = source


def live_pages(words: str):
    """German full-text search over live public pages (Wagtail's database
    backend): one query for the count and one per result page."""
    pages = Page.objects.live().public().specific()
    return pages.search(words) if words else pages.none()


def search(words: str):
    """Results of every registered source: the single source's lazy result
    (paginated in the database) or, with several, all of them in order."""
    found = [source(words) for source in sources.values()]
    if len(found) == 1:
        return found[0]
    return [result for results in found for result in results]
