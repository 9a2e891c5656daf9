"""Article page benchmark: throughput, queries, page weight and Lighthouse.

    .venv/bin/python bench/article_run.py [--duration 10] [--connections 16]
                                          [--rounds 2] [--skip-setup] [--write]

Uses its own database (ARTICLE_BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/backportal_article_bench): creates and
migrates it, then bench/article_setup.py builds the realistic article and a
minimal page. Under gunicorn (2 workers, production settings) it loads, side by
side in each round, a whitenoise static file the size of the article (the
ceiling), the minimal Wagtail page (the framework floor) and the article, in
three modes: no caches, page fragments only (page cache off) and the page
cache on. It counts the article's queries cold, from its fragments and from
the page cache, weighs HTML + CSS + JS, and runs Lighthouse 12 (npm ci;
Debian's Chromium) on the article and a product page. --write puts the figures into
bench/README.md between the article-bench markers.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.load.loadgen import run_load  # noqa: E402
from tests.load.server import (  # noqa: E402
    collectstatic,
    gunicorn,
    production_env,
    warm_up,
)

DATABASE_URL = os.environ.get(
    "ARTICLE_BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/backportal_article_bench",
)
# Redis as in production; a database number of its own, emptied by the run.
CACHE_URL = os.environ.get("ARTICLE_BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
APP = "bench.article_wsgi"  # the site plus its media files
ARTICLE = "/ratgeber/benchmark-artikel/"
MINIMAL = "/benchmark-minimal/"
STATIC_COPY = "bench/article-copy.html"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
README = Path(__file__).with_name("README.md")
# Caches per mode: (PAGE_CACHE_SECONDS, FRAGMENT_CACHE_SECONDS). "none" renders
# every view; "fragments" is what readers the page cache cannot serve get
# (a session, logged in); "page" is what anonymous readers get.
MODES = {"none": ("0", "0"), "fragments": ("0", "600"), "page": ("600", "600")}
MARKERS = ("<!-- article-bench:start -->", "<!-- article-bench:end -->")


def machine() -> str:
    cpu = platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def manage(*args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def set_up_database(media_root: Path) -> None:
    """Create and migrate the benchmark database, then build the content."""
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        parts._replace(path="/postgres").geturl(), autocommit=True
    ) as db:
        if not db.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    env = production_env(DATABASE_URL, media_root / "static", media_root)
    env["DJANGO_SETTINGS_MODULE"] = "backportal.settings.dev"
    manage("migrate", "--noinput", env=env)
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("article_setup.py"))],
        cwd=ROOT,
        env=env,
        check=True,
    )


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
        return response.read()


def page_weight(base: str, html: bytes) -> dict:
    """Bytes of the HTML and the CSS and JS it loads; blocking third parties; images."""
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    host = urlsplit(base).netloc
    third_party = [url for url in assets if urlsplit(urljoin(base, url)).netloc != host]
    weight = {"html": len(html), "css_js": 0}
    for url in assets:
        if url not in third_party:
            weight["css_js"] += len(fetch(urljoin(base, url)))
    images = re.findall(r"<img\b[^>]*>", text)
    weight["images_without_size"] = sum(
        1 for tag in images if not ("width=" in tag and "height=" in tag)
    )
    weight["images"] = len(images)
    weight["third_party_blocking"] = third_party
    return weight


def lighthouse(url: str, workdir: Path) -> dict:
    if not LIGHTHOUSE.exists():
        return {"error": "node_modules/.bin/lighthouse missing: run npm ci"}
    report = workdir / "lighthouse.json"
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-flags={CHROMIUM_FLAGS}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not report.exists():
        return {"error": result.stderr.strip()[-300:]}
    data = json.loads(report.read_text())
    scores = {
        key: round(value["score"] * 100) for key, value in data["categories"].items()
    }
    scores["failed"] = sorted(
        ref["id"]
        for key, category in data["categories"].items()
        if key != "performance"
        for ref in category["auditRefs"]
        if ref["weight"] and (data["audits"][ref["id"]]["score"] or 0) < 1
    )
    return scores


def count_queries(env: dict) -> dict:
    """The article's queries in a production-settings process: cold and warm cache."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("article_queries.py")), ARTICLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(base, targets, args, workdir) -> dict:
    results = {name: [] for name in targets}
    for _round in range(args.rounds):
        for name, path in targets.items():
            summary = run_load(base, [path], args.duration, args.connections, workdir)
            results[name].append(summary)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="article-bench-"))
    media_root = ROOT / "media"
    static_root = workdir / "static"
    if not args.skip_setup:
        set_up_database(media_root)
    collectstatic(static_root)

    runs, figures = {}, {}
    for mode, (page_seconds, fragment_seconds) in MODES.items():
        env = production_env(
            DATABASE_URL,
            static_root,
            media_root,
            CACHE_URL=CACHE_URL,
            PAGE_CACHE_SECONDS=page_seconds,
            FRAGMENT_CACHE_SECONDS=fragment_seconds,
        )
        if mode == "page":
            figures["queries"] = count_queries(env)
        with gunicorn(env, app=APP) as base:
            html = fetch(base + ARTICLE)
            product = re.search(r'href="(/empfehlungen/[^"/]+/)"', html.decode())
            # Images are rendered on first view, and whitenoise only serves the
            # media files present when the next server starts.
            warm_up(base, [MINIMAL, *([product.group(1)] if product else [])])
        copy = static_root / STATIC_COPY
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(html)  # whitenoise scans the files when it starts
        with gunicorn(env, app=APP) as base:
            warm_up(base, [ARTICLE, MINIMAL, "/static/" + STATIC_COPY])
            targets = {"static": "/static/" + STATIC_COPY, "minimal": MINIMAL}
            targets["article"] = ARTICLE
            runs[mode] = measure(base, targets, args, workdir)
            if mode == "none":
                figures["weight"] = page_weight(base, html)
                figures["lighthouse"] = {
                    "article": lighthouse(base + ARTICLE, workdir),
                    "product": lighthouse(base + product.group(1), workdir)
                    if product
                    else {"error": "no product page linked from the article"},
                }
    report = render(runs, figures, args)
    sys.stdout.write(report)
    if args.write:
        write_readme(report)


