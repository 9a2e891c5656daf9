"""A synthetic commission history and daily views consistent with the synthetic clicks.

Reads the daily click rollup (people only) and draws, per row, sales at a
few percent of its clicks: recent ones mostly open, older ones confirmed, about
one in ten cancelled; Amazon (direct-mode) sales come per day and tracking ID,
as the real report does: the ID the clicked page's links carried (its article's,
its topic's or the default), attributed as the import would. The demo's Amazon
merchant gets tracking IDs for a few topics and one article. Views are each
page's clicks divided by a click-through rate of 2–8 %. For the demo and
benchmarks only.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum
from django.utils.text import slugify

from products.clicks.days import today
from products.clicks.models import DailyClicks
from products.models import AffiliateLink, LinkMode, Merchant

from . import references
from .models import (
    DailyPageViews,
    MerchantRevenue,
    Network,
    Status,
    TrackingId,
    Transaction,
)
from .references import REFERENCE_ALPHABET, REFERENCE_LENGTH
from .registry import pages_of_topics, topic_choices

BATCH = 5_000
COMMISSION_RATE = Decimal("0.08")
DEMO_AMAZON_TAG = "backportal-demo-21"
DEMO_TOPIC_TAGS = 3


def ensure_settings() -> None:
    """Every merchant gets revenue settings: Amazon-like direct ones by tracking
    ID, with IDs for a few topics and for its most clicked article."""
    for merchant in Merchant.objects.filter(revenue_settings__isnull=True):
        direct = merchant.link_mode == LinkMode.DIRECT
        MerchantRevenue.objects.create(
            merchant=merchant,
            network=Network.AMAZON if direct else Network.AWIN,
            default_tracking_id=DEMO_AMAZON_TAG if direct else "",
        )
    # Amazon settings without tracking IDs (new ones, or a demo database from
    # before there were demo IDs) get the demo's.
    for settings in MerchantRevenue.objects.filter(
        network=Network.AMAZON, merchant__link_mode=LinkMode.DIRECT
    ).exclude(tracking_ids__isnull=False):
        _demo_tracking_ids(settings)


def _demo_tracking_ids(settings: MerchantRevenue) -> None:
    """ "bp-<topic>-21" for the first topics and "bp-artikel-<id>-21" for the
    article with the most clicks on this merchant's links (article beats topic)."""
    topics = topic_choices()
    articles = {
        page_id
        for page_ids in pages_of_topics(pk for pk, _name in topics).values()
        for page_id in page_ids
    }
    for topic_id, name in topics[:DEMO_TOPIC_TAGS]:
        TrackingId.objects.create(
            settings=settings,
            tracking_id=f"bp-{slugify(name)[:30]}-21",
            topic_id=topic_id,
        )
    top = (
        DailyClicks.objects.filter(merchant=settings.merchant, page_id__in=articles)
        .values("page_id")
        .annotate(n=Sum("clicks"))
        .order_by("-n", "page_id")
        .first()
    )
    if top:
        TrackingId.objects.create(
            settings=settings,
            tracking_id=f"bp-artikel-{top['page_id']}-21",
            page_id=top["page_id"],
        )


def _amazon_attribution(merchant_id: int, page_id: int | None) -> dict:
    """The tracking ID a click from `page_id` carried and what the import makes
    of it (page or topic; neither for the default ID)."""
    snap = references.snapshot()
    setting = snap.merchants.get(merchant_id)
    tag = (
        references.tracking_tag(setting, page_id, snap) if setting else ""
    ) or DEMO_AMAZON_TAG
    page, topic = references.tracking_target(merchant_id, tag)
    return {"tracking_id": tag, "page_id": page, "topic_id": topic}


