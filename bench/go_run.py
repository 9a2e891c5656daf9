"""/go/ throughput and latency under gunicorn, side by side with a bare redirect.

    .venv/bin/python bench/go_run.py [--duration 10] [--connections 8] [--rounds 2]
                                     [--skip-setup] [--write]

Starts gunicorn (2 sync workers, production settings plus the bench URL conf)
on a free loopback port, then alternates load runs against a bare Django
redirect that touches no database and against /go/<slug>/ of a demo link.
Prints req/s, p50/p99 latency and errors per run and the throughput ratio;
then sends exactly 2,000 concurrent requests to /go/ and checks that exactly
2,000 clicks were recorded. The load generator is wrk (apt-get install -y
wrk); without it a slower Python generator runs and the output says so.
--write puts the figures into bench/README.md between the go-bench markers.
"""

import argparse
import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.go_common import (
    ROOT,
    bench_env,
    ensure_database,
    machine,
    setup_django,
    write_readme,
)

SETTINGS = "bench.go_settings"
README_MARKERS = ("<!-- go-bench:start -->", "<!-- go-bench:end -->")
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LUA = Path(__file__).with_name("go_latency.lua")
EXACT_REQUESTS = 2_000
HEADERS = {
    # A person's browser behind the TLS proxy (as in production).
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "X-Forwarded-Proto": "https",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "backportal.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=bench_env(SETTINGS),
    )
    for _ in range(100):
        try:
            status, _location = get(port, "/robots.txt")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def get(port: int, path: str) -> tuple[int, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        conn.close()


def run_wrk(url: str, duration: int, connections: int) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(LUA),
    ]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    non_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": int(re.search(r"P50_US (\d+)", output).group(1)) / 1000,
        "p99": int(re.search(r"P99_US (\d+)", output).group(1)) / 1000,
        "errors": errors + (int(non_3xx.group(1)) if non_3xx else 0),
        "responses": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def run_python(url: str, duration: int, connections: int) -> dict:
    """Fallback load: one thread per connection; the GIL caps it well below wrk."""
    port, path = int(url.split(":")[2].split("/")[0]), "/" + url.split("/", 3)[3]
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker():
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status, _location = get(port, path)
            except OSError:
                status = 0
            with lock:
                latencies.append(time.perf_counter() - start)
                errors[0] += status not in (200, 302)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
        "errors": errors[0],
        "responses": len(latencies),
    }


def exact_batch(port: int, path: str, requests: int, connections: int) -> list:
    """Exactly `requests` requests, all awaited: the statuses and Locations."""
    with ThreadPoolExecutor(connections) as pool:
        return list(pool.map(lambda _n: get(port, path), range(requests)))


