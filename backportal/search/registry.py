"""The kinds of result site search shows, registered by the apps in AppConfig.ready().

A source finds results for the searched words: `find(words, request)`. The
paginated source is the main list (articles, paged); the others show a few
results on the first result page, each under its own heading (products).
Each source names the template of one result. Pages that register no source
(home, legal pages) are never results.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSource:
    """One kind of result: its heading, how to find it, how to show one."""

    name: str
    heading: str
    find: Callable[[str, object], Iterable]
    template: str
    paginate: bool = False


sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    sources[source.name] = source


def main_source() -> SearchSource | None:
    """The paginated source (the first registered one, if several are)."""
    return next((source for source in sources.values() if source.paginate), None)


def side_sources() -> list[SearchSource]:
    """Sources listed after the main results, on the first result page only."""
    return [source for source in sources.values() if not source.paginate]