def render(runs, figures, args) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} on {machine()}; gunicorn 2 sync workers, production "
        f"settings, PostgreSQL and Redis on the same machine; wrk {args.connections} "
        f"connections, {args.duration} s per target, {args.rounds} rounds "
        "alternating the targets (median round shown).",
        "",
        "| Caches | Target | req/s | p50 ms | p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    rps = {}
    for mode, results in runs.items():
        for name, summaries in results.items():
            # The median round by throughput; its latencies go with it.
            best = sorted(summaries, key=lambda s: s["rps"])[len(summaries) // 2]
            rps[(mode, name)] = best["rps"]
            errors = sum(s["bad_status"] + s["socket_errors"] for s in summaries)
            lines.append(
                f"| {mode} | {name} | {best['rps']:.0f} | {best['p50']:.0f} "
                f"| {best['p99']:.0f} | {errors} |"
            )

    def ratio(mode, name, base):
        return f"{rps[(mode, name)] / rps[(mode, base)]:.0%}"

    lines += [
        "",
        "| Ratio | Value | Target |",
        "| --- | ---: | ---: |",
        f"| article / minimal page, page cache off (fragments cached) | {ratio('fragments', 'article', 'minimal')} | ≥ 40% |",
        f"| article / static file, page cache on | {ratio('page', 'article', 'static')} | ≥ 50% |",
        f"| article / minimal page, no caches at all | {ratio('none', 'article', 'minimal')} | – |",
        "",
    ]
    queries, weight = figures["queries"], figures["weight"]
    lines += [
        f"Queries for the article: {queries['cold']} with an empty cache (budget 15), "
        f"{queries['fragments']} from its fragments with the page cache off, "
        f"{queries['page']} from the page cache (budget 2).",
        "",
        f"Page weight: HTML {weight['html'] / 1024:.1f} KB + CSS/JS "
        f"{weight['css_js'] / 1024:.1f} KB = "
        f"{(weight['html'] + weight['css_js']) / 1024:.1f} KB uncompressed (budget 100 KB); "
        f"render-blocking third-party requests: {len(weight['third_party_blocking'])}; "
        f"images without width/height: {weight['images_without_size']} of {weight['images']}.",
        "",
        "| Lighthouse 12.8.2 (mobile) | Performance | Accessibility | Best practices | SEO | Failed audits |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, scores in figures["lighthouse"].items():
        if "error" in scores:
            lines.append(f"| {name} | {scores['error']} | | | | |")
        else:
            lines.append(
                f"| {name} | {scores['performance']} | {scores['accessibility']} "
                f"| {scores['best-practices']} | {scores['seo']} "
                f"| {', '.join(scores['failed']) or '–'} |"
            )
    return "\n".join(lines) + "\n"


def write_readme(report: str) -> None:
    text = README.read_text() if README.exists() else ""
    start, end = MARKERS
    block = f"{start}\n{report}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text += f"\n## Article page\n\n{block}\n"
    README.write_text(text)


if __name__ == "__main__":
    main()
