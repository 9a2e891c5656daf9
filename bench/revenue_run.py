"""Server time of the 90-day revenue overview against today's 90-day click report,
and the page-view beacon's throughput against /click/ under gunicorn, side by side.

    REVENUE_BENCH_DATABASE_URL=postgres://…/backportal_revenue_bench \\
    .venv/bin/python bench/revenue_run.py [--scale 1] [--days 730] [--regenerate]
        [--duration 10] [--connections 8] [--rounds 2] [--skip-setup] [--write]

Builds the data set once in its own database (bench/revenue_setup.py: at
--scale 1 the issue's 5,000,000 clicks, 100,000 transactions and 2,000,000 daily
view counts; --scale 0.01 is a quick check that everything runs). Renders
/admin/revenue/?period=90, /admin/clicks/?period=90 and the per-article revenue
in-process as a Marketing user (medians, ratio). Then starts gunicorn (2 sync
workers, production settings, Redis as the cache: REVENUE_BENCH_CACHE_URL) and
alternates wrk runs of POST /seitenaufruf/ and POST /click/ (tests/load helpers),
each from many readers behind the proxy (their own X-Forwarded-For, so the
per-address rate limits work as in production), and checks that every answered
request was counted. --write puts the figures into bench/README.md between the
revenue-bench markers.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "REVENUE_BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/backportal_revenue_bench",
)

from bench.go_common import (  # noqa: E402 - after choosing the database
    DATABASE_URL,
    ensure_database,
    machine,
    setup_django,
    write_readme,
)

SETTINGS = "bench.reports_settings"
README_MARKERS = ("<!-- revenue-bench:start -->", "<!-- revenue-bench:end -->")
CACHE_URL = os.environ.get("REVENUE_BENCH_CACHE_URL", "redis://127.0.0.1:6379/8")
RUNS = 5
# A person's browser posting from one of our pages, behind the TLS proxy.
HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "X-Forwarded-Proto": "https",
    "Sec-Fetch-Site": "same-origin",
}
TARGET_PAGES = 50


def timed(function, runs=RUNS) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report_times() -> dict:
    """Median server time (ms) of the 90-day reports, in-process, as Marketing."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from products.clicks.groups import MARKETING_GROUP, ensure_marketing_group

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

    return {
        "revenue": timed(get("/admin/revenue/?period=90")),
        "clicks": timed(get("/admin/clicks/?period=90")),
        "pages": timed(get("/admin/revenue/pages/?period=90")),
    }


def endpoint_paths() -> dict[str, list[str]]:
    """Beacon posts spread over live pages with view counts, clicks over the
    direct-mode links (a hot row or link would measure lock waits instead)."""
    from wagtail.models import Page

    from products.models import AffiliateLink, LinkMode

    pages = list(
        Page.objects.filter(depth__gt=2, live=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:TARGET_PAGES]
    )
    links = list(
        AffiliateLink.objects.filter(
            merchant__link_mode=LinkMode.DIRECT, is_active=True
        ).values_list("slug", flat=True)
    )
    if not pages or not links:
        raise SystemExit("No live page or direct-mode link: load the demo first.")
    return {
        "POST /seitenaufruf/ (beacon)": [f"/seitenaufruf/?page={pk}" for pk in pages],
        "POST /click/ (direct-mode click)": [
            f"/click/?link={links[n % len(links)]}&from={pk}&p=box"
            for n, pk in enumerate(pages)
        ],
    }


def recorded() -> dict[str, int]:
    """What the two endpoints have written so far: views summed, clicks counted."""
    from django.db.models import Sum

    from products.clicks.models import Click
    from products.revenue.models import DailyPageViews

    return {
        "POST /seitenaufruf/ (beacon)": DailyPageViews.objects.aggregate(
            n=Sum("views")
        )["n"]
        or 0,
        "POST /click/ (direct-mode click)": Click.objects.count(),
    }


