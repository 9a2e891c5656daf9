"""Berlin days: clicks are stored in UTC and counted per day in Europe/Berlin.

A Berlin day is 23 hours long on the last Sunday of March and 25 hours on the
last Sunday of October; its bounds are computed, never assumed to be 24 h.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_day(moment: datetime) -> date:
    """The Berlin calendar day of an aware moment."""
    return moment.astimezone(BERLIN).date()


def today(now: datetime | None = None) -> date:
    return berlin_day(now or timezone.now())


def day_start(day: date) -> datetime:
    """Midnight at the start of a Berlin day, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=BERLIN)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a Berlin day in UTC."""
    start = day_start(day).astimezone(ZoneInfo("UTC"))
    end = day_start(day + timedelta(days=1)).astimezone(ZoneInfo("UTC"))
    return start, end


def days_between(first: date, last: date) -> list[date]:
    """Every day from first to last, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
