"""The task worker: refreshes run in `db_worker`, and page-cache invalidation
still finds pages while Wagtail's reference index is updated by the worker."""

import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from backportal.core import page_cache
from products.factories import AffiliateLinkFactory, MerchantFactory
from products.offers.models import DataSource, Offer, SourceKind
from products.offers.tasks import refresh_source_task
from products.tests.conftest import box

from .conftest import fixture_bytes

ROOT = Path(__file__).resolve().parents[3]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def feed_source(feed_server, merchant):
    url = feed_server.serve("/feed.xml", fixture_bytes("google_feed.xml"))
    return DataSource.objects.create(
        name="Demo-Feed",
        merchant=merchant,
        kind=SourceKind.GOOGLE_MERCHANT_FEED,
        feed_url=url,
        timeout_seconds=5,
    )


@pytest.mark.django_db
def test_invalidation_finds_a_page_whose_index_update_is_still_queued(
    settings, publish_article
):
    """Wagtail's reference-index task waits in the queue (no worker ran), yet a
    product change right after publishing renews the page that shows it."""
    settings.TASKS = DB_TASKS
    link = AffiliateLinkFactory()
    queued = DBTaskResult.objects.count()
    page = publish_article(box(link.product), title="Frisch veröffentlicht")
    assert DBTaskResult.objects.count() > queued  # the index update is queued
    before = page_cache.current_tokens(page.pk)
    link.product.name = "Neuer Name"
    link.product.save()
    assert page_cache.current_tokens(page.pk) != before


@pytest.mark.django_db
def test_refresh_offers_enqueues_due_sources_with_progress(settings, feed_server):
    settings.TASKS = DB_TASKS
    source = feed_source(feed_server, MerchantFactory())
    DataSource.objects.create(
        name="Manuell", merchant=source.merchant, kind=SourceKind.MANUAL_CSV
    )
    out = io.StringIO()
    call_command("refresh_offers", stdout=out)
    assert "Eingereiht: Demo-Feed" in out.getvalue()
    assert "Manuell" not in out.getvalue()
    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_source_task")
    assert [r.args_kwargs["args"] for r in queued] == [[source.pk, False]]


@pytest.mark.django_db
def test_refresh_offers_now_and_dry_run(feed_server):
    merchant = MerchantFactory()
    link = AffiliateLinkFactory(merchant=merchant, merchant_product_id="RL-1001")
    source = feed_source(feed_server, merchant)
    out = io.StringIO()
    call_command(
        "refresh_offers", "--source", "Demo-Feed", "--now", "--dry-run", stdout=out
    )
    assert "zugeordnet 1" in out.getvalue() and "Probelauf" in out.getvalue()
    assert not Offer.objects.filter(source=source).exists()
    call_command("refresh_offers", "--source", str(source.pk), "--now", stdout=out)
    assert Offer.objects.get(link=link, source=source).price == Decimal("39.95")


@pytest.mark.django_db(transaction=True)
def test_a_real_db_worker_runs_the_queued_refresh(settings, feed_server):
    settings.TASKS = DB_TASKS
    merchant = MerchantFactory()
    link = AffiliateLinkFactory(merchant=merchant, merchant_product_id="RL-1001")
    source = feed_source(feed_server, merchant)
    result = refresh_source_task.enqueue(source.pk, False)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backportal.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "TASKS_BACKEND": "database",
    }
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert Offer.objects.get(link=link, source=source).price == Decimal("39.95")
    source.refresh_from_db()
    assert source.last_matched == 1
