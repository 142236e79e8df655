"""Digest weeks stay back to back, even when a clock change pushes a slot past midnight."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.domain.schedule import Weekly, latest_slot, next_slot, period_key, slot_day, week_before

SCHEDULES = [
    Weekly(5, time(23, 30), "America/Nuuk"),  # 23:00 → 00:00 on Sat 28 Mar 2026
    Weekly(6, time(1, 30), "Europe/London"),
    Weekly(6, time(2, 30), "America/New_York"),
    Weekly(6, time(2, 30), "Pacific/Auckland"),
    Weekly(0, time(9, 0), "Asia/Kolkata"),
    Weekly(6, time(0, 30), "America/Santiago"),  # its clocks change at midnight
    Weekly(0, time(9, 0), "Europe/Berlin"),
]
NUUK = SCHEDULES[0]
MINUTE = timedelta(minutes=1)


def slots(weekly: Weekly) -> Iterator[datetime]:
    slot = next_slot(weekly, datetime(2025, 1, 1, tzinfo=UTC))
    while slot < datetime(2027, 1, 1, tzinfo=UTC):
        yield slot
        slot = next_slot(weekly, slot)


@pytest.mark.parametrize("weekly", SCHEDULES, ids=lambda w: f"{w.tz}-{w.weekday}-{w.at}")
def test_consecutive_weeks_tile_and_each_has_its_own_period(weekly: Weekly) -> None:
    every = list(slots(weekly))
    assert len(every) in (104, 105)
    for earlier, later in itertools.pairwise(every):
        assert week_before(weekly, earlier)[1] == week_before(weekly, later)[0]
    for slot in every:
        start, end = week_before(weekly, slot)
        assert start < end <= slot  # the week is over when its digest is posted
        assert slot_day(weekly, slot).weekday() == weekly.weekday
    keys = [period_key(weekly, slot) for slot in every]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("weekly", SCHEDULES, ids=lambda w: f"{w.tz}-{w.weekday}-{w.at}")
def test_the_next_and_latest_slots_miss_none(weekly: Weekly) -> None:
    every = list(slots(weekly))
    for earlier, later in itertools.pairwise(every):
        assert next_slot(weekly, later - MINUTE) == later
        assert latest_slot(weekly, later) == later
        assert latest_slot(weekly, later - MINUTE) == earlier


def test_a_slot_pushed_past_midnight_keeps_its_saturday() -> None:
    slot = latest_slot(NUUK, datetime(2026, 3, 29, 3, tzinfo=UTC))
    local = slot.astimezone(NUUK.zone)
    assert (local.day, local.hour, local.minute) == (29, 0, 30)  # Sunday 00:30, as it posts
    assert period_key(NUUK, slot) == "2026-03-28"
    start, end = week_before(NUUK, slot)
    assert start.astimezone(NUUK.zone).isoformat() == "2026-03-21T00:00:00-02:00"
    assert end.astimezone(NUUK.zone).isoformat() == "2026-03-28T00:00:00-02:00"
    assert end - start == timedelta(days=7)
    assert next_slot(NUUK, slot - timedelta(minutes=20)) == slot  # Sunday 00:10, not a week on
