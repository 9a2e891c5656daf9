"""A realistic synthetic click history across the catalogue, for benchmarks and demo reports.

Clicks go where the site really places products: every live page's product
boxes, tables, lists and text links (selectors.page_affiliate_products), plus
the catalogue page. Volume grows over time, peaks on Sundays and evenings;
about 62 % of people are on phones; 7 % of requests are bots, prefetches or
HEADs; some people click the same link twice a day. Written with COPY on
PostgreSQL, in batches elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from products.models import AffiliateLink, LinkMode, ProductIndexPage
from products.page_products import page_affiliate_products

from .days import day_start, days_between, today
from .models import CLICK_COLUMNS, BotReason, Click, Device, Outcome, Placement

COLUMNS = CLICK_COLUMNS
# Share of the day's clicks per hour (Berlin time): quiet nights, busy evenings.
HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4, 4.2, 4.4, 4.8, 4.6, 4.3, 4.2, 4.4, 4.8, 5.6, 6.4, 6.8, 6.2, 4.2, 2.2]  # fmt: skip
WEEKDAYS = [1.05, 0.98, 0.96, 0.95, 0.9, 0.92, 1.18]  # Monday … Sunday
DEVICES = [(Device.MOBILE, 62), (Device.DESKTOP, 31), (Device.TABLET, 7)]
BOTS = [(BotReason.CRAWLER, 5), (BotReason.PREFETCH, 1.5), (BotReason.HEAD, 0.5)]
REPEAT_SHARE = 0.15  # clicks by someone who clicked the same link that day
FALLBACK_SHARE = 0.02  # clicks on links that had expired
BATCH = 5_000


@dataclass(frozen=True)
class Slot:
    """A link at a placement on a page, with how often it gets clicked."""

    link: AffiliateLink
    page_id: int | None
    placement: str
    weight: float


def catalogue_slots(rng: random.Random) -> list[Slot]:
    """Every place a link is shown, weighted by page and product popularity."""
    links_by_product: dict[int, list[AffiliateLink]] = {}
    for link in AffiliateLink.objects.select_related("merchant"):
        links_by_product.setdefault(link.product_id, []).append(link)
    if not links_by_product:
        return []
    slots: list[Slot] = []
    pages = list(Page.objects.live().filter(depth__gt=2).specific().order_by("pk"))
    for rank, page in enumerate(pages, start=1):
        page_weight = 1 / rank**0.8
        for product, placement in page_affiliate_products(page):
            for order, link in enumerate(links_by_product.get(product.pk, [])):
                slots.append(
                    Slot(
                        link,
                        page.pk,
                        placement,
                        page_weight / (order + 1.5) * rng.uniform(0.5, 1.5),
                    )
                )
    catalogue = ProductIndexPage.objects.live().first()
    for links in links_by_product.values():
        for order, link in enumerate(links):
            weight = 0.3 / (order + 1.5) * rng.uniform(0.5, 1.5)
            for placement in (Placement.CATALOGUE, Placement.DETAIL):
                slots.append(
                    Slot(link, catalogue.pk if catalogue else None, placement, weight)
                )
    if not any(slot.page_id for slot in slots) or len(slots) < 2:
        # No pages place products yet: spread the links over any pages.
        page_ids = list(
            Page.objects.filter(depth__gt=1).values_list("pk", flat=True)[:20]
        )
        for links in links_by_product.values():
            for link in links:
                slots.append(
                    Slot(
                        link,
                        rng.choice(page_ids) if page_ids else None,
                        Placement.BOX,
                        1,
                    )
                )
    return slots


def day_volumes(
    first: date, last: date, total: int, rng: random.Random
) -> list[tuple[date, int]]:
    """How many clicks each day gets: growing, weekly rhythm, noise; summing to total."""
    days = days_between(first, last)
    weights = []
    for index, day in enumerate(days):
        trend = 0.6 + 0.8 * index / max(len(days) - 1, 1)
        weights.append(trend * WEEKDAYS[day.weekday()] * rng.uniform(0.85, 1.15))
    scale = total / sum(weights)
    volumes = [int(weight * scale) for weight in weights]
    for index in rng.sample(range(len(days)), k=min(total - sum(volumes), len(days))):
        volumes[index] += 1
    return list(zip(days, volumes, strict=True))


def generate_rows(
    slots: list[Slot], total: int, first: date, last: date, now: datetime, rng
) -> Iterator[tuple]:
    """Rows (in COLUMNS order) of `total` clicks from the first to the last day,
    none later than now. Runs no queries (the rows may stream into a COPY).
    """
    slot_weights = [slot.weight for slot in slots]
    devices, device_weights = zip(*DEVICES, strict=True)
    bots, bot_weights = zip(*BOTS, strict=True)
    bot_share = sum(bot_weights) / 100
    hours = list(range(24))
    for day, volume in day_volumes(first, last, total, rng):
        start = day_start(day)
        last_key: dict[int, str] = {}
        picked = rng.choices(slots, weights=slot_weights, k=volume)
        picked_hours = rng.choices(hours, weights=HOURS, k=volume)
        for slot, hour in zip(picked, picked_hours, strict=True):
            link = slot.link
            # Berlin wall-clock time of that day (a time in the spring gap moves
            # an hour on), stored in UTC; today's clicks never lie ahead.
            wall_clock = start + timedelta(hours=hour, seconds=rng.randrange(3600))
            at = min(
                wall_clock.astimezone(UTC),
                now - timedelta(seconds=rng.randrange(1, 600)),
            )
            is_bot = rng.random() < bot_share
            if is_bot:
                reason, device = (
                    rng.choices(bots, weights=bot_weights)[0],
                    Device.DESKTOP,
                )
            else:
                reason, device = (
                    BotReason.NONE,
                    rng.choices(devices, weights=device_weights)[0],
                )
            if link.pk in last_key and not is_bot and rng.random() < REPEAT_SHARE:
                key = last_key[link.pk]
            else:
                key = last_key[link.pk] = f"{rng.getrandbits(128):032x}"
            if rng.random() < FALLBACK_SHARE:
                outcome = Outcome.FALLBACK
            elif link.merchant.link_mode == LinkMode.DIRECT:
                outcome = Outcome.PING
            else:
                outcome = Outcome.REDIRECT
            yield (
                at,
                link.pk,
                link.product_id,
                link.merchant_id,
                slot.page_id,
                slot.placement,
                device,
                is_bot,
                reason,
                outcome,
                key,
            )


def write_rows(rows: Iterator[tuple], progress=None) -> int:
    """Insert the rows: COPY on PostgreSQL, bulk_create elsewhere. The count."""
    count = 0
    if connection.vendor == "postgresql":
        sql = f"COPY {Click._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
                if progress and count % 500_000 == 0:
                    progress(count)
        return count
    batch = []
    for row in rows:
        batch.append(Click(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == BATCH:
            count += len(Click.objects.bulk_create(batch))
            batch = []
    return count + len(Click.objects.bulk_create(batch))


def generate(
    total: int, days: int, seed: int = 1, now: datetime | None = None, progress=None
) -> tuple[date, date, int]:
    """Generate `total` clicks over the last `days` Berlin days (today included)."""
    now = now or timezone.now()
    last = today(now)
    first = last - timedelta(days=days - 1)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    slots = catalogue_slots(rng)
    if not slots:
        return first, last, 0
    rows = generate_rows(slots, total, first, last, now, rng)
    written = write_rows(rows, progress)
    return first, last, written
