"""Articles' topics as products.revenue sees them (registered in ArticlesConfig.ready).

Each function costs one query.
"""

from collections.abc import Iterable


def topic_choices() -> list[tuple[int, str]]:
    from .models import Topic

    return list(Topic.objects.order_by("name").values_list("pk", "name"))


def pages_of_topics(topic_ids: Iterable[int]) -> dict[int, list[int]]:
    from .models import ArticlePage

    result: dict[int, list[int]] = {}
    rows = ArticlePage.topics.through.objects.filter(topic_id__in=list(topic_ids))
    for topic_id, page_id in rows.values_list("topic_id", "articlepage_id"):
        result.setdefault(topic_id, []).append(page_id)
    return result


def topics_of_pages(page_ids: Iterable[int]) -> dict[int, list[int]]:
    from .models import ArticlePage

    result: dict[int, list[int]] = {}
    rows = ArticlePage.topics.through.objects.filter(articlepage_id__in=list(page_ids))
    for topic_id, page_id in rows.values_list("topic_id", "articlepage_id"):
        result.setdefault(page_id, []).append(topic_id)
    return result
