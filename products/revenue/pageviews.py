"""Daily page views: one upsert per counted view, no per-visitor row.

count_view() is the endpoint the beacon posts to. Nothing about the reader is
stored or even read beyond what tells a bot or prefetch apart (the same rules
as for clicks); no cookie is set or read.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from products.clicks.days import berlin_day
from products.clicks.useragents import bot_reason

from .models import DailyPageViews

logger = logging.getLogger(__name__)

MAX_PAGE_ID = 2**31 - 1
UPSERT = (
    f"INSERT INTO {DailyPageViews._meta.db_table} (page_id, day, views) "  # noqa: S608
    f"SELECT {Page._meta.pk.column}, %s, 1 FROM {Page._meta.db_table} "
    f"WHERE {Page._meta.pk.column} = %s AND live "
    "ON CONFLICT (page_id, day) DO UPDATE "
    f"SET views = {DailyPageViews._meta.db_table}.views + 1"
)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def record_view(page_id: int, day) -> None:
    """Add one view of a live page on a Berlin day (one statement)."""
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [day, page_id])


@csrf_exempt  # a beacon carries no token; it can only add one to a counter
@require_POST
def count_view(request):
    """204 always (bots, prefetches and unknown pages are simply not counted).

    Costs one query for a counted view, none otherwise.
    """
    value = request.GET.get("page", "")
    user_agent = request.headers.get("User-Agent", "")[:512]
    if (
        value.isascii()
        and value.isdigit()
        and len(value) <= 10
        and 0 < int(value) <= MAX_PAGE_ID
        and not bot_reason(request.method, request.headers, user_agent)
    ):
        try:
            record_view(int(value), berlin_day(timezone.now()))
        except DatabaseError:
            logger.warning("Page view not counted", exc_info=True)
    return _no_store(HttpResponse(status=204))
