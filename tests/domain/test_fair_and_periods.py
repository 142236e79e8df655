"""Pure domain: periods, leaderboard ranking, the daily limit and fair-use flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.daily_limit import check_daily_limit, limit_refusal
from bot.domain.fair_use import FlagKind, PairCount, detect, fair_use_refusal, flags_for_giver
from bot.domain.leaderboard import FirstSeen, rank_people
from bot.domain.periods import Period, local_day, period_window

NOW = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # Monday night; Tuesday morning in Tokyo


@pytest.mark.parametrize(
    ("period", "tz", "start", "end"),
    [
        (Period.WEEK, "UTC", datetime(2026, 11, 23), datetime(2026, 11, 30)),
        (Period.MONTH, "UTC", datetime(2026, 11, 1), datetime(2026, 12, 1)),
        (Period.QUARTER, "UTC", datetime(2026, 10, 1), datetime(2027, 1, 1)),
        (Period.YEAR, "UTC", datetime(2026, 1, 1), datetime(2027, 1, 1)),
        (Period.WEEK, "Asia/Tokyo", datetime(2026, 11, 22, 15), datetime(2026, 11, 29, 15)),
        (Period.MONTH, "America/New_York", datetime(2026, 11, 1, 4), datetime(2026, 12, 1, 5)),
        (Period.QUARTER, "Not/AZone", datetime(2026, 10, 1), datetime(2027, 1, 1)),
    ],
)
def test_period_windows_start_at_local_midnight(
    period: Period, tz: str, start: datetime, end: datetime
) -> None:
    window = period_window(period, now=NOW, tz=tz)
    assert (window.start, window.end) == (start.replace(tzinfo=UTC), end.replace(tzinfo=UTC))


def test_local_day_follows_the_zone_and_dst() -> None:
    tokyo = local_day(now=NOW, tz="Asia/Tokyo")  # 07:30 on the 24th in Tokyo
    assert tokyo.start == datetime(2026, 11, 23, 15, tzinfo=UTC)
    spring = local_day(now=datetime(2026, 3, 29, 12, tzinfo=UTC), tz="Europe/Berlin")
    assert spring.end - spring.start == timedelta(hours=23)


def _seen(receiver: str, key: str, minute: int) -> FirstSeen:
    return FirstSeen(receiver, key, NOW + timedelta(minutes=minute))


def test_breadth_beats_volume_and_ties_are_stable() -> None:
    givers = [
        _seen("UTRADER", "UFRIEND", 0),  # one friend, however many kudos
        _seen("UWIDE", "UA", 1),
        _seen("UWIDE", "UB", 2),
        _seen("ULATE", "UA", 1),
        _seen("ULATE", "UB", 9),
        _seen("UEARLY", "UA", 1),
        _seen("UEARLY", "UB", 3),
    ]
    values = [_seen(u, "v1", 0) for u in ("UTRADER", "UWIDE", "ULATE", "UEARLY")]
    values.append(_seen("UWIDE", "v2", 5))
    board = rank_people(givers, values)
    assert [(s.rank, s.user_id) for s in board] == [
        (1, "UWIDE"),
        (2, "UEARLY"),
        (2, "ULATE"),
        (4, "UTRADER"),
    ]
    assert rank_people(givers, values, excluded={"UWIDE"})[0].user_id == "UEARLY"
    assert len(rank_people(givers, values, limit=2)) == 2


@pytest.mark.parametrize(
    ("given", "limit", "refused"), [(0, 10, False), (9, 10, False), (10, 10, True), (3, 2, True)]
)
def test_daily_limit(given: int, limit: int, refused: bool) -> None:
    reached = check_daily_limit(given_today=given, limit=limit, now=NOW, tz="Asia/Tokyo")
    assert (reached is not None) == refused
    if reached:
        assert reached.resets_at == datetime(2026, 11, 24, 15, tzinfo=UTC)
        text = limit_refusal(reached).reason
        assert "Asia/Tokyo" in text
        assert f"<!date^{int(reached.resets_at.timestamp())}^" in text


def test_reciprocal_trading_and_concentration_are_flagged() -> None:
    counts = [
        PairCount("UA", "UB", 3),
        PairCount("UB", "UA", 4),
        PairCount("UC", "UD", 5),
        PairCount("UC", "UE", 1),
        PairCount("UF", "UG", 2),
        PairCount("UG", "UF", 2),
    ]
    flags = detect(counts)
    assert {(f.kind, f.giver_id, f.receiver_id) for f in flags} == {
        (FlagKind.RECIPROCAL, "UA", "UB"),
        (FlagKind.CONCENTRATION, "UC", "UD"),
    }
    assert [f.kind for f in flags_for_giver(counts, "UA")] == [FlagKind.RECIPROCAL]
    assert flags_for_giver(counts, "UF") == []
    refusal = fair_use_refusal(flags_for_giver(counts, "UA")[0], "UA")
    assert "<@UB>" in refusal.reason
