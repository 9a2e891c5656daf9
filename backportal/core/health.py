"""/healthz/: can this app server do its work? For load balancers and monitors.

Checks the database (one `SELECT 1`), the cache (a write read back: a cache
that swallows its errors would otherwise look fine), media storage (one
existence check; a HEAD request on S3) and the job backlog (tasks waiting
longer than HEALTH_JOB_BACKLOG_MINUTES, when the database task queue is
installed). JSON with a status per check and an overall one: "ok" (200);
"degraded" (200) when only the cache or the job backlog fails, since every
server shares them and a load balancer pulling all of them would turn a Redis
outage into a site outage; "error" (503) when the database or storage fails.
Failing checks are named in "failing". No secrets: a failure names the
exception's class, never its message (hostnames, credentials).
"""

import logging
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)


def check_database() -> dict:
    """One `SELECT 1`; a connection kept from an earlier request that died
    meanwhile (PostgreSQL restarted) gets one retry on a fresh connection, as
    reader pages do (backportal.core.middleware), so a restart that is over
    is not reported as an outage."""
    kept = connection.connection is not None or connection.settings_dict["OPTIONS"].get(
        "pool"
    )
    try:
        _select_one()
    except (OperationalError, InterfaceError):
        if not kept:
            raise
        connection.close()
        if connection.settings_dict["OPTIONS"].get("pool"):
            connection.pool.check()
        _select_one()
    return {}


def _select_one() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> dict:
    token = secrets.token_hex(8)
    cache.set("healthz:probe", token, 30)
    if cache.get("healthz:probe") != token:
        raise ConnectionError("the cache did not keep a value")
    return {}


def check_storage() -> dict:
    default_storage.exists("healthz-probe")
    return {}


def check_jobs() -> dict:
    """Tasks in the database queue waiting too long (tolerant: no queue, no check)."""
    if not apps.is_installed("django_tasks_db"):
        return {"skipped": "no database task queue"}
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    limit = timezone.now() - timedelta(minutes=settings.HEALTH_JOB_BACKLOG_MINUTES)
    waiting = model.objects.filter(status="READY", run_after__lt=limit).count()
    if waiting:
        raise LookupError(f"{waiting} tasks waiting")
    return {}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "jobs": check_jobs,
}
# Without these the site still serves readers (uncached; jobs catch up later).
DEGRADABLE = {"cache", "jobs"}


def healthz(request):
    """JSON status of the database, cache, storage and job queue: at most one
    query for each of database and backlog, two cache calls, one storage call."""
    results, failing = {}, []
    for name, check in CHECKS.items():
        try:
            results[name] = {"status": "ok", **check()}
        except Exception as error:  # noqa: BLE001 - every failure is a result
            failing.append(name)
            results[name] = {"status": "error", "error": type(error).__name__}
            if isinstance(error, LookupError):
                results[name]["detail"] = str(error)
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
    if not failing:
        status = "ok"
    elif set(failing) <= DEGRADABLE:
        status = "degraded"
    else:
        status = "error"
    response = JsonResponse(
        {"status": status, "failing": failing, "checks": results},
        status=503 if status == "error" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response
