"""Bounded HTTP load on loopback: wrk when installed, else a Python thread pool.

Both return the same summary: requests, req/s, p50/p99 latency (ms), responses
that were not 2xx/3xx, and socket errors (connect, read, write, timeout).
GET by default; `method`, fixed `headers` and `many_clients` (a different
X-Forwarded-For address per request, as readers behind the proxy, so
per-address rate limits measure as in production) are optional.
"""

import json
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WRK_SCRIPT = """
paths = {%(paths)s}
method = %(method)s
headers = {%(headers)s}
many_clients = %(many_clients)s
counter = 0
request = function()
    counter = counter + 1
    if many_clients then
        headers["X-Forwarded-For"] = string.format(
            "10.%%d.%%d.%%d", math.floor(counter / 65536) %% 256,
            math.floor(counter / 256) %% 256, counter %% 256)
    end
    local body = nil
    if method ~= "GET" then body = "" end
    return wrk.format(method, paths[(counter %% #paths) + 1], headers, body)
end
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        '@@{"requests": %%d, "seconds": %%f, "p50": %%f, "p99": %%f, "bad_status": %%d, "socket_errors": %%d}\\n',
        summary.requests, summary.duration / 1e6,
        latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
        e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def summary_of(latencies_ms, seconds, bad_status, socket_errors) -> dict:
    ordered = sorted(latencies_ms) or [0.0]
    return {
        "requests": len(latencies_ms),
        "seconds": seconds,
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "bad_status": bad_status,
        "socket_errors": socket_errors,
    }


def forwarded_for(number: int) -> str:
    """The client address of request `number` under many_clients (as in the Lua)."""
    return f"10.{(number // 65536) % 256}.{(number // 256) % 256}.{number % 256}"


def run_wrk(
    base,
    paths,
    seconds,
    connections,
    workdir: Path,
    method="GET",
    headers=None,
    many_clients=False,
) -> dict:
    script = workdir / "paths.lua"
    quoted = ", ".join(json.dumps(path) for path in paths)
    header_table = ", ".join(
        f"[{json.dumps(name)}] = {json.dumps(value)}"
        for name, value in (headers or {}).items()
    )
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": quoted,
            "method": json.dumps(method),
            "headers": header_table,
            "many_clients": "true" if many_clients else "false",
        }
    )
    result = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("@@"))
    summary = json.loads(line[2:])
    summary["rps"] = summary["requests"] / summary["seconds"]
    return summary


def run_threads(
    base, paths, seconds, connections, method="GET", headers=None, many_clients=False
) -> dict:
    """The fallback: `connections` threads for `seconds`, at most 100 requests each."""
    deadline = time.monotonic() + seconds

    def worker(offset):
        latencies, bad, errors = [], 0, 0
        for number in range(100):
            if time.monotonic() > deadline:
                break
            url = base + paths[(offset + number) % len(paths)]
            request_headers = dict(headers or {})
            if many_clients:
                request_headers["X-Forwarded-For"] = forwarded_for(
                    offset * 100 + number
                )
            request = urllib.request.Request(  # noqa: S310 - loopback only
                url,
                method=method,
                headers=request_headers,
                data=b"" if method == "POST" else None,
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    response.read()
            except urllib.error.HTTPError as error:
                bad += error.code >= 400
            except OSError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies, bad, errors

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(worker, range(connections)))
    elapsed = time.monotonic() - started
    summary = summary_of(
        [latency for latencies, _, _ in results for latency in latencies],
        elapsed,
        sum(bad for _, bad, _ in results),
        sum(errors for _, _, errors in results),
    )
    summary["rps"] = summary["requests"] / elapsed
    return summary


def run_load(base, paths, seconds, connections, workdir: Path, **request) -> dict:
    """`request`: method, headers, many_clients (see the module's docstring)."""
    if shutil.which("wrk"):
        return run_wrk(base, paths, seconds, connections, workdir, **request) | {
            "tool": "wrk"
        }
    return run_threads(base, paths, seconds, connections, **request) | {
        "tool": "threads"
    }
