"""In-process render time of the benchmark article against the minimal page.

    .venv/bin/python bench/article_inprocess.py [--rounds 5] [--renders 20] [--code DIR]

Renders both pages through Django's test client in one production-settings
process, caches off, alternating the targets in each round, and prints the
median milliseconds per render and their ratio as JSON. The database is the
article benchmark's (ARTICLE_BENCH_DATABASE_URL, built by bench/article_setup.py).
--code runs another checkout of the project against the same database, so two
versions can be compared side by side in one run (bench/README.md).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/ratgeber/benchmark-artikel/"
MINIMAL = "/benchmark-minimal/"


def measure(rounds: int, renders: int) -> dict:
    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    times = {ARTICLE: [], MINIMAL: []}
    for path in times:
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path} does not answer 200")
    for _ in range(rounds):
        for path, found in times.items():
            start = time.perf_counter()
            for _ in range(renders):
                client.get(path)
            found.append((time.perf_counter() - start) * 1000 / renders)
    article = statistics.median(times[ARTICLE])
    minimal = statistics.median(times[MINIMAL])
    return {
        "article_ms": round(article, 1),
        "minimal_ms": round(minimal, 1),
        "ratio": round(minimal / article, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--code", type=Path, default=None)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        sys.path.insert(0, os.getcwd())
        sys.stdout.write(json.dumps(measure(args.rounds, args.renders)) + "\n")
        return
    sys.path.insert(0, str(ROOT))
    from tests.load.server import collectstatic, production_env

    database = os.environ.get(
        "ARTICLE_BENCH_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/backportal_article_bench",
    )
    static_root = Path(tempfile.mkdtemp(prefix="article-inprocess-")) / "static"
    collectstatic(static_root)
    env = production_env(
        database,
        static_root,
        ROOT / "media",
        PAGE_CACHE_SECONDS="0",
        FRAGMENT_CACHE_SECONDS="0",
    )
    code = (args.code or ROOT).resolve()
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--inner",
            "--rounds",
            str(args.rounds),
            "--renders",
            str(args.renders),
        ],
        cwd=code,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stdout.write(result.stdout)


if __name__ == "__main__":
    main()
