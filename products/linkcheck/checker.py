"""A bounded, polite HTTP client that tells working, broken and unverifiable links apart.

HEAD first, GET when HEAD gets any answer other than a working page (servers
answer HEAD wrongly more often than GET). Redirects are followed by hand, so
every hop is throttled, counted against the limit and checked by the host
guard. One request at a time per host, with a pause between requests; a
timeout on connecting, on each read and on reading the start of the body.
No database here: services.record_result turns a CheckResult into a state.

Built on `requests` (a dependency of Wagtail already): pooled keep-alive
connections per host, streamed bodies, IDNA and TLS handled the usual way.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import zip_longest
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    ReadTimeoutError,
)

HARD_STATUSES = {404, 410}
# What merchants answer to automated clients: never proof that a link is dead.
BLOCKED_STATUSES = {401, 403, 405, 429, 503, 999}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CAPTCHA_MARKERS = (
    "captcha",
    "robot check",
    "are you a robot",
    "not a robot",
    "kein roboter",
    "geben sie die zeichen",
)
# Enough of a page to recognise a captcha; the rest is never read.
BODY_LIMIT = 64 * 1024
USER_AGENT = (
    "BackportalLinkCheck/1.0 (+https://www.backportal.de/; Affiliate-Linkprüfung)"
)


class Outcome(StrEnum):
    """What one check found, before history turns it into a link state."""

    OK = "ok"
    HARD = "hard"  # 404, 410, DNS failure, refused, redirect to the home page
    BLOCKED = "blocked"  # 401/403/405/429/503, captcha: the merchant blocks robots
    ERROR = "error"  # 5xx, timeout, too many redirects: inconclusive, try again
    SKIPPED = "skipped"  # the host guard refused the host: nothing was sent


@dataclass(frozen=True)
class CheckResult:
    """The answer to one link check, with a short German finding for editors."""

    outcome: Outcome
    detail: str
    status_code: int | None = None
    final_url: str = ""
    elapsed_ms: int | None = None


def loopback_only(host: str) -> bool:
    """The guard used under tests: only this machine, decided before any DNS lookup."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def any_host(host: str) -> bool:
    return True


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_home_page(url: str, original: str, home_urls: Iterable[str]) -> bool:
    """Whether a redirect from a product page ended on a shop's front page."""
    parts = urlsplit(url)
    if urlsplit(original).path.strip("/") == "":
        return False  # the link itself points at a front page
    if parts.path.strip("/") == "":
        return True
    normalised = f"{parts.hostname}{parts.path}".rstrip("/").lower()
    for home in home_urls:
        home_parts = urlsplit(home)
        if normalised == f"{home_parts.hostname}{home_parts.path}".rstrip("/").lower():
            return True
    return False


