"""The price history of a product as an inline SVG chart (admin only).

One step line per offer (shop and source), from its PricePoint rows: a
price holds until the next change. Two queries: offers, then their points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import Offer, PricePoint

WIDTH, HEIGHT, PAD = 640, 240, 40
COLOURS = ("#1d6fa5", "#b3541e", "#2e7d32", "#6a1b9a", "#8d6e63", "#00838f")


@dataclass
class Series:
    label: str
    colour: str
    points: list[tuple[datetime, float]]
    path: str = ""


def product_history(product, now: datetime | None = None) -> dict:
    """Series and axis labels for templates/offers/price_history.html."""
    now = now or timezone.now()
    offers = list(
        Offer.objects.filter(link__product=product).select_related(
            "link__merchant", "source"
        )
    )
    points = {}
    for point in PricePoint.objects.filter(offer__in=offers).order_by("observed_at"):
        points.setdefault(point.offer_id, []).append(
            (point.observed_at, float(point.price))
        )
    series = [
        Series(
            f"{offer.link.merchant.name} ({offer.source.name if offer.source else 'manuell'})",
            COLOURS[i % len(COLOURS)],
            points[offer.pk],
        )
        for i, offer in enumerate(o for o in offers if o.pk in points)
    ]
    if not series:
        return {"series": [], "rows": []}
    start = min(p[0] for s in series for p in s.points)
    low = min(p[1] for s in series for p in s.points)
    high = max(p[1] for s in series for p in s.points)
    span = max((now - start).total_seconds(), 1.0)
    spread = (high - low) or 1.0

    def x(moment):
        return PAD + (moment - start).total_seconds() / span * (WIDTH - 2 * PAD)

    def y(price):
        return HEIGHT - PAD - (price - low) / spread * (HEIGHT - 2 * PAD)

    for item in series:
        coords = []
        for index, (moment, price) in enumerate(item.points):
            if index:
                coords.append((x(moment), y(item.points[index - 1][1])))
            coords.append((x(moment), y(price)))
        coords.append((x(now), y(item.points[-1][1])))
        item.path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
    rows = [
        (item.label, moment, price) for item in series for moment, price in item.points
    ]
    return {
        "series": series,
        "rows": sorted(rows, key=lambda row: row[1], reverse=True),
        "width": WIDTH,
        "height": HEIGHT,
        "low": low,
        "high": high,
        "start": start,
        "now": now,
        "y_low": y(low),
        "y_high": y(high),
    }
