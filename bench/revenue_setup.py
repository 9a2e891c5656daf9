"""The revenue benchmark's data set, built in its own database (bench only).

The issue's size, times --scale: 5,000,000 raw clicks, 100,000 transactions and
2,000,000 daily view counts over --days (730). `manage.py generate_clicks`
writes the clicks (COPY), their rollup, and commissions and views derived from
them; it counts views only for pages with clicks (the demo's few dozen), so
the rest comes from here in single INSERT … SELECT statements over
generate_series:

- plain Wagtail pages under one "Benchmark-Seiten" page (bulk_create with
  their tree paths, no save() per page), one per --days view counts missing;
- their daily view counts, pages × days, up to the target;
- transactions topped up to the target as shifted copies of the derived ones
  (same pages, products, statuses and amounts), or thinned out at random.

Idempotent: a database already at the targets is left as it is.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, timedelta

CLICKS = 5_000_000
TRANSACTIONS = 100_000
VIEW_ROWS = 2_000_000
DAYS = 730
PAGE_BATCH = 5_000
CONTAINER_SLUG = "benchmark-seiten"


@dataclass(frozen=True)
class Targets:
    clicks: int
    transactions: int
    view_rows: int
    days: int

    @classmethod
    def scaled(cls, scale: float, days: int = DAYS) -> Targets:
        return cls(
            clicks=max(1, round(CLICKS * scale)),
            transactions=max(1, round(TRANSACTIONS * scale)),
            view_rows=max(1, round(VIEW_ROWS * scale)),
            days=days,
        )


def counts() -> dict[str, int]:
    from products.clicks.models import Click, DailyClicks
    from products.revenue.models import DailyPageViews, Transaction

    return {
        "clicks": Click.objects.count(),
        "rollup": DailyClicks.objects.count(),
        "transactions": Transaction.objects.count(),
        "view_rows": DailyPageViews.objects.count(),
    }


def is_built(targets: Targets) -> bool:
    """At the targets (view counts may have grown: the beacon adds today's)."""
    now = counts()
    return (
        now["clicks"] == targets.clicks
        and now["transactions"] == targets.transactions
        and now["view_rows"] >= targets.view_rows
    )


def build(targets: Targets, say=print) -> None:
    """Replace the history by one of the target size."""
    from django.core.management import call_command

    from products.clicks.days import today

    started = time.perf_counter()
    say(f"generate_clicks: {targets.clicks:,} clicks over {targets.days} days …")
    call_command(
        "generate_clicks", clicks=targets.clicks, days=targets.days, replace=True
    )
    last = today()
    first = last - timedelta(days=targets.days - 1)
    say(f"view counts up to {targets.view_rows:,} …")
    fill_views(targets.view_rows, first, last)
    say(f"transactions to exactly {targets.transactions:,} …")
    fit_transactions(targets.transactions, first, last)
    say(f"… built in {time.perf_counter() - started:.0f} s: {counts()}")


def bench_pages(needed: int) -> list[int]:
    """Ids of at least `needed` live plain pages under "Benchmark-Seiten"."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    home = Page.objects.filter(depth=2).order_by("path").first()
    container = Page.objects.filter(slug=CONTAINER_SLUG, depth=3).first()
    if container is None:
        container = home.add_child(
            instance=Page(title="Benchmark-Seiten", slug=CONTAINER_SLUG, live=True)
        )
    # Not get_children(): treebeard answers it from the instance's numchild.
    children = Page.objects.filter(
        path__startswith=container.path, depth=container.depth + 1
    ).order_by("path")
    have = list(children.values_list("pk", flat=True))
    missing = needed - len(have)
    if missing > 0:
        content_type = ContentType.objects.get_for_model(Page)
        now = timezone.now()
        start = len(have)  # their steps are 1 … start
        pages = []
        for number in range(start + 1, start + missing + 1):
            slug = f"benchmark-seite-{number}"
            pages.append(
                Page(
                    title=f"Benchmark-Seite {number}",
                    draft_title=f"Benchmark-Seite {number}",
                    slug=slug,
                    content_type=content_type,
                    locale_id=container.locale_id,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    path=Page._get_path(container.path, container.depth + 1, number),
                    depth=container.depth + 1,
                    numchild=0,
                    url_path=f"{container.url_path}{slug}/",
                )
            )
        Page.objects.bulk_create(pages, batch_size=PAGE_BATCH)
        Page.objects.filter(pk=container.pk).update(numchild=start + missing)
        have = list(children.values_list("pk", flat=True))
    return have


def fill_views(target: int, first: date, last: date) -> None:
    """Daily view counts of the benchmark pages until there are `target` rows."""
    from django.db import connection

    from products.revenue.models import DailyPageViews

    missing = target - DailyPageViews.objects.count()
    if missing <= 0:
        return
    days = (last - first).days + 1
    pages = bench_pages(math.ceil(missing / days))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {DailyPageViews._meta.db_table} (page_id, day, views)
            SELECT p.id, %s::date + d.n, 20 + (p.id * 31 + d.n * 17) %% 400
            FROM unnest(%s::int[]) AS p(id)
            CROSS JOIN generate_series(0, %s::int - 1) AS d(n)
            LIMIT %s
            ON CONFLICT (page_id, day) DO NOTHING
            """,  # noqa: S608 - table names from the models
            [first, pages, days, missing],
        )


def fit_transactions(target: int, first: date, last: date) -> None:
    """Exactly `target` transactions: copies of the derived ones (attributed,
    day shifted by up to a month either way, new external ids), or fewer."""
    from django.db import connection

    from products.revenue.models import Transaction

    table = Transaction._meta.db_table
    have = Transaction.objects.count()
    if have > target:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN "  # noqa: S608
                f"(SELECT id FROM {table} ORDER BY random() LIMIT %s)",
                [have - target],
            )
        return
    if have == target:
        return
    columns = [
        field.column
        for field in Transaction._meta.concrete_fields
        if not field.primary_key
    ]
    special = {
        "external_id": "'bench-' || g.n",
        "day": "LEAST(%(last)s::date, GREATEST(%(first)s::date, "
        "base.day + (g.n * 7919 %% 61 - 30)::int))",
        "updates": "'[]'::jsonb",
        "imported_at": "now()",
        "updated_at": "now()",
    }
    select = ", ".join(special.get(column, f"base.{column}") for column in columns)
    if not Transaction.objects.exclude(matched_by="").exists():
        raise SystemExit("No attributed transaction to copy: generate_clicks first.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH base AS (
                SELECT row_number() OVER (ORDER BY id) AS rn, *
                FROM {table} WHERE matched_by <> ''
            )
            INSERT INTO {table} ({", ".join(columns)})
            SELECT {select}
            FROM generate_series(1, %(missing)s::int) AS g(n)
            JOIN base ON base.rn = 1 + g.n %% (SELECT count(*) FROM base)
            """,  # noqa: S608 - table and column names from the model
            {"missing": target - have, "first": first, "last": last},
        )
