"""django-redis's client with a circuit breaker: a failing Redis is left alone for a while.

Configured in settings CACHES (OPTIONS CLIENT_CLASS) for every Redis cache.
Without it a hung Redis (it accepts connections, never answers) costs each of
a page's ~30 cache calls a full socket timeout. After one call fails with a
timeout or connection error, every call of this process skips Redis for
CACHE_RETRY_SECONDS (OPTIONS RETRY_SECONDS) and reads as a miss (django-redis
IGNORE_EXCEPTIONS, logged through "backportal.cache"); then the next call
tries again. Costs one clock read per call while Redis answers.
"""

from __future__ import annotations

import functools
import threading
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError


class CircuitBreaker:
    """Open for `seconds` after a failure; shared by all threads of a process."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + self.seconds


_breakers: dict[tuple[str, ...], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(servers, seconds: float) -> CircuitBreaker:
    """The process's breaker of these Redis servers (Django makes a cache per thread)."""
    with _breakers_lock:
        return _breakers.setdefault(tuple(servers), CircuitBreaker(seconds))


def _guarded(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if self.breaker.is_open():
            raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                "Redis skipped after a recent failure"
            )
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted:
            self.breaker.trip()
            raise

    return call


class CircuitBreakerClient(DefaultClient):
    """DefaultClient whose cache operations skip Redis while its breaker is open."""

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        seconds = float(self._options.get("RETRY_SECONDS", 5))
        self.breaker = breaker_for(self._server, seconds)


# Every operation Django's cache API and django-redis's extras reach Redis through.
for _name in (
    "add",
    "clear",
    "decr",
    "delete",
    "delete_many",
    "delete_pattern",
    "expire",
    "get",
    "get_many",
    "has_key",
    "incr",
    "incr_version",
    "keys",
    "persist",
    "set",
    "set_many",
    "touch",
    "ttl",
):
    setattr(CircuitBreakerClient, _name, _guarded(getattr(DefaultClient, _name)))
