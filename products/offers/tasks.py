"""Background jobs of the offers app, on django.tasks (worker: `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from .models import DataSource

logger = logging.getLogger(__name__)


@task(takes_context=True)
def refresh_source_task(context, source_id: int, dry_run: bool = False) -> dict:
    """Refresh one data source; a second run of the same source skips itself,
    and so does one queued before the source's last run ended (when two
    servers' timers both queued it, the second finds it already refreshed)."""
    from .refresh import AlreadyRefreshed, AlreadyRunning, refresh_source

    source = DataSource.objects.filter(pk=source_id).first()
    if source is None:
        return {"status": "gone"}
    asked_at = None if dry_run else context.task_result.enqueued_at
    try:
        run = refresh_source(source, dry_run=dry_run, asked_at=asked_at)
    except AlreadyRunning:
        return {"status": "already_running"}
    except AlreadyRefreshed:
        logger.info("Datenquelle %s: seit dem Einreihen schon abgerufen", source_id)
        return {"status": "already_refreshed"}
    return {
        "status": "failed" if run.error else "ok",
        "seen": run.seen,
        "matched": run.matched,
        "changed": run.changed,
        "skipped": run.skipped,
    }


def enqueue_due(at=None, *, source_ids=None, dry_run=False, force=False) -> list:
    """Enqueue a refresh for every due source (or the named ones); returns them."""
    at = at or timezone.now()
    sources = DataSource.objects.all() if force else DataSource.objects.due(at)
    if source_ids:
        sources = DataSource.objects.filter(pk__in=source_ids)
    queued = []
    for source in sources.exclude(kind="manual_csv"):
        refresh_source_task.enqueue(source.pk, dry_run)
        queued.append(source)
    return queued
