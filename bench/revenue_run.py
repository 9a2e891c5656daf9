"""Server time of the 90-day revenue overview against today's 90-day click report,
and the page-view beacon's throughput against /click/, side by side in one run.

    BENCH_DATABASE_URL=postgres://…/bp_revenue_bench \\
    .venv/bin/python bench/revenue_run.py [--clicks 5000000] [--days 730]
                                          [--regenerate] [--skip-setup] [--write]

Generates the history once (manage.py generate_clicks: clicks by COPY, the
rollup, then commissions and daily views derived from them), renders
/admin/revenue/?period=90 and /admin/clicks/?period=90 in-process as a Marketing
user (medians, ratio), and posts to /seitenaufruf/ and /click/ alternately
through Django's test client (requests per second, ratio). --write puts the
figures into bench/README.md between the revenue-bench markers.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.go_common import ensure_database, machine, setup_django, write_readme

SETTINGS = "bench.reports_settings"
README_MARKERS = ("<!-- revenue-bench:start -->", "<!-- revenue-bench:end -->")
RUNS = 5
POSTS = 2000
PERSON_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
)


def timed(function, runs=RUNS) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=5_000_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    if not args.skip_setup:
        ensure_database()
    setup_django(SETTINGS)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import ArticlePage
    from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group
    from products.clicks.models import Click, DailyClicks
    from products.models import AffiliateLink
    from products.revenue.models import DailyPageViews, Transaction

    if args.regenerate or Click.objects.count() < args.clicks:
        print(f"Generating {args.clicks:,} clicks over {args.days} days …", flush=True)
        started = time.perf_counter()
        call_command(
            "generate_clicks", clicks=args.clicks, days=args.days, replace=True
        )
        print(f"… done in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for table in (
            "clicks_click",
            "clicks_dailyclicks",
            "revenue_transaction",
            "revenue_dailypageviews",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    counts = {
        "clicks": Click.objects.count(),
        "rollup": DailyClicks.objects.count(),
        "transactions": Transaction.objects.count(),
        "views": DailyPageViews.objects.count(),
    }

    ensure_marketing_group()
    user, _ = get_user_model().objects.get_or_create(username="bench-marketing")
    user.groups.add(Group.objects.get(name=MARKETING_GROUP))
    client = Client()
    client.force_login(user)

    def get(url):
        def request():
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        return request

    revenue_ms = timed(get("/admin/revenue/?period=90"))
    clicks_ms = timed(get("/admin/clicks/?period=90"))
    pages_ms = timed(get("/admin/revenue/pages/?period=90"))

    reader = Client(HTTP_USER_AGENT=PERSON_UA)
    page_id = ArticlePage.objects.live().first().pk
    link = (
        AffiliateLink.objects.filter(merchant__link_mode="direct").first()
        or AffiliateLink.objects.first()
    )
    beacon_url = f"/seitenaufruf/?page={page_id}"
    click_url = f"/click/?link={link.slug}&from={page_id}&p=box"

    def rate(url) -> float:
        start = time.perf_counter()
        for _ in range(POSTS // 4):
            if reader.post(url, secure=True).status_code != 204:
                raise SystemExit(f"{url} did not answer 204")
        return (POSTS // 4) / (time.perf_counter() - start)

    beacon_rates, click_rates = [], []
    for _ in range(4):  # alternated, so both see the same machine load
        beacon_rates.append(rate(beacon_url))
        click_rates.append(rate(click_url))
    beacon_rps, click_rps = (
        statistics.median(beacon_rates),
        statistics.median(click_rates),
    )

    lines = [
        f"Measured {machine()}.",
        f"PostgreSQL; {counts['clicks']:,} raw clicks over {args.days} days, "
        f"{counts['rollup']:,} rollup rows, {counts['transactions']:,} transactions, "
        f"{counts['views']:,} daily view counts (manage.py generate_clicks).",
        "",
        "| what | server time |",
        "| --- | ---: |",
        f"| 90-day revenue overview /admin/revenue/?period=90, median of {RUNS} | **{revenue_ms:.1f} ms** |",
        f"| 90-day click report /admin/clicks/?period=90, median of {RUNS} | {clicks_ms:.1f} ms |",
        f"| 90-day revenue per article /admin/revenue/pages/?period=90 | {pages_ms:.1f} ms |",
        "",
        f"Revenue overview / click report: **{revenue_ms / clicks_ms:.2f}×**.",
        "",
        "| endpoint (Django test client, in-process, one thread) | requests/s |",
        "| --- | ---: |",
        f"| POST /seitenaufruf/ (page-view beacon) | **{beacon_rps:.0f}** |",
        f"| POST /click/ (direct-mode click) | {click_rps:.0f} |",
        "",
        f"Beacon / click: **{beacon_rps / click_rps:.2f}×**.",
    ]
    report = "\n".join(lines) + "\n"
    print("\n" + report)
    if args.write:
        write_readme(README_MARKERS, "Revenue reports and the page-view beacon", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