class HostThrottle:
    """One request at a time per host, and at least `interval` seconds between them."""

    def __init__(self, interval: float):
        self.interval = interval
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks[host]
        with lock:
            wait = self._next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._next[host] = time.monotonic() + self.interval


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (requests wraps urllib3 wraps OSError)."""
    seen = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend([current.__cause__, current.__context__])
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
        stack.append(getattr(current, "reason", None))


def classify_network_error(error: requests.RequestException, timeout: float):
    """DNS failure and refused connections are hard; the rest is inconclusive."""
    causes = list(_causes(error))
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return Outcome.HARD, "Adresse nicht auflösbar (DNS)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return Outcome.HARD, "Verbindung abgelehnt"
    # After the two above: urllib3's NewConnectionError subclasses its timeout.
    timeouts = requests.Timeout | ReadTimeoutError | ConnectTimeoutError | TimeoutError
    if any(isinstance(c, timeouts) for c in causes):
        return Outcome.ERROR, f"Zeitüberschreitung nach {timeout:g} s"
    if isinstance(error, requests.exceptions.SSLError):
        return Outcome.ERROR, "TLS-Fehler"
    return Outcome.ERROR, "Verbindungsfehler"


class LinkChecker:
    """Checks URLs politely; safe to share between the worker threads of check_many."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_redirects: int = 5,
        per_host_interval: float = 1.0,
        host_allowed: Callable[[str], bool] = any_host,
        user_agent: str = USER_AGENT,
    ):
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.host_allowed = host_allowed
        self.user_agent = user_agent
        self.throttle = HostThrottle(per_host_interval)
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # No proxies or .netrc from the environment: the checker talks to
            # the merchant directly, the same way every time.
            session.trust_env = False
            session.headers.update(
                {
                    "User-Agent": self.user_agent,
                    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                    "Accept-Language": "de-DE,de;q=0.9",
                }
            )
            self._local.session = session
        return session

    def check(self, url: str, home_urls: Iterable[str] = ()) -> CheckResult:
        """HEAD, then GET unless HEAD found a working page.

        elapsed_ms is the time spent on requests (both methods, every hop),
        not the time spent waiting for the host's turn.
        """
        home_urls = tuple(home_urls)
        result = self._follow("HEAD", url, home_urls)
        if result.status_code is not None and result.outcome is not Outcome.OK:
            head_ms = result.elapsed_ms or 0
            result = self._follow("GET", url, home_urls)
            result = replace(result, elapsed_ms=head_ms + (result.elapsed_ms or 0))
        return result

    def _follow(self, method: str, url: str, home_urls: tuple[str, ...]):
        current, spent = url, 0.0

        def done(result: CheckResult) -> CheckResult:
            if result.outcome is Outcome.SKIPPED and not spent:
                return result
            return replace(result, elapsed_ms=round(spent * 1000))

        for _hop in range(self.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return done(
                    CheckResult(Outcome.ERROR, "Ungültige Adresse", final_url=current)
                )
            host = parts.hostname.lower()
            if not self.host_allowed(host):
                return done(
                    CheckResult(
                        Outcome.SKIPPED, f"Host {host} nicht erlaubt", final_url=current
                    )
                )
            with self.throttle.slot(host):
                started = time.monotonic()
                try:
                    response = self.session.request(
                        method,
                        current,
                        allow_redirects=False,
                        stream=True,
                        timeout=self.timeout,
                    )
                except requests.RequestException as error:
                    spent += time.monotonic() - started
                    outcome, detail = classify_network_error(error, self.timeout)
                    return done(CheckResult(outcome, detail, final_url=current))
                failure = None
                try:
                    status = response.status_code
                    location = response.headers.get("Location")
                    body = b""
                    if status not in REDIRECT_STATUSES and method == "GET":
                        body = self._read_start(response)
                except requests.RequestException as error:
                    failure = classify_network_error(error, self.timeout)
                finally:
                    response.close()
                spent += time.monotonic() - started
            if failure:
                outcome, detail = failure
                return done(CheckResult(outcome, detail, status, current))
            if status in REDIRECT_STATUSES and location:
                current = urljoin(current, location)
                continue
            return done(self._classify(status, url, current, body, home_urls))
        return done(
            CheckResult(
                Outcome.ERROR,
                f"Mehr als {self.max_redirects} Weiterleitungen",
                final_url=current,
            )
        )

    def _read_start(self, response: requests.Response) -> bytes:
        """The first BODY_LIMIT bytes, within the timeout even if the server trickles."""
        deadline = time.monotonic() + self.timeout
        chunks, size = [], 0
        for chunk in response.iter_content(8192):
            chunks.append(chunk)
            size += len(chunk)
            if size >= BODY_LIMIT or time.monotonic() > deadline:
                break
        return b"".join(chunks)[:BODY_LIMIT]

    def _classify(self, status, original, final, body, home_urls) -> CheckResult:
        def result(outcome, detail):
            return CheckResult(outcome, detail, status, final)

        if 200 <= status < 300:
            text = body.decode("utf-8", "replace").lower()
            if "captcha" in final.lower() or any(m in text for m in CAPTCHA_MARKERS):
                return result(Outcome.BLOCKED, "Captcha-Seite statt Produktseite")
            if final != original and is_home_page(final, original, home_urls):
                return result(
                    Outcome.HARD, "Weiterleitung auf die Startseite des Händlers"
                )
            return result(Outcome.OK, f"HTTP {status}")
        if status in HARD_STATUSES:
            return result(Outcome.HARD, f"HTTP {status}: Seite nicht gefunden")
        if status in BLOCKED_STATUSES:
            return result(
                Outcome.BLOCKED, f"HTTP {status}: Händler blockiert automatische Abrufe"
            )
        if status in REDIRECT_STATUSES:
            return result(Outcome.ERROR, f"HTTP {status} ohne Ziel")
        return result(Outcome.ERROR, f"HTTP {status}")


def interleave_by_host(items: list, url_of: Callable) -> list:
    """Round-robin over hosts, so one big merchant does not hold up the rest."""
    by_host: dict[str, list] = defaultdict(list)
    for item in items:
        by_host[host_of(url_of(item))].append(item)
    return [
        item
        for row in zip_longest(*by_host.values())
        for item in row
        if item is not None
    ]


def check_many(
    checker: LinkChecker,
    items: list,
    *,
    url_of: Callable,
    home_urls_of: Callable = lambda item: (),
    workers: int = 4,
) -> Iterator[tuple[object, CheckResult]]:
    """(item, result) as checks finish; at most `workers` requests at once overall."""
    ordered = interleave_by_host(items, url_of)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {
            pool.submit(checker.check, url_of(item), home_urls_of(item)): item
            for item in ordered
        }
        for future in as_completed(futures):
            yield futures[future], future.result()
