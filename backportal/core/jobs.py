"""One lock for every scheduled job, so two servers never run the same job at once.

    with job_lock("refresh_offers:amazon") as acquired:
        if not acquired:
            return  # another run holds it: skip, it will come round again

PostgreSQL: a session-level advisory lock on the job's connection (no table,
released by the server if the process dies). SQLite, one machine by nature: an
exclusive file lock beside the database file. Neither waits: a job that finds
its lock taken skips this round.
"""

import fcntl
import hashlib
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (advisory locks take a bigint)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def job_lock(name: str, using: str = "default") -> Iterator[bool]:
    """Yield True if this process holds the lock named `name`, else False."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _advisory_lock(connection, lock_key(name)) as acquired:
            yield acquired
    else:
        with _file_lock(connection, name) as acquired:
            yield acquired


@contextmanager
def _advisory_lock(connection, key: int) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                # The connection is gone, and with it the lock.
                logger.warning("job lock %s: connection lost before unlock", key)


@contextmanager
def _file_lock(connection, name: str) -> Iterator[bool]:
    database = str(connection.settings_dict["NAME"])
    # Beside the database file; an in-memory test database has no folder.
    in_file = "/" in database and "mode=memory" not in database
    folder = Path(database).parent if in_file else Path(tempfile.gettempdir())
    safe = hashlib.blake2b(f"{database}:{name}".encode(), digest_size=8).hexdigest()
    path = folder / f".job-{safe}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
