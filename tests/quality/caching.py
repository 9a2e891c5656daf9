"""Helpers of the page cache and fragment tests."""

import time

from django.core.cache import cache

from articles.models import ArticlePage

from .pages import ARTICLE


def demo_article() -> ArticlePage:
    return ArticlePage.objects.get(url_path__endswith=ARTICLE)


def seconds_left(key: str) -> float:
    """How long the local-memory cache keeps `key` (it records each expiry)."""
    return cache._expire_info[cache.make_key(key)] - time.time()
