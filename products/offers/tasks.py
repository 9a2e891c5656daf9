"""Background jobs of the offers app, on django.tasks (worker: `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from .models import DataSource


@task()
def refresh_source_task(source_id: int, dry_run: bool = False) -> dict:
    """Refresh one data source; a second run of the same source skips itself."""
    from .refresh import AlreadyRunning, refresh_source

    source = DataSource.objects.filter(pk=source_id).first()
    if source is None:
        return {"status": "gone"}
    try:
        run = refresh_source(source, dry_run=dry_run)
    except AlreadyRunning:
        return {"status": "already_running"}
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
