"""A full refresh of a 100,000-row gzipped Awin feed with 1,000 matching links,
against only parsing the same file, in one run.

    .venv/bin/python bench/offers_run.py [--rows 100000] [--links 1000] [--write]

The feed is written once to a temporary file and served by a local HTTP
server (port 0). "Parse only" reads the file through the Awin connector
(gzip + CSV + row validation), nothing else. "Full refresh" is
products.offers.refresh.refresh_source: download from the server, parse,
match against the merchant's links, write 1,000 offers and their price
history in one transaction, renew the cached pages of the 1,000 products.
Before each full run the bench source's offers are deleted, so each run
writes every offer (the heavier case). Peak RSS is the process's maximum
resident set (ru_maxrss) after all runs. Uses its own rows in the benchmark
database (BENCH_DATABASE_URL, default backportal_bench, migrated as
bench/go_run.py leaves it): a "Bench"
merchant with its products and links, created once.
"""

import argparse
import csv
import gzip
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/backportal_bench"
)

from bench.go_common import machine, setup_django, write_readme  # noqa: E402

SETTINGS = "bench.reports_settings"
README_MARKERS = ("<!-- offers-bench:start -->", "<!-- offers-bench:end -->")
RUNS = 3
COLUMNS = [
    "aw_product_id",
    "merchant_product_id",
    "ean",
    "product_name",
    "description",
    "search_price",
    "currency",
    "in_stock",
    "delivery_cost",
    "aw_deep_link",
    "merchant_deep_link",
    "merchant_image_url",
]


def write_feed(path: Path, rows: int, links: int) -> None:
    """A gzipped Awin CSV; every (rows // links)-th row names one of our links."""
    step = rows // links
    with gzip.open(path, "wt", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for n in range(rows):
            ours = n % step == 0 and n // step < links
            mpid = f"BENCH-{n // step:06d}" if ours else f"OTHER-{n:07d}"
            writer.writerow(
                [
                    10_000_000 + n,
                    mpid,
                    f"{4000000000000 + n}",
                    f"Produkt {n} für den Rücken",
                    "Ein Beispieltext, wie Feeds ihn tragen, etwas länger. " * 3,
                    f"{10 + n % 900}.{n % 100:02d}",
                    "EUR",
                    "1" if n % 7 else "0",
                    "0.00" if n % 2 else "4.95",
                    f"https://www.awin1.com/pclick.php?p={n}&a=1&m=2",
                    f"https://shop.example/produkt/{n}",
                    f"https://shop.example/bilder/{n}.jpg",
                ]
            )


def ensure_links(count: int):
    """The bench merchant with `count` products and links (created once)."""
    from products.models import AffiliateLink, Category, Merchant, Product

    merchant, _ = Merchant.objects.get_or_create(
        slug="bench-feed", defaults={"name": "Bench-Feed", "max_data_age_hours": 48}
    )
    have = AffiliateLink.objects.filter(merchant=merchant).count()
    if have < count:
        category, _ = Category.objects.get_or_create(
            slug="bench", defaults={"name": "Bench"}
        )
        products = Product.objects.bulk_create(
            Product(
                name=f"Bench-Produkt {n}",
                slug=f"bench-produkt-{n}",
                category=category,
            )
            for n in range(have, count)
        )
        AffiliateLink.objects.bulk_create(
            AffiliateLink(
                product=product,
                merchant=merchant,
                url=f"https://shop.example/produkt/{n}",
                slug=f"bench-link-{n}",
                merchant_product_id=f"BENCH-{n:06d}",
                sort_order=0,
            )
            for n, product in zip(range(have, count), products, strict=True)
        )
    return merchant


def parse_only(path: Path) -> int:
    from products.offers.connectors import awin

    with open(path, "rb") as raw:
        return sum(1 for _ in awin.read_stream(gzip.GzipFile(fileobj=raw)))


def serve(directory: Path) -> ThreadingHTTPServer:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = partial(Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=1_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup_django(SETTINGS)

    from products.offers.models import DataSource, Offer, SourceKind
    from products.offers.refresh import refresh_source

    merchant = ensure_links(args.links)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.csv.gz"
        write_feed(path, args.rows, args.links)
        size_mb = path.stat().st_size / 1e6
        server = serve(Path(folder))
        source, _ = DataSource.objects.update_or_create(
            name="Bench-Feed (Awin)",
            defaults={
                "merchant": merchant,
                "kind": SourceKind.AWIN_FEED,
                "feed_url": f"http://127.0.0.1:{server.server_port}/feed.csv.gz",
                "timeout_seconds": 120,
            },
        )
        parse_times, full_times, matched = [], [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            seen = parse_only(path)
            parse_times.append(time.perf_counter() - start)
            Offer.objects.filter(source=source).delete()
            start = time.perf_counter()
            run = refresh_source(source)
            full_times.append(time.perf_counter() - start)
            if run.error:
                raise SystemExit(f"Refresh failed: {run.error}")
            matched = run.matched
        server.shutdown()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parse, full = statistics.median(parse_times), statistics.median(full_times)
    report = "\n".join(
        [
            f"Measured {machine()}.",
            "",
            f"- Feed: {args.rows:,} rows, gzipped {size_mb:.1f} MB; "
            f"{matched:,} rows match links ({seen:,} parsed).",
            f"- Parse only (gzip + CSV + validation): median {parse:.2f} s "
            f"({args.rows / parse:,.0f} rows/s).",
            f"- Full refresh (HTTP download, parse, match, write {matched:,} offers "
            f"and history, renew their pages): median {full:.2f} s "
            f"({args.rows / full:,.0f} rows/s).",
            f"- Ratio full / parse only: **{full / parse:.2f}×** (target ≤ 2×).",
            f"- Peak RSS of the whole process: **{peak_mb:.0f} MB** (target < 200 MB).",
        ]
    )
    print(report)
    if args.write:
        write_readme(README_MARKERS, "Product-data refresh (offers)", report)


if __name__ == "__main__":
    main()
