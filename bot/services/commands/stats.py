"""`/kudos me` (your stats) and `/kudos top [week|month|quarter|year]` (the leaderboard)."""

from __future__ import annotations

from bot.blocks import stats as stats_blocks
from bot.domain.periods import Period, period_window
from bot.domain.user_text import echo
from bot.services.commands.call import SlashCall, Subcommand
from storage.stats_repo import leaderboard, received_per_value, totals
from storage.values_repo import ensure_workspace

TOP_USAGE = "Usage: `/kudos top` or `/kudos top week|month|quarter|year`."
ME_USAGE = "Usage: `/kudos me` (it takes nothing more)."


def _quoted(typed: str) -> str:
    """What was typed, shown back once escaped inside a code span (a backtick would end it)."""
    return echo(typed, 40).replace("`", "'")


def show_me(call: SlashCall) -> None:
    """`/kudos me`: totals, and this quarter's kudos per value (in your time zone)."""
    if call.args.strip():
        call.reply(f":warning: I didn't understand `{_quoted(call.args.strip())}`. {ME_USAGE}")
        return
    now, tz = call.deps.clock(), call.caller().tz
    quarter = period_window(Period.QUARTER, now=now, tz=tz)
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=now)
        got, gave, givers = totals(session=session, team_id=call.team_id, user_id=call.user_id)
        counts = received_per_value(
            session=session,
            team_id=call.team_id,
            user_id=call.user_id,
            start=quarter.start,
            end=quarter.end,
        )
    call.reply(
        stats_blocks.totals_text(got, gave, givers)
        + "\n"
        + stats_blocks.per_value_text(counts, quarter.label)
    )


def show_top(call: SlashCall) -> None:
    """`/kudos top [period]`: the breadth-first leaderboard, this week by default."""
    typed = call.args.strip()
    word = typed.casefold() or Period.WEEK.value
    if word not in {p.value for p in Period}:
        call.reply(f":warning: I don't know the period `{_quoted(typed)}`. {TOP_USAGE}")
        return
    window = period_window(Period(word), now=call.deps.clock(), tz=call.caller().tz)
    with call.deps.database.transaction() as session:
        standings = leaderboard(
            session=session, team_id=call.team_id, start=window.start, end=window.end
        )
    call.reply(stats_blocks.leaderboard_text(standings, window.label))


SUBCOMMANDS: dict[str, Subcommand] = {"me": show_me, "top": show_top}
