"""Times in the sources admin as editors read them: Berlin local, in German.

Wagtail's DateColumn says "Jetzt gerade" for any moment in the future, and a
datetime printed as is shows its stored UTC; these helpers say either "in 25
Minuten" or "5. Dezember 2026, 14:30" in Europe/Berlin, whatever the language
or time zone the admin runs in. Pure functions, no query.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_datetime(moment: datetime | None) -> str:
    """ "5. Dezember 2026, 14:30" in Berlin local time; "–" for none."""
    if moment is None:
        return "–"
    with translation.override("de"):
        return date_format(moment.astimezone(BERLIN), "j. F Y, H:i")


def next_run_text(moment: datetime | None, now: datetime | None = None) -> str:
    """When a source runs next: "fällig", "in 25 Minuten", or a Berlin time."""
    now = now or timezone.now()
    if moment is None or moment <= now:
        return "fällig"
    minutes = -(-(moment - now).total_seconds() // 60)  # rounded up
    if minutes <= 60:
        return "in 1 Minute" if minutes == 1 else f"in {int(minutes)} Minuten"
    return berlin_datetime(moment)
