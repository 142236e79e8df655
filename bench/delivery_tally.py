"""Which kudos of a burst the fake Slack saw completed: announced, DM'd and confirmed, once each.

A kudos is completed when the fake recorded an ok chat.postMessage to its channel whose text
or blocks mention its recipient, an ok chat.postMessage to the recipient (the DM), and an ok
post of a confirmation to its response_url; it completed when the last of the three came in.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from bench.delivery_burst import BurstKudos
from bench.slash_commands import CONFIRMATION_PREFIX
from bench.stamped_fake_slack import StampedFakeSlack
from tests.support.fake_slack import ApiCall

_USER_ID = re.compile(r"U[A-Z0-9]+")
Times = dict[str, list[float]]  # response_url name -> when each ok delivery came in


def _times() -> Times:
    return defaultdict(list)


@dataclass
class Tally:
    """Ok deliveries per kudos of the burst (perf_counter() times), and the others."""

    announced: Times = field(default_factory=_times)
    dmed: Times = field(default_factory=_times)
    confirmed: Times = field(default_factory=_times)
    stray: list[str] = field(default_factory=list)  # ok posts that deliver no burst kudos
    unexpected: list[str] = field(default_factory=list)  # response_url posts but confirmations
    refused_posts: int = 0  # chat.postMessage calls answered other than ok (429s included)

    def completed_at(self, name: str) -> float | None:
        """When kudos `name` was completed (the last of its first deliveries); None if not."""
        kinds = (self.announced, self.dmed, self.confirmed)
        if not all(kind.get(name) for kind in kinds):
            return None
        return max(min(kind[name]) for kind in kinds)

    def completions(self, kudos: list[BurstKudos]) -> dict[str, float]:
        """Completion time of every completed kudos, by response_url name."""
        done = {one.name: self.completed_at(one.name) for one in kudos}
        return {name: at for name, at in done.items() if at is not None}

    def miscounts(self, kudos: list[BurstKudos]) -> list[str]:
        """One line per kudos not announced, DM'd and confirmed exactly once."""
        lines = []
        for one in kudos:
            counts = [len(kind.get(one.name, [])) for kind in (self.announced, self.dmed)]
            counts.append(len(self.confirmed.get(one.name, [])))
            if counts != [1, 1, 1]:
                lines.append(
                    f"{one.name} ({one.giver} -> {one.recipient} in {one.channel}): announced "
                    f"{counts[0]}x, DM'd {counts[1]}x, confirmed {counts[2]}x"
                )
        return lines


def _mentioned(call: ApiCall) -> set[str]:
    """The user ids a message's text or blocks mention."""
    rendered = str(call.params.get("text", "")) + json.dumps(call.params.get("blocks"), default=str)
    return set(_USER_ID.findall(rendered))


def _count_post(
    tally: Tally, call: ApiCall, at: float, by_recipient: dict[str, BurstKudos]
) -> None:
    channel = str(call.params.get("channel", ""))
    if channel in by_recipient:
        tally.dmed[by_recipient[channel].name].append(at)
        return
    mentioned = [by_recipient[user] for user in _mentioned(call) if user in by_recipient]
    announced = [one for one in mentioned if one.channel == channel]
    for one in announced:
        tally.announced[one.name].append(at)
    if not announced:
        tally.stray.append(f"chat.postMessage to {channel}: {str(call.params.get('text'))[:120]}")


def tally_deliveries(fake: StampedFakeSlack, kudos: list[BurstKudos]) -> Tally:
    """Count the ok deliveries the fake recorded so far for each kudos of the burst."""
    tally = Tally()
    by_recipient = {one.recipient: one for one in kudos}
    delivered = fake.stamped_delivered("chat.postMessage")
    for call, at in delivered:
        _count_post(tally, call, at, by_recipient)
    tally.refused_posts = len(fake.calls_to("chat.postMessage")) - len(delivered)
    names = {one.name for one in kudos}
    for post, at in fake.stamped_responses():
        text = str(post.body.get("text", ""))
        if post.name in names and text.startswith(CONFIRMATION_PREFIX):
            tally.confirmed[post.name].append(at)
        else:
            tally.unexpected.append(f"response_url {post.name}: {text[:120]}")
    return tally
