"""Weekly schedules: parsing, slots across daylight-saving changes, periods and descriptions."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain.prompts import PRINCIPLES, PROMPTS, prompt_for
from bot.domain.schedule import (
    ScheduleRefusal,
    ScheduleRequest,
    Scope,
    Weekly,
    describe_slot,
    describe_weekly,
    latest_slot,
    next_slot,
    parse_schedule,
    period_key,
    week_before,
)

BERLIN_MONDAY_9 = Weekly(0, time(9, 0), "Europe/Berlin")
MELBOURNE_MONDAY_9 = Weekly(0, time(9, 0), "Australia/Melbourne")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], ScheduleRequest()),
        (
            ["friday", "16:30", "america/new_york"],
            ScheduleRequest(4, time(16, 30), "America/New_York"),
        ),
        (["Tue"], ScheduleRequest(weekday=1)),
        (["sundays", "7:05"], ScheduleRequest(6, time(7, 5))),
        (["UTC", "scope:workspace"], ScheduleRequest(tz="UTC", scope=Scope.WORKSPACE)),
        (["00:00", "scope:channel"], ScheduleRequest(at=time(0, 0), scope=Scope.CHANNEL)),
    ],
)
def test_schedules_are_parsed_in_any_order(words: list[str], expected: ScheduleRequest) -> None:
    assert parse_schedule(words) == expected


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["funday"], "I don't understand `funday`"),
        (["25:00"], "`25:00` is not a time of day"),
        (["09:60"], "`09:60` is not a time of day"),
        (["Mars/Olympus_Mons"], "`Mars/Olympus_Mons` is not a time zone I know"),
        (["../../etc/passwd"], "is not a time zone I know"),
        (["monday", "tuesday"], "give only one weekday"),
        (["09:00", "10:00"], "give only one time"),
        (["scope:galaxy"], "`scope:channel` or `scope:workspace`"),
    ],
)
def test_bad_schedules_say_what_was_wrong(words: list[str], reason: str) -> None:
    refusal = parse_schedule(words)
    assert isinstance(refusal, ScheduleRefusal)
    assert reason in refusal.reason


def test_defaults_are_monday_nine_in_the_callers_zone_or_utc() -> None:
    assert ScheduleRequest().weekly("Europe/Berlin") == BERLIN_MONDAY_9
    assert ScheduleRequest().weekly(None) == Weekly(0, time(9, 0), "UTC")
    assert ScheduleRequest().weekly("Not/AZone") == Weekly(0, time(9, 0), "UTC")
    assert ScheduleRequest(tz="Asia/Tokyo").weekly("Europe/Berlin").tz == "Asia/Tokyo"


def test_berlin_nine_oclock_stays_nine_oclock_across_the_autumn_change() -> None:
    before = next_slot(BERLIN_MONDAY_9, utc(2026, 10, 15, 12))
    after = next_slot(BERLIN_MONDAY_9, before)
    assert before == utc(2026, 10, 19, 7)  # CEST, UTC+2
    assert after == utc(2026, 10, 26, 8)  # CET, UTC+1
    assert after - before == timedelta(days=7, hours=1)
    start, end = week_before(BERLIN_MONDAY_9, after)
    assert (start, end) == (utc(2026, 10, 18, 22), utc(2026, 10, 25, 23))
    assert end - start == timedelta(days=7, hours=1)


def test_berlin_across_the_spring_change() -> None:
    slots = [next_slot(BERLIN_MONDAY_9, utc(2026, 3, 20))]
    slots.append(next_slot(BERLIN_MONDAY_9, slots[0]))
    assert slots == [utc(2026, 3, 23, 8), utc(2026, 3, 30, 7)]
    start, end = week_before(BERLIN_MONDAY_9, slots[1])
    assert end - start == timedelta(days=7, hours=-1)


def test_melbourne_nine_oclock_across_its_spring_change() -> None:
    before = next_slot(MELBOURNE_MONDAY_9, utc(2026, 9, 24))
    after = next_slot(MELBOURNE_MONDAY_9, before)
    assert before == utc(2026, 9, 27, 23)  # AEST, UTC+10
    assert after == utc(2026, 10, 4, 22)  # AEDT, UTC+11
    assert period_key(MELBOURNE_MONDAY_9, after) == "2026-10-05"
    assert describe_slot(after, "Australia/Melbourne") == (
        "Monday 5 Oct, 09:00 Australia/Melbourne"
    )


def test_melbourne_across_its_autumn_change() -> None:
    before = next_slot(MELBOURNE_MONDAY_9, utc(2026, 3, 26))
    after = next_slot(MELBOURNE_MONDAY_9, before)
    assert (before, after) == (utc(2026, 3, 29, 22), utc(2026, 4, 5, 23))  # AEDT, then AEST


def test_a_time_skipped_by_the_clock_change_moves_forward() -> None:
    sunday_half_past_two = Weekly(6, time(2, 30), "Europe/Berlin")
    slot = next_slot(sunday_half_past_two, utc(2026, 3, 28))
    assert slot == utc(2026, 3, 29, 1, 30)  # 03:30 CEST: 02:30 never happened that night


def test_latest_slot_is_at_or_before_now() -> None:
    slot = utc(2026, 11, 30, 8)
    assert latest_slot(BERLIN_MONDAY_9, slot) == slot
    assert latest_slot(BERLIN_MONDAY_9, slot + timedelta(hours=3)) == slot
    assert latest_slot(BERLIN_MONDAY_9, slot - timedelta(seconds=1)) == slot - timedelta(days=7)
    assert next_slot(BERLIN_MONDAY_9, slot) == slot + timedelta(days=7)


def test_descriptions() -> None:
    slot = next_slot(BERLIN_MONDAY_9, utc(2026, 11, 23, 18))
    assert describe_slot(slot, "Europe/Berlin") == "Monday 30 Nov, 09:00 Europe/Berlin"
    assert describe_weekly(BERLIN_MONDAY_9) == "every Monday at 09:00 (Europe/Berlin)"


def test_prompts_never_repeat_two_weeks_running() -> None:
    for channel in ("C1", "CTEAM", "G0PRIVATE"):
        day = date(2026, 1, 5)
        seen = [prompt_for(channel, day + timedelta(weeks=w)) for w in range(60)]
        assert all(a != b for a, b in itertools.pairwise(seen))
        assert set(seen) == set(PROMPTS)


def test_every_prompt_has_a_principle_and_all_four_are_used() -> None:
    assert len(PRINCIPLES) == 4
    assert {p.principle for p in PROMPTS} == set(PRINCIPLES)