def endpoint_runs(duration: int, connections: int, rounds: int) -> tuple[dict, str]:
    """wrk runs against gunicorn, alternating the two endpoints; per run the
    load summary plus the rows it wrote."""
    from products.clicks.models import Click
    from tests.load.loadgen import run_load
    from tests.load.server import gunicorn, production_env

    paths = endpoint_paths()
    results = {name: [] for name in paths}
    last_click = Click.objects.order_by("-pk").values_list("pk", flat=True).first()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        env = production_env(
            DATABASE_URL,
            workdir / "static",
            workdir / "media",
            CACHE_URL=CACHE_URL,
            CLICKS_TRUSTED_PROXIES="1",
        )
        with (
            (workdir / "gunicorn.log").open("w") as log,
            gunicorn(env, log=log) as base,
        ):
            request = {"method": "POST", "headers": HEADERS, "many_clients": True}
            for targets in paths.values():  # warm up both workers
                run_load(base, targets, 1, 2, workdir, **request)
            for _round in range(rounds):
                for name, targets in paths.items():
                    before = recorded()[name]
                    result = run_load(
                        base, targets, duration, connections, workdir, **request
                    )
                    time.sleep(1)  # requests in flight when the run stopped finish
                    result["written"] = recorded()[name] - before
                    results[name].append(result)
            tool = result["tool"]
    # The data set stays at its size for the next run (the beacon's counts of
    # today may stay: they only add to the day's views).
    Click.objects.filter(pk__gt=last_click or 0).delete()
    return results, tool


def main():
    from bench.revenue_setup import DAYS, Targets

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size of the data set; 1 = 5 M clicks, 100,000 transactions, "
        "2 M daily view counts",
    )
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    if not args.skip_setup:
        ensure_database()
    setup_django(SETTINGS)
    from django.db import connection

    from bench import revenue_setup

    targets = Targets.scaled(args.scale, args.days)
    if args.regenerate or not revenue_setup.is_built(targets):
        revenue_setup.build(targets, say=lambda line: print(line, flush=True))
    with connection.cursor() as cursor:
        for table in (
            "clicks_click",
            "clicks_dailyclicks",
            "revenue_transaction",
            "revenue_dailypageviews",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    counts = revenue_setup.counts()

    times = report_times()
    runs, tool = endpoint_runs(args.duration, args.connections, args.rounds)
    medians = {
        name: statistics.median(r["rps"] for r in rs) for name, rs in runs.items()
    }
    beacon, click = medians.values()
    errors = sum(
        r["bad_status"] + r["socket_errors"] for rs in runs.values() for r in rs
    )
    # wrk stops mid-flight: up to one request per connection is answered (and
    # counted here) after wrk stopped counting.
    counted = all(
        r["requests"] - r["bad_status"]
        <= r["written"]
        <= r["requests"] + args.connections
        for rs in runs.values()
        for r in rs
    )

    lines = [
        f"Measured {machine()}.",
        f"PostgreSQL; {counts['clicks']:,} raw clicks over {args.days} days, "
        f"{counts['rollup']:,} rollup rows, {counts['transactions']:,} transactions, "
        f"{counts['view_rows']:,} daily view counts (bench/revenue_setup.py, "
        f"--scale {args.scale:g}).",
        "",
        "| what | server time |",
        "| --- | ---: |",
        f"| 90-day revenue overview /admin/revenue/?period=90, median of {RUNS} | **{times['revenue']:.1f} ms** |",
        f"| 90-day click report /admin/clicks/?period=90, median of {RUNS} | {times['clicks']:.1f} ms |",
        f"| 90-day revenue per article /admin/revenue/pages/?period=90 | {times['pages']:.1f} ms |",
        "",
        f"Revenue overview / click report: **{times['revenue'] / times['clicks']:.2f}×**.",
        "",
        f"gunicorn 2 sync workers, production settings, Redis cache; load: {tool}, "
        f"{args.connections} connections, {args.duration} s per run, {args.rounds} "
        "rounds, alternating; each request from its own reader address.",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | errors | responses | rows written |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rs in runs.items():
        for r in rs:
            lines.append(
                f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
                f"| {r['bad_status'] + r['socket_errors']} | {r['requests']} "
                f"| {r['written']} |"
            )
    lines += [
        "",
        f"Beacon / click: **{beacon / click:.2f}×** (median {beacon:.0f} vs "
        f"{click:.0f} req/s). Errors: {errors}; every answered request was "
        f"{'counted' if counted else 'NOT counted'}.",
    ]
    report = "\n".join(lines) + "\n"
    print("\n" + report)
    if args.write:
        write_readme(README_MARKERS, "Revenue reports and the page-view beacon", report)
    return 0 if errors == 0 and counted else 1


if __name__ == "__main__":
    sys.exit(main())
