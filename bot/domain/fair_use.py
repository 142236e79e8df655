"""Fair-use flags: reciprocal trading and same-pair concentration, from kudos counts per pair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.domain.refusals import KudosRefusal, RefusalCode

FAIR_USE_WINDOW = timedelta(days=7)
RECIPROCAL_MIN_EACH_WAY = 3
CONCENTRATION_MIN_GIVEN = 5
CONCENTRATION_SHARE = 0.6


class FlagKind(StrEnum):
    """What pattern was seen."""

    RECIPROCAL = "reciprocal"
    CONCENTRATION = "concentration"


@dataclass(frozen=True)
class PairCount:
    """How many kudos one giver gave one receiver in the window."""

    giver_id: str
    receiver_id: str
    count: int


@dataclass(frozen=True)
class Flag:
    """A pattern worth a look: who, toward whom, and the counts behind it."""

    kind: FlagKind
    giver_id: str
    receiver_id: str
    given: int
    returned_or_total: int


def _reciprocal(pairs: dict[tuple[str, str], int]) -> list[Flag]:
    flags = []
    for (giver, receiver), count in sorted(pairs.items()):
        back = pairs.get((receiver, giver), 0)
        if giver < receiver and min(count, back) >= RECIPROCAL_MIN_EACH_WAY:
            flags.append(Flag(FlagKind.RECIPROCAL, giver, receiver, count, back))
    return flags


def _concentration(pairs: dict[tuple[str, str], int]) -> list[Flag]:
    totals: dict[str, int] = defaultdict(int)
    for (giver, _), count in pairs.items():
        totals[giver] += count
    flags = []
    for (giver, receiver), count in sorted(pairs.items()):
        total = totals[giver]
        if total >= CONCENTRATION_MIN_GIVEN and count >= CONCENTRATION_SHARE * total:
            flags.append(Flag(FlagKind.CONCENTRATION, giver, receiver, count, total))
    return flags


def detect(counts: Iterable[PairCount]) -> list[Flag]:
    """Reciprocal pairs (each gave the other at least 3) and givers sending 60%+ of 5+ to one."""
    pairs = {(c.giver_id, c.receiver_id): c.count for c in counts if c.count > 0}
    return _reciprocal(pairs) + _concentration(pairs)


def flags_for_giver(counts: Iterable[PairCount], giver_id: str) -> list[Flag]:
    """The flags that involve `giver_id` as a giver (either side of a reciprocal pair)."""
    return [
        f
        for f in detect(counts)
        if f.giver_id == giver_id or (f.kind is FlagKind.RECIPROCAL and f.receiver_id == giver_id)
    ]


def fair_use_refusal(flag: Flag, giver_id: str) -> KudosRefusal:
    """The refusal when the workspace blocks kudos that would be flagged."""
    if flag.kind is FlagKind.RECIPROCAL:
        other = flag.receiver_id if flag.giver_id == giver_id else flag.giver_id
        reason = f"You and <@{other}> have traded many kudos this week"
    else:
        reason = f"Most of your kudos this week went to <@{flag.receiver_id}>"
    return KudosRefusal(
        RefusalCode.FAIR_USE,
        f"{reason}, and this workspace asks for kudos to be spread around. "
        "Thank someone else, or try again next week.",
    )


REPORT_MAX_FLAGS = 40


def report_text(flags: Sequence[Flag]) -> str:
    """The admins' weekly note: each pattern in plain words (at most 40, then a count)."""
    lines = ["*Fair-use check for the last 7 days.* Worth a friendly look, not proof of anything:"]
    for flag in flags[:REPORT_MAX_FLAGS]:
        if flag.kind is FlagKind.RECIPROCAL:
            lines.append(
                f"• <@{flag.giver_id}> and <@{flag.receiver_id}> traded kudos: "
                f"{flag.given} one way, {flag.returned_or_total} the other."
            )
        else:
            lines.append(
                f"• <@{flag.giver_id}> gave {flag.given} of their {flag.returned_or_total} "
                f"kudos to <@{flag.receiver_id}>."
            )
    if len(flags) > REPORT_MAX_FLAGS:
        lines.append(f"…and {len(flags) - REPORT_MAX_FLAGS} more.")
    lines.append("Admins can refuse such kudos with `/kudos limits blocking on`.")
    return "\n".join(lines)