def _status(day: date, on: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return Status.CANCELLED
    if (on - day).days < 30:
        return Status.OPEN if roll < 0.75 else Status.CONFIRMED
    return Status.CONFIRMED


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def generate(first: date, last: date, seed: int = 1) -> tuple[int, int]:
    """Write transactions and daily views for [first, last]; (transactions, view rows)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    on = today()
    ensure_settings()
    references.forget()
    # The manual offers' prices (products.offers).
    manual = dict(
        apps.get_model("offers", "Offer")
        .objects.filter(source__isnull=True, price__isnull=False)
        .values_list("link_id", "price")
    )
    prices = {
        link.pk: (
            manual.get(link.pk) or Decimal("39.90"),
            link.merchant.link_mode == LinkMode.DIRECT,
        )
        for link in AffiliateLink.objects.select_related("merchant")
    }
    run = secrets.token_hex(3)
    rows = (
        DailyClicks.objects.filter(day__range=(first, last), is_bot=False)
        .values("day", "page_id", "placement", "product_id", "link_id", "merchant_id")
        .annotate(n=Sum("clicks"))
        .order_by("day")
    )
    batch: list[Transaction] = []
    written = 0
    for row in rows.iterator(chunk_size=BATCH):
        price, direct = prices.get(row["link_id"], (Decimal("39.90"), False))
        rate = 0.045 if row["placement"] in ("box", "table") else 0.025
        sales = sum(1 for _ in range(row["n"]) if rng.random() < rate)
        for _ in range(sales):
            amount = (price * Decimal(rng.choice([1, 1, 1, 2]))).quantize(
                Decimal("0.01")
            )
            status = _status(row["day"], on, rng)
            written += 1
            common = {
                "day": row["day"] + timedelta(days=rng.choice([0, 0, 1, 2])),
                "sale_amount": amount,
                "commission": (amount * COMMISSION_RATE).quantize(Decimal("0.01")),
                "currency": "EUR",
                "status": status,
                "merchant_id": row["merchant_id"],
            }
            common["day"] = min(common["day"], last)
            if direct:
                batch.append(
                    Transaction(
                        network=Network.AMAZON,
                        external_id=f"demo-{run}-{written}",
                        merchant_name="Amazon",
                        matched_by="tracking",
                        **_amazon_attribution(row["merchant_id"], row["page_id"]),
                        **common,
                    )
                )
            else:
                batch.append(
                    Transaction(
                        network=Network.AWIN,
                        external_id=f"demo-{run}-{written}",
                        reference=_reference(rng),
                        page_id=row["page_id"],
                        placement=row["placement"],
                        product_id=row["product_id"],
                        link_id=row["link_id"],
                        click_day=row["day"],
                        matched_by="reference",
                        **common,
                    )
                )
            if len(batch) >= BATCH:
                Transaction.objects.bulk_create(batch)
                batch = []
    Transaction.objects.bulk_create(batch)
    # A few sales nobody can attribute, as real reports have.
    for n in range(3):
        Transaction.objects.create(
            network=Network.AWIN,
            external_id=f"demo-{run}-unmatched-{n}",
            merchant_name="Unbekannter Partner",
            day=last - timedelta(days=n * 5),
            sale_amount=Decimal("59.00"),
            commission=Decimal("4.72"),
            status=Status.OPEN,
            reference="unbekannt",
        )
    return written, _views(first, last, rng)


def _views(first: date, last: date, rng: random.Random) -> int:
    per_page_day = (
        DailyClicks.objects.filter(
            day__range=(first, last), is_bot=False, page__isnull=False
        )
        .values("page_id", "day")
        .annotate(n=Sum("clicks"))
    )
    ctr: dict[int, float] = {}
    views = []
    for row in per_page_day.iterator(chunk_size=BATCH):
        rate = ctr.setdefault(row["page_id"], rng.uniform(0.02, 0.08))
        views.append(
            DailyPageViews(
                page_id=row["page_id"],
                day=row["day"],
                views=max(1, round(row["n"] / rate)),
            )
        )
    DailyPageViews.objects.bulk_create(views, batch_size=BATCH, ignore_conflicts=True)
    return len(views)


def clear() -> None:
    Transaction.objects.all().delete()
    DailyPageViews.objects.all().delete()
