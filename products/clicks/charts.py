"""Geometry of the server-rendered SVG bar chart of clicks over time (no JavaScript).

templates/clicks/includes/chart.html draws what bar_chart() computes: a bar
per period for clicks, a narrower one inside for unique clicks, a y axis with
round gridlines and a few x labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

WIDTH, HEIGHT = 800, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 32
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Bar:
    """One period: the clicks bar, the unique-clicks bar inside it, its tooltip."""

    x: float
    width: float
    y: float
    height: float
    unique_x: float
    unique_width: float
    unique_y: float
    unique_height: float
    title: str


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the chart."""

    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    bars: list[Bar]
    gridlines: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^n not below value (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def bar_chart(points, title_format: str) -> Chart:
    """Bars for SeriesPoint-like objects (label, clicks, unique_clicks).

    title_format is the tooltip, e.g. "%(label)s: %(clicks)s Klicks".
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height  # an int: the template adds to it
    top_value = nice_ceiling(max((p.clicks for p in points), default=0))
    slot = plot_width / max(len(points), 1)
    gap = min(slot * 0.2, 4)

    def scaled(value: int) -> float:
        return round(plot_height * value / top_value, 2)

    bars = []
    for index, point in enumerate(points):
        x = LEFT + index * slot + gap / 2
        width = max(slot - gap, 0.5)
        height, unique_height = scaled(point.clicks), scaled(point.unique_clicks)
        bars.append(
            Bar(
                x=round(x, 2),
                width=round(width, 2),
                y=round(baseline - height, 2),
                height=height,
                unique_x=round(x + width * 0.2, 2),
                unique_width=round(width * 0.6, 2),
                unique_y=round(baseline - unique_height, 2),
                unique_height=unique_height,
                title=title_format
                % {
                    "label": point.label,
                    "clicks": intcomma(point.clicks),
                    "unique": intcomma(point.unique_clicks),
                },
            )
        )
    gridlines = [
        (round(baseline - plot_height * share, 2), intcomma(int(top_value * share)))
        for share in (0, 0.25, 0.5, 0.75, 1)
        if top_value * share == int(top_value * share)
    ]
    step = max(1, math.ceil(len(points) / MAX_X_LABELS))
    x_labels = [
        (round(LEFT + (index + 0.5) * slot, 2), point.short_label)
        for index, point in enumerate(points)
        if index % step == 0
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        gridlines=gridlines,
        x_labels=x_labels,
    )
