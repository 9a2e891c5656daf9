"""Background jobs of revenue, on django.tasks (worker: `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from backportal.core.jobs import job_lock

# One name for the worker's and a `--now` run's lock: never two fetches at once.
AWIN_LOCK = "revenue:fetch_awin"


class AlreadyRunning(Exception):
    """Another process holds the Awin fetch's lock; this round is skipped."""


def fetch_awin(days: int) -> str:
    """Fetch and import the last `days` days of Awin transactions under the job
    lock; the import's German summary. Raises AlreadyRunning, AwinFetchError or
    CommissionImportError (nothing imported then)."""
    from products.clicks.days import today

    from .awin import fetch_and_import

    with job_lock(AWIN_LOCK) as acquired:
        if not acquired:
            raise AlreadyRunning
        return fetch_and_import(days, today()).summary()


@task()
def fetch_awin_task(days: int) -> dict:
    """The scheduled Awin fetch as the worker runs it; a failure fails the task
    (the worker records the error), a held lock skips it."""
    try:
        summary = fetch_awin(days)
    except AlreadyRunning:
        return {"status": "already_running"}
    return {"status": "ok", "summary": summary}