def last_click_pk(Click) -> int:
    return Click.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--skip-setup",
        action="store_true",
        help="database already migrated with the demo",
    )
    parser.add_argument(
        "--write", action="store_true", help="put the figures into bench/README.md"
    )
    args = parser.parse_args()

    if not args.skip_setup:
        ensure_database()
    setup_django(SETTINGS)
    from wagtail.models import Page

    from products.clicks.models import Click
    from products.models import AffiliateLink, LinkMode

    link = AffiliateLink.objects.filter(
        merchant__link_mode=LinkMode.REDIRECT, is_active=True, product__is_active=True
    ).first()
    page = Page.objects.filter(depth__gt=2).live().first()
    if shutil.which("wrk"):
        generator, load = f"wrk {wrk_version()}", run_wrk
    else:
        generator, load = (
            "Python threads (wrk is missing: apt-get install -y wrk)",
            run_python,
        )
        print("wrk is not installed; falling back to a Python load generator.")

    port = free_port()
    server = start_gunicorn(port)
    go_path = f"/go/{link.slug}/?from={page.pk}&p=box"
    paths = {"bare redirect": "/bench/bare-redirect/", "/go/": go_path}
    results = {name: [] for name in paths}
    try:
        for path in paths.values():  # warm up both workers
            for _ in range(50):
                get(port, path)
        for _round in range(args.rounds):
            for name, path in paths.items():
                before = last_click_pk(Click)
                result = load(
                    f"http://127.0.0.1:{port}{path}", args.duration, args.connections
                )
                time.sleep(1)  # requests in flight when the run stopped finish
                result["clicks"] = Click.objects.filter(pk__gt=before).count()
                results[name].append(result)
        before = last_click_pk(Click)
        answers = exact_batch(port, go_path, EXACT_REQUESTS, args.connections)
        exact_clicks = Click.objects.filter(pk__gt=before).count()
    finally:
        server.terminate()
        server.wait(timeout=10)

    costs = in_process_costs(link, go_path)
    bare = statistics.median(run["rps"] for run in results["bare redirect"])
    go = statistics.median(run["rps"] for run in results["/go/"])
    errors = sum(run["errors"] for runs in results.values() for run in runs)
    redirected = answers.count((302, link.url))
    # wrk stops mid-flight: up to one request per connection is answered after
    # its count ended, so clicks may exceed the counted responses by that much.
    in_flight_ok = all(
        run["responses"] <= run["clicks"] <= run["responses"] + args.connections
        for run in results["/go/"]
    ) and all(run["clicks"] == 0 for run in results["bare redirect"])
    exact_ok = redirected == exact_clicks == EXACT_REQUESTS

    lines = [
        f"Measured {machine()}.",
        f"gunicorn 2 sync workers, production settings, PostgreSQL on the same machine; "
        f"load: {generator}, {args.connections} connections, {args.duration} s per run, "
        f"{args.rounds} rounds, alternating.",
        "",
        "| view | req/s | p50 ms | p99 ms | errors | responses | clicks recorded |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, runs in results.items():
        for run in runs:
            lines.append(
                f"| {name} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} "
                f"| {run['errors']} | {run['responses']} | {run['clicks']} |"
            )
    lines += [
        "",
        f"/go/ reaches **{go / bare:.0%}** of the bare redirect's throughput "
        f"(median {go:.0f} vs {bare:.0f} req/s; target ≥ 50 %). Errors: {errors}.",
        f"Exact count: {EXACT_REQUESTS} concurrent requests to /go/ answered "
        f"{redirected} redirects and recorded {exact_clicks} clicks "
        f"({'exact' if exact_ok else 'MISMATCH'}); clicks during the timed runs "
        f"{'match the responses (plus those in flight at the stop)' if in_flight_ok else 'DO NOT MATCH'}.",
    ]
    lines += [
        "",
        "Where a /go/ request's time goes, in-process (Django test client, median of "
        f"{COST_CALLS}): whole request {costs['go']:.2f} ms (bare redirect "
        f"{costs['bare']:.2f} ms), of which reading the link and recording the click "
        f"in one statement (products.clicks.services.redirect_click) "
        f"{costs['redirect_click']:.2f} ms.",
    ]
    report = "\n".join(lines) + "\n"
    print("\n" + report)
    if args.write:
        write_readme(README_MARKERS, "Click redirect /go/", report)
    return 0 if exact_ok and in_flight_ok and errors == 0 else 1


COST_CALLS = 300


def in_process_costs(link, go_path: str) -> dict:
    """Median milliseconds of the pieces of a /go/ request, without HTTP."""
    from django.conf import settings
    from django.test import Client, RequestFactory

    from products.clicks.services import redirect_click

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(
        HTTP_X_FORWARDED_PROTO="https", **{"HTTP_USER_AGENT": HEADERS["User-Agent"]}
    )
    request = RequestFactory().get(go_path, HTTP_USER_AGENT=HEADERS["User-Agent"])

    def median_ms(call) -> float:
        call()
        times = []
        for _ in range(COST_CALLS):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    return {
        "go": median_ms(lambda: client.get(go_path)),
        "bare": median_ms(lambda: client.get("/bench/bare-redirect/")),
        "redirect_click": median_ms(lambda: redirect_click(request, link.slug)),
    }


def wrk_version() -> str:
    output = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    match = re.search(r"wrk (\S+)", output.stdout + output.stderr)
    return match.group(1) if match else ""


if __name__ == "__main__":
    sys.exit(main())
