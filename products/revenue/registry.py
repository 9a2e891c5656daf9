"""Topics come from a higher layer (articles); it registers them here.

products must not import articles. articles calls register_topics() in its
AppConfig.ready() with two functions: the topic choices, and the ids of the
pages that belong to given topics. Without a registration there are no topics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_topic_choices: Callable[[], list[tuple[int, str]]] | None = None
_pages_of_topics: Callable[[Iterable[int]], dict[int, list[int]]] | None = None
_topics_of_pages: Callable[[Iterable[int]], dict[int, list[int]]] | None = None


def register_topics(*, choices, pages_of_topics, topics_of_pages) -> None:
    """choices() -> [(id, name)]; pages_of_topics(ids) -> {topic id: [page ids]};
    topics_of_pages(page ids) -> {page id: [topic ids]}."""
    global _topic_choices, _pages_of_topics, _topics_of_pages
    _topic_choices = choices
    _pages_of_topics = pages_of_topics
    _topics_of_pages = topics_of_pages


def topic_choices() -> list[tuple[int, str]]:
    return list(_topic_choices()) if _topic_choices else []


def pages_of_topics(topic_ids: Iterable[int]) -> dict[int, list[int]]:
    return _pages_of_topics(list(topic_ids)) if _pages_of_topics else {}


def topics_of_pages(page_ids: Iterable[int]) -> dict[int, list[int]]:
    return _topics_of_pages(list(page_ids)) if _topics_of_pages else {}


def topic_names() -> dict[int, str]:
    return dict(topic_choices())
