"""Logging helpers: a filter that keeps a failing dependency from flooding the log."""

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record through per logger and interval; count the rest.

    A Redis outage makes every cache call of every request fail; the first
    failure is worth a warning, the next thousand are not. The next record let
    through says how many were held back meanwhile. Per process, which is fine
    for a log: each worker reports its own outage once.
    """

    def __init__(self, seconds: float = 60, name: str = ""):
        super().__init__(name)
        self.seconds = seconds
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self._next.get(record.name, 0):
                self._held[record.name] = self._held.get(record.name, 0) + 1
                return False
            self._next[record.name] = now + self.seconds
            held = self._held.pop(record.name, 0)
        if held:
            record.msg = f"{record.msg} ({held} more since the last message)"
        return True
