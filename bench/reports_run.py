"""Server time of the 90-day click report on a synthetic 5-million-click history,
against the same figures computed by GROUP BY on the raw clicks, in one run.

    .venv/bin/python bench/reports_run.py [--clicks 5000000] [--days 730]
                                          [--regenerate] [--skip-setup] [--write]

Generates the history once into the benchmark database (manage.py
generate_clicks, COPY; a few minutes), then renders /admin/clicks/?period=90
(chart, time table, all top tables) in-process as a Marketing user, and runs
one GROUPING SETS query over the raw clicks that yields the same totals, days
and tops (the most favourable form for raw data). Checks that both give the
same figures and prints medians and the ratio. --write puts the figures
into bench/README.md between the reports-bench markers.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.go_common import ensure_database, machine, setup_django, write_readme

SETTINGS = "bench.reports_settings"
README_MARKERS = ("<!-- reports-bench:start -->", "<!-- reports-bench:end -->")
RUNS = 5
DIMENSION_COLUMNS = {
    "products": "product_id",
    "links": "link_id",
    "merchants": "merchant_id",
    "pages": "page_id",
    "placements": "placement",
}


def raw_figures(first, last) -> dict:
    """Totals, clicks per day and per dimension value, from raw clicks (no bots)."""
    from django.db import connection

    from products.clicks.days import day_bounds
    from products.clicks.models import Click

    start, end = day_bounds(first)[0], day_bounds(last)[1]
    columns = ", ".join(DIMENSION_COLUMNS.values())
    sets = ", ".join(f"({column})" for column in DIMENSION_COLUMNS.values())
    sql = f"""
        WITH raw AS (
            SELECT (at AT TIME ZONE 'Europe/Berlin')::date AS day, {columns},
                   ROW_NUMBER() OVER (
                       PARTITION BY visitor_key, (at AT TIME ZONE 'Europe/Berlin')::date
                       ORDER BY at, id) AS visit_rank
            FROM {Click._meta.db_table}
            WHERE at >= %s AND at < %s AND NOT is_bot
        )
        SELECT GROUPING(day) AS g_day, day, {columns},
               {", ".join(f"GROUPING({c}) AS g_{c}" for c in DIMENSION_COLUMNS.values())},
               COUNT(*), SUM(CASE WHEN visit_rank = 1 THEN 1 ELSE 0 END)
        FROM raw
        GROUP BY GROUPING SETS ((), (day), {sets})
    """  # noqa: S608 - names from model meta
    figures = {"total": None, "days": {}, **{name: {} for name in DIMENSION_COLUMNS}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end])
        for row in cursor.fetchall():
            g_day, day, *values = row
            keys, flags = values[:5], values[5:10]
            figures_pair = (row[-2], row[-1])
            if g_day == 0:
                figures["days"][day] = figures_pair
            elif all(flags):
                figures["total"] = figures_pair
            else:
                index = flags.index(0)
                figures[list(DIMENSION_COLUMNS)[index]][keys[index]] = figures_pair
    return figures


def rollup_figures(first, last) -> dict:
    """The same figures from the daily rollup, through the report's selectors."""
    from django.db.models import Sum

    from products.clicks.selectors import DIMENSIONS, grouped, rollup_rows, totals

    rows = rollup_rows(first, last)
    total = totals(rows)
    figures = {"total": (total["click_count"], total["unique_count"])}
    figures["days"] = {
        row["day"]: (row["c"], row["u"])
        for row in rows.values("day").annotate(c=Sum("clicks"), u=Sum("unique_clicks"))
    }
    for name, dimension in DIMENSIONS.items():
        figures[name] = {
            row["key"]: (row["click_count"], row["unique_count"])
            for row in grouped(rows, dimension)
        }
    return figures


def timed(function, runs=RUNS) -> tuple[float, object]:
    """Median milliseconds over `runs` calls (after one warm-up), and the last result."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=5_000_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="put the figures into bench/README.md"
    )
    parser.add_argument(
        "--skip-setup",
        action="store_true",
        help="database already migrated with the demo",
    )
    args = parser.parse_args()

    if not args.skip_setup:
        ensure_database()
    setup_django(SETTINGS)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from products.clicks.days import today
    from products.clicks.groups import MARKETING_GROUP
    from products.clicks.models import Click, DailyClicks, RollupDay

    count = Click.objects.count()
    if args.regenerate or count < args.clicks:
        print(f"Generating {args.clicks:,} clicks over {args.days} days …", flush=True)
        started = time.perf_counter()
        call_command(
            "generate_clicks", clicks=args.clicks, days=args.days, replace=True
        )
        print(f"… done in {time.perf_counter() - started:.0f} s", flush=True)
        count = Click.objects.count()
    with connection.cursor() as cursor:  # what autovacuum does on a live site
        cursor.execute("VACUUM ANALYZE clicks_click")
        cursor.execute("VACUUM ANALYZE clicks_dailyclicks")

    user, _ = get_user_model().objects.get_or_create(username="bench-marketing")
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/admin/clicks/?period=90", secure=True)
        if response.status_code != 200:
            raise SystemExit(f"report answered {response.status_code}")
        return response

    def page_with_stale_today():
        # As after the first click of a new minute: today is aggregated again.
        RollupDay.objects.filter(day=today()).update(
            rolled_up_at=timezone.now() - timedelta(hours=1)
        )
        return page()

    last = today()
    first = last - timedelta(days=89)
    page_ms, _response = timed(page)
    stale_ms, _response = timed(page_with_stale_today)
    rollup_ms, from_rollup = timed(lambda: rollup_figures(first, last))
    raw_ms, from_raw = timed(lambda: raw_figures(first, last), runs=3)
    rollup_rows = DailyClicks.objects.filter(day__range=(first, last)).count()

    same = from_raw == from_rollup
    fast = page_ms < 300 and raw_ms >= 20 * page_ms
    lines = [
        f"Measured {machine()}.",
        f"PostgreSQL; {count:,} raw clicks over {args.days} days "
        f"(manage.py generate_clicks); {DailyClicks.objects.count():,} rollup rows in all, "
        f"{rollup_rows:,} in the 90 days.",
        "",
        "| what | server time |",
        "| --- | ---: |",
        f"| 90-day report page /admin/clicks/?period=90 (chart, time table, five top tables), median of {RUNS} | **{page_ms:.1f} ms** |",
        f"| the same page when today has to be aggregated first (once a minute at most) | {stale_ms:.1f} ms |",
        f"| its figures from the rollup alone, without rendering | {rollup_ms:.1f} ms |",
        f"| the same figures by one GROUP BY (GROUPING SETS) on the raw clicks, median of 3 | {raw_ms:.1f} ms |",
        "",
        f"Raw / page: **{raw_ms / page_ms:.1f}×** (target ≥ 20×); page under 300 ms: "
        f"{'yes' if page_ms < 300 else 'NO'}. Rollup and raw clicks give the same "
        f"figures: {'yes' if same else 'NO'}.",
    ]
    report = "\n".join(lines) + "\n"
    print("\n" + report)
    if args.write:
        write_readme(README_MARKERS, "Click reports", report)
    return 0 if same and fast else 1


if __name__ == "__main__":
    sys.exit(main())
