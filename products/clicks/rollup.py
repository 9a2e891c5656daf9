"""The daily rollup (raw clicks -> DailyClicks per Berlin day) and the retention purge.

rollup_day() replaces one day's rows from the raw clicks, under a row lock on
that day's RollupDay, so running it twice or concurrently gives the same
figures. catch_up() redoes every day that is not final yet (today, and
yesterday until shortly after midnight). Reports call it before reading; the
redirect never waits on it.

A unique click is the first click of a visitor key (visitor, link, day) among
people, or among bots; it is counted on the row of that first click, so
unique clicks add up across pages, placements and devices.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .days import berlin_day, day_bounds, day_start, days_between, today
from .models import DIMENSION_COLUMNS, Click, DailyClicks, DailySalt, RollupDay

# Clicks are timestamped before they are inserted; a day counts as final only
# when it was aggregated this long after its end.
GRACE = timedelta(minutes=5)
PURGE_BATCH = 20_000

GROUP_COLUMNS = DIMENSION_COLUMNS


def _rollup_sql() -> str:
    columns = ", ".join(GROUP_COLUMNS)
    return (
        f"INSERT INTO {DailyClicks._meta.db_table} "  # noqa: S608 - names from model meta
        f"(day, {columns}, clicks, unique_clicks) "
        f"SELECT %s, {columns}, COUNT(*), "
        "SUM(CASE WHEN visit_rank = 1 THEN 1 ELSE 0 END) "
        f"FROM (SELECT {columns}, ROW_NUMBER() OVER ("
        "PARTITION BY visitor_key, is_bot ORDER BY at, id) AS visit_rank "
        f"FROM {Click._meta.db_table} WHERE at >= %s AND at < %s) AS day_clicks "
        f"GROUP BY {columns}"
    )


def rollup_day(day: date, now: datetime | None = None) -> int | None:
    """Rebuild one Berlin day's DailyClicks from raw clicks; the number of rows.

    None (and nothing changed) when the day's raw clicks were purged.
    """
    now = now or timezone.now()
    start, end = day_bounds(day)
    at_field = Click._meta.get_field("at")
    params = [
        DailyClicks._meta.get_field("day").get_db_prep_value(day, connection),
        at_field.get_db_prep_value(start, connection),
        at_field.get_db_prep_value(end, connection),
    ]
    with transaction.atomic():
        RollupDay.objects.get_or_create(day=day)
        state = RollupDay.objects.select_for_update().get(day=day)
        if state.raw_purged:
            return None
        with connection.cursor() as cursor:
            # Plain SQL: the ORM would fetch the ids first (models have delete signals).
            cursor.execute(
                f"DELETE FROM {DailyClicks._meta.db_table} WHERE day = %s",  # noqa: S608
                params[:1],
            )
            cursor.execute(_rollup_sql(), params)
            rows = cursor.rowcount
        state.rolled_up_at = now
        state.is_final = now >= end + GRACE
        state.save(update_fields=["rolled_up_at", "is_final"])
    return rows


def pending_days(
    now: datetime | None = None, fresh_for: timedelta | None = None
) -> list[date]:
    """Days from the first raw click to today whose rollup is not final.

    With fresh_for, open days aggregated less than that long ago are left out.
    """
    now = now or timezone.now()
    first = Click.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    start = berlin_day(first)
    done = Q(is_final=True)
    if fresh_for is not None:
        done |= Q(rolled_up_at__gte=now - fresh_for)
    finished = set(
        RollupDay.objects.filter(done, day__gte=start).values_list("day", flat=True)
    )
    return [day for day in days_between(start, today(now)) if day not in finished]


def catch_up(
    now: datetime | None = None, fresh_for: timedelta | None = None
) -> list[date]:
    """Aggregate every day that is not final yet; idempotent. The days done.

    Reports pass fresh_for, so reloading a report does not redo today each time.
    """
    days = pending_days(now, fresh_for)
    for day in days:
        rollup_day(day, now)
    return days


def rebuild_days(first: date, last: date, now: datetime | None = None) -> list[date]:
    """Aggregate every day in [first, last] again (purged days are kept as they are)."""
    done = []
    for day in days_between(first, last):
        if rollup_day(day, now) is not None:
            done.append(day)
    return done


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge(months: int, now: datetime | None = None) -> tuple[date, int]:
    """Delete raw clicks of days older than `months`; their rollup stays.

    Those days are aggregated first and marked, so no rebuild can wipe them.
    Past salts are deleted too. Returns the first kept day and the rows deleted.
    """
    now = now or timezone.now()
    cutoff_day = months_before(today(now), months)
    for day in pending_days(now):
        if day < cutoff_day:
            rollup_day(day, now)
    RollupDay.objects.filter(day__lt=cutoff_day).update(raw_purged=True, is_final=True)
    cutoff = day_start(cutoff_day)
    deleted = 0
    while True:
        batch = list(
            Click.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[
                :PURGE_BATCH
            ]
        )
        if not batch:
            break
        deleted += Click.objects.filter(pk__in=batch).delete()[0]
    DailySalt.objects.filter(day__lt=today(now)).delete()
    return cutoff_day, deleted
