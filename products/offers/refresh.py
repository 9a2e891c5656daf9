"""One refresh of one data source: read, match, then write all at once.

The source is read to the end before anything is written: a download that
fails or breaks off (FetchError) changes no offer and is recorded on the run
and the source (failures in a row, backoff, Retry-After); so is any other
error, by its type only (the traceback goes to the log). Rows a connector
cannot use are skipped and counted by reason. Only links editors created are
touched, and only their offers: a link's target URL never changes here.

Memory: only matched items are kept (at most one per link of the merchant),
so a feed of any size needs memory for our links, not for the feed.
Queries: a handful to load the links, then one bulk update and one bulk
create of offers, one insert for the price history, and the page-cache
invalidation of the products whose offers changed.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from backportal.core.page_cache import renew_pages
from products.models import AffiliateLink

from .connectors import FeedItem, FetchError, SkippedRow, items_for
from .models import DataSource, Offer, PricePoint, RefreshRun, UnlinkedMatch

logger = logging.getLogger(__name__)

# Fields a refresh writes; a change in any but observed_at is a "change".
DATA_FIELDS = (
    "price",
    "currency",
    "availability",
    "shipping_note",
    "image_url",
    "rating",
    "rating_count",
)
MAX_BACKOFF = timedelta(hours=24)
UNHEALTHY_AFTER = 3


class AlreadyRunning(Exception):
    """Another process is refreshing this source right now."""


class AlreadyRefreshed(Exception):
    """A run of the source ended after this one was asked for (two servers' timers)."""


def lock_name(source: DataSource) -> str:
    return f"offers-refresh-{source.pk}"


def _index(source: DataSource):
    """Lookup tables from identifier to the merchant's links (one query)."""
    links = AffiliateLink.objects.filter(merchant_id=source.merchant_id).only(
        "pk", "product_id", "merchant_id", "asin", "gtin", "merchant_product_id"
    )
    by_asin, by_id, by_gtin = {}, {}, {}
    for link in links:
        if link.asin:
            by_asin.setdefault(link.asin, link)
        if link.merchant_product_id:
            by_id.setdefault(link.merchant_product_id, link)
        if link.gtin:
            by_gtin.setdefault(link.gtin, link)
    return by_asin, by_id, by_gtin


def _our_gtins() -> set[str]:
    return set(AffiliateLink.objects.exclude(gtin="").values_list("gtin", flat=True))


def _match(item: FeedItem, tables) -> AffiliateLink | None:
    by_asin, by_id, by_gtin = tables
    return (
        (item.asin and by_asin.get(item.asin))
        or (item.merchant_product_id and by_id.get(item.merchant_product_id))
        or (item.gtin and by_gtin.get(item.gtin))
        or None
    )


def _fail(source: DataSource, run: RefreshRun, error: Exception, now: datetime):
    """Record a failed refresh: nothing else changes; back off.

    A FetchError's message is German and free of secrets; any other error
    is named only by its type here (its text may hold a URL with a key) and
    logged with its traceback."""
    if isinstance(error, FetchError):
        run.error = str(error)[:500]
    else:
        run.error = (
            f"Unerwarteter Fehler ({type(error).__name__}); nichts geändert, "
            "Einzelheiten im Server-Log."
        )
    run.finished_at = timezone.now()
    run.changed = 0
    source.consecutive_failures += 1
    source.last_error = run.error
    source.last_error_at = now
    source.last_run_at = now
    delay = min(
        timedelta(minutes=source.interval_minutes)
        * 2 ** (source.consecutive_failures - 1),
        MAX_BACKOFF,
    )
    if getattr(error, "retry_after", None):
        delay = max(delay, timedelta(seconds=error.retry_after))
    source.next_run_at = now + delay
    logger.warning("Datenquelle %s: %s", source.pk, run.error)


def plan(source: DataSource, run: RefreshRun, items) -> tuple[dict, list]:
    """Read every item; return ({link id: (link, item)}, unlinked GTIN items).

    Raises FetchError (from the connector) if the source breaks off."""
    tables = _index(source)
    our_gtins = None
    planned: dict[int, tuple[AffiliateLink, FeedItem]] = {}
    unlinked: list[FeedItem] = []
    reasons: Counter = Counter()
    for item in items:
        run.seen += 1
        if isinstance(item, SkippedRow):
            reasons[item.reason] += 1
            continue
        link = _match(item, tables)
        if link is not None:
            planned[link.pk] = (link, item)
        elif item.gtin:
            if our_gtins is None:
                our_gtins = _our_gtins()
            if item.gtin in our_gtins and len(unlinked) < 1000:
                unlinked.append(item)
    run.skipped = sum(reasons.values())
    run.skip_reasons = dict(reasons)
    run.matched = len(planned)
    return planned, unlinked


def apply(source: DataSource, run: RefreshRun, planned: dict, unlinked, now):
    """Write the planned offers in one transaction; return changed product ids."""
    existing = {
        offer.link_id: offer
        for offer in Offer.objects.filter(source=source, link_id__in=planned)
    }
    to_update, to_create, history, changed_products = [], [], [], set()
    for link_id, (link, item) in planned.items():
        offer = existing.get(link_id)
        values = {
            "price": item.price,
            "currency": item.currency,
            "availability": item.availability,
            "shipping_note": item.shipping_note,
            "image_url": item.image_url,
            "rating": item.rating,
            "rating_count": item.rating_count,
        }
        if offer is None:
            offer = Offer(link_id=link_id, source=source, observed_at=now, **values)
            to_create.append(offer)
            changed = True
            price_changed = True
        else:
            changed = any(getattr(offer, k) != v for k, v in values.items())
            price_changed = (offer.price, offer.currency, offer.availability) != (
                item.price,
                item.currency,
                item.availability,
            )
            for key, value in values.items():
                setattr(offer, key, value)
            offer.observed_at = now
            to_update.append(offer)
        if changed:
            run.changed += 1
            changed_products.add(link.product_id)
        if price_changed:
            history.append(offer)
    with transaction.atomic():
        Offer.objects.bulk_create(to_create, batch_size=500)
        Offer.objects.bulk_update(
            to_update, [*DATA_FIELDS, "observed_at"], batch_size=500
        )
        PricePoint.objects.bulk_create(
            [
                PricePoint(
                    offer=offer,
                    price=offer.price,
                    currency=offer.currency,
                    availability=offer.availability,
                    observed_at=now,
                )
                for offer in history
            ],
            batch_size=500,
        )
        for item in unlinked:
            UnlinkedMatch.objects.update_or_create(
                source=source,
                merchant_product_id=item.merchant_product_id or item.gtin,
                defaults={
                    "gtin": item.gtin,
                    "title": item.title,
                    "price": item.price,
                    "currency": item.currency,
                    "seen_at": now,
                },
            )
    return changed_products


def invalidate(product_ids) -> None:
    """Renew the cached pages that show these products (after commit), as a
    product edit does (page_cache.product_changed), for all of them at once:
    one reference-index query, one for the catalogue page."""
    from wagtail.models import Page, ReferenceIndex

    from products.models import Product, ProductIndexPage

    if not product_ids:
        return
    page_type = ReferenceIndex._get_base_content_type(Page)
    pages = (
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(Product),
            to_object_id__in=[str(pk) for pk in product_ids],
            base_content_type=page_type,
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    renew_pages(
        [
            *(int(pk) for pk in pages),
            *ProductIndexPage.objects.values_list("pk", flat=True),
        ]
    )


def refresh_source(
    source: DataSource, *, dry_run: bool = False, items=None, now=None, asked_at=None
) -> RefreshRun:
    """Refresh one source now; AlreadyRunning if another process holds it,
    AlreadyRefreshed if a run ended after `asked_at` (checked under the lock)."""
    from backportal.core.jobs import job_lock

    with job_lock(lock_name(source)) as got:
        if not got:
            raise AlreadyRunning(source.name)
        runs = RefreshRun.objects.filter(source_id=source.pk, dry_run=False)
        if asked_at and runs.filter(finished_at__gt=asked_at).exists():
            raise AlreadyRefreshed(source.name)
        return _refresh(source, dry_run=dry_run, items=items, now=now)


def _refresh(source, *, dry_run, items, now) -> RefreshRun:
    now = now or timezone.now()
    source.refresh_from_db()
    run = RefreshRun.objects.create(source=source, dry_run=dry_run, started_at=now)
    try:
        planned, unlinked = plan(
            source, run, items if items is not None else items_for(source)
        )
        if not dry_run:
            # One transaction: a database error leaves every offer as it was.
            changed = apply(source, run, planned, unlinked, now)
    except FetchError as error:
        return _record_failure(source, run, error, now, dry_run)
    except Exception as error:
        # A bug or a value no check foresaw must not leave the run half-open
        # or stop the worker: record it like a failed download.
        logger.exception("Datenquelle %s: unerwarteter Fehler", source.pk)
        return _record_failure(source, run, error, now, dry_run)
    if not dry_run:
        transaction.on_commit(lambda: invalidate(changed))
        source.consecutive_failures = 0
        source.last_success_at = now
        source.last_run_at = now
        source.last_matched = run.matched
        source.next_run_at = now + timedelta(minutes=source.interval_minutes)
        source.save()
    else:
        run.changed = _count_changes(source, planned)
    run.finished_at = timezone.now()
    run.save()
    return run


def _record_failure(source, run, error, now, dry_run) -> RefreshRun:
    _fail(source, run, error, now)
    run.save()
    if not dry_run:
        source.save()
    return run


def _count_changes(source, planned) -> int:
    existing = {
        offer.link_id: offer
        for offer in Offer.objects.filter(source=source, link_id__in=planned)
    }
    count = 0
    for link_id, (_link, item) in planned.items():
        offer = existing.get(link_id)
        if offer is None or any(
            getattr(offer, key) != getattr(item, key) for key in DATA_FIELDS
        ):
            count += 1
    return count
