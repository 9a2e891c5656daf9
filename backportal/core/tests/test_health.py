"""/healthz/ (backportal/core/health.py): which failures take a server out of rotation.

A failing cache or a job backlog is shared by every server, so the answer
stays 200 ("degraded", naming them): a load balancer must not pull them all.
A failing database or storage is 503. tests/load/test_health.py stops real
services under gunicorn.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from backportal.core import health

pytestmark = pytest.mark.django_db


def get_health():
    response = Client().get("/healthz/")
    return response.status_code, response.json()


def queued_task(waiting: timedelta):
    """One task in the database queue, ready since `waiting` ago."""
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    return model.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="backportal.core.tests.test_health.nothing",
        backend_name="default",
        run_after=timezone.now() - waiting,
        exception_class_path="",
        traceback="",
    )


def fails(*_args):
    raise ConnectionError("down")


def test_all_well_is_ok():
    status, report = get_health()
    assert status == 200
    assert report["status"] == "ok"
    assert report["failing"] == []


def test_a_job_backlog_is_degraded_not_down(settings):
    settings.HEALTH_JOB_BACKLOG_MINUTES = 15
    queued_task(timedelta(minutes=30))
    status, report = get_health()
    assert status == 200
    assert report["status"] == "degraded"
    assert report["failing"] == ["jobs"]
    assert report["checks"]["jobs"]["detail"] == "1 tasks waiting"


def test_a_failing_cache_is_degraded_not_down(monkeypatch):
    monkeypatch.setitem(health.CHECKS, "cache", fails)
    status, report = get_health()
    assert status == 200
    assert report["status"] == "degraded"
    assert report["failing"] == ["cache"]
    assert report["checks"]["cache"] == {"status": "error", "error": "ConnectionError"}


@pytest.mark.parametrize("check", ["database", "storage"])
def test_a_failing_database_or_storage_is_503(monkeypatch, check):
    monkeypatch.setitem(health.CHECKS, check, fails)
    monkeypatch.setitem(health.CHECKS, "cache", fails)
    status, report = get_health()
    assert status == 503
    assert report["status"] == "error"
    assert report["failing"] == sorted([check, "cache"], key=list(health.CHECKS).index)
