"""The daily rollup: Berlin days (also on DST switch days), idempotent catch-up, purge."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from products.clicks.days import berlin_day, day_bounds
from products.clicks.factories import ClickFactory
from products.clicks.models import Click, DailyClicks, DailySalt, RollupDay
from products.clicks.rollup import (
    catch_up,
    months_before,
    pending_days,
    purge,
    rebuild_days,
)
from products.factories import AffiliateLinkFactory

pytestmark = pytest.mark.usefixtures("no_clicks")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def raw_counts() -> Counter:
    """Clicks per (Berlin day, link, page, placement, device, bot), from raw rows."""
    return Counter(
        (berlin_day(c.at), c.link_id, c.page_id, c.placement, c.device, c.is_bot)
        for c in Click.objects.all()
    )


def rollup_counts() -> Counter:
    counts = Counter()
    for row in DailyClicks.objects.all():
        key = (row.day, row.link_id, row.page_id, row.placement, row.device, row.is_bot)
        counts[key] += row.clicks
    return counts


@pytest.fixture
def history(article):
    """Clicks on two links over a week ending 'now', some by bots, some repeated."""
    now = utc(2026, 6, 10, 12, 0)
    first, second = AffiliateLinkFactory(), AffiliateLinkFactory()
    for day in range(7):
        at = now - timedelta(days=day, hours=day)
        ClickFactory.create_batch(day + 1, link=first, at=at, page=article)
        ClickFactory(link=second, at=at, placement="table", device="mobile")
        ClickFactory(link=second, at=at, is_bot=True, bot_reason="crawler")
    # one visitor, three clicks on the same link and day: one unique click
    for minutes in (1, 2, 3):
        ClickFactory(
            link=first, at=now - timedelta(minutes=minutes), visitor_key="a" * 32
        )
    return now


def test_rollup_equals_raw_counts_after_catch_up_twice(history):
    catch_up(now=history)
    assert rollup_counts() == raw_counts()
    rows = DailyClicks.objects.count()

    catch_up(now=history)
    assert rollup_counts() == raw_counts()
    assert DailyClicks.objects.count() == rows
    assert DailyClicks.objects.aggregate(n=Sum("clicks"))["n"] == Click.objects.count()


def test_unique_clicks_count_each_visitor_once_per_link_and_day(history):
    catch_up(now=history)
    today = berlin_day(history)
    figures = DailyClicks.objects.filter(day=today, is_bot=False).aggregate(
        clicks=Sum("clicks"), unique=Sum("unique_clicks")
    )
    # 1 + 1 clicks with their own keys, plus 3 by the same visitor
    assert figures == {"clicks": 5, "unique": 3}


def test_a_visitor_on_two_pages_is_one_unique_click_on_the_first_page(link, article):
    home = article.get_parent()
    at = utc(2026, 6, 10, 8, 0)
    ClickFactory(link=link, at=at, page=home, visitor_key="b" * 32)
    ClickFactory(
        link=link, at=at + timedelta(minutes=5), page=article, visitor_key="b" * 32
    )
    catch_up(now=at + timedelta(days=2))
    uniques = dict(DailyClicks.objects.values_list("page_id", "unique_clicks"))
    assert uniques == {home.pk: 1, article.pk: 0}


def test_a_prefetch_does_not_take_the_unique_click_of_the_person(link):
    at = utc(2026, 6, 10, 8, 0)
    ClickFactory(
        link=link, at=at, is_bot=True, bot_reason="prefetch", visitor_key="c" * 32
    )
    ClickFactory(link=link, at=at + timedelta(seconds=2), visitor_key="c" * 32)
    catch_up(now=at + timedelta(days=2))
    person = DailyClicks.objects.get(is_bot=False)
    assert (person.clicks, person.unique_clicks) == (1, 1)


def test_today_stays_open_and_later_clicks_are_caught_up(link):
    now = utc(2026, 6, 10, 12, 0)
    ClickFactory(link=link, at=now - timedelta(hours=1))
    assert catch_up(now=now) == [date(2026, 6, 10)]
    assert pending_days(now) == [date(2026, 6, 10)]
    ClickFactory(link=link, at=now)
    catch_up(now=now + timedelta(minutes=1))
    assert DailyClicks.objects.get().clicks == 2
    # The day after, once the grace period has passed, the day is final.
    tomorrow = now + timedelta(days=1)
    catch_up(now=tomorrow)
    assert pending_days(tomorrow) == [date(2026, 6, 11)]


def test_berlin_days_on_the_dst_switches_have_23_and_25_hours():
    spring, autumn = day_bounds(date(2026, 3, 29)), day_bounds(date(2026, 10, 25))
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)
    assert spring == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert autumn == (utc(2026, 10, 24, 22), utc(2026, 10, 25, 23))


DST_CLICKS = {
    # UTC moment: Berlin day
    utc(2026, 3, 28, 22, 59): date(2026, 3, 28),  # 23:59 CET
    utc(2026, 3, 28, 23, 0): date(2026, 3, 29),  # 00:00 CET
    utc(2026, 3, 29, 0, 59): date(2026, 3, 29),  # 01:59 CET, then 03:00 CEST
    utc(2026, 3, 29, 1, 0): date(2026, 3, 29),  # 03:00 CEST
    utc(2026, 3, 29, 21, 59): date(2026, 3, 29),  # 23:59 CEST
    utc(2026, 3, 29, 22, 0): date(2026, 3, 30),  # 00:00 CEST
    utc(2026, 10, 24, 21, 59): date(2026, 10, 24),  # 23:59 CEST
    utc(2026, 10, 24, 22, 0): date(2026, 10, 25),  # 00:00 CEST
    utc(2026, 10, 25, 0, 30): date(2026, 10, 25),  # 02:30 CEST (first time)
    utc(2026, 10, 25, 1, 30): date(2026, 10, 25),  # 02:30 CET (second time)
    utc(2026, 10, 25, 22, 59): date(2026, 10, 25),  # 23:59 CET
    utc(2026, 10, 25, 23, 0): date(2026, 10, 26),  # 00:00 CET
}


def test_clicks_on_the_dst_switch_days_land_on_their_berlin_day(link):
    for moment in DST_CLICKS:
        ClickFactory(link=link, at=moment)
    rebuild_days(date(2026, 3, 27), date(2026, 10, 27), now=utc(2026, 11, 1))
    per_day = dict(
        DailyClicks.objects.values("day")
        .annotate(n=Sum("clicks"))
        .values_list("day", "n")
    )
    assert per_day == dict(Counter(DST_CLICKS.values()))
    assert (
        RollupDay.objects.filter(
            day__range=(date(2026, 3, 27), date(2026, 10, 27))
        ).count()
        == 215
    )


def test_retention_purge_keeps_the_rollup_and_deletes_old_raw_clicks_and_salts(link):
    now = utc(2026, 6, 10, 12, 0)
    old = ClickFactory(link=link, at=utc(2025, 4, 20, 12, 0))
    kept = ClickFactory(link=link, at=utc(2025, 5, 12, 12, 0))
    DailySalt.objects.create(day=date(2026, 6, 9), salt="00" * 32)

    first_kept, deleted = purge(months=13, now=now)

    assert first_kept == date(2025, 5, 10)
    assert deleted == 1
    assert list(Click.objects.all()) == [kept]
    assert DailyClicks.objects.get(day=date(2025, 4, 20)).clicks == 1
    assert not DailySalt.objects.filter(day__lt=date(2026, 6, 10)).exists()
    assert old.pk not in set(Click.objects.values_list("pk", flat=True))
    # A rebuild cannot wipe the figures of purged days.
    rebuild_days(date(2025, 4, 1), date(2025, 5, 31), now=now)
    assert DailyClicks.objects.get(day=date(2025, 4, 20)).clicks == 1
    assert DailyClicks.objects.get(day=date(2025, 5, 12)).clicks == 1


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 6, 10), 13) == date(2025, 5, 10)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_the_commands_catch_up_rebuild_and_purge(link, capsys):
    ClickFactory(link=link, at=utc(2025, 9, 1, 12, 0))
    ClickFactory(link=link)
    call_command("rollup_clicks")
    assert rollup_counts() == raw_counts()
    call_command("rollup_clicks", "--rebuild", "--since", "2025-09-01")
    assert rollup_counts() == raw_counts()
    call_command("purge_clicks", "--months", "13")
    assert Click.objects.count() == 1
    assert DailyClicks.objects.aggregate(n=Sum("clicks"))["n"] == 2
    out = capsys.readouterr().out
    assert "1 Rohklicks gelöscht" in out


def test_the_synthetic_history_spreads_over_the_catalogue_and_rolls_up(capsys):
    call_command("generate_clicks", clicks=3000, days=20, seed=7)
    assert Click.objects.count() == 3000
    assert rollup_counts() == raw_counts()
    days = {berlin_day(at) for at in Click.objects.values_list("at", flat=True)}
    assert len(days) == 20
    bots = Click.objects.filter(is_bot=True).count()
    assert 100 < bots < 400  # about 7 %
    assert Click.objects.values("link").distinct().count() > 5
    assert Click.objects.exclude(page=None).exists()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_clicks", clicks=10, days=1)
    # `make demo` runs it on every start: with --if-empty it leaves history alone.
    call_command("generate_clicks", clicks=10, days=1, if_empty=True)
    assert Click.objects.count() == 3000
    assert "nichts erzeugt" in capsys.readouterr().out


def test_reports_redo_today_at_most_once_a_minute(link):
    now = utc(2026, 6, 10, 12, 0)
    minute = timedelta(minutes=1)
    ClickFactory(link=link, at=now - timedelta(hours=1))
    assert catch_up(now=now, fresh_for=minute) == [date(2026, 6, 10)]
    assert catch_up(now=now + timedelta(seconds=30), fresh_for=minute) == []
    assert catch_up(now=now + timedelta(seconds=90), fresh_for=minute) == [
        date(2026, 6, 10)
    ]
