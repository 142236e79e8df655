"""The burst of the delivery benchmark: N kudos, each from its own giver to its own recipient."""

from __future__ import annotations

from dataclasses import dataclass

from bench.slash_commands import SignedCommand
from tests.support.fake_slack import FakeSlack
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body

MESSAGE = "stayed late to get the release out and wrote the runbook"


@dataclass(frozen=True)
class BurstKudos:
    """One kudos of the burst: who gives it to whom, where, and its response_url name."""

    index: int
    name: str
    giver: str
    recipient: str
    channel: str

    @property
    def text(self) -> str:
        """The slash command's text."""
        return f"<@{self.recipient}> #respect {MESSAGE} (kudos {self.index})"


def burst_kudos(count: int, *, channels: int, tag: str) -> list[BurstKudos]:
    """`count` kudos; kudos i goes from G{i} to R{i} in channel C{i % channels}.

    `tag` (upper-case letters) keeps the ids of one server's burst apart from another's; the
    fixed-width numbers keep one id from being a prefix of another.
    """
    return [
        BurstKudos(
            index=index,
            name=f"{tag.lower()}-{index}",
            giver=f"UG{tag}{index:06d}",
            recipient=f"UR{tag}{index:06d}",
            channel=f"C{tag}{index % channels:04d}",
        )
        for index in range(count)
    ]


def signed_burst(kudos: list[BurstKudos], *, team_id: str, fake: FakeSlack) -> list[SignedCommand]:
    """The burst as signed `/kudos` slash commands, exactly as Slack sends them."""
    commands = []
    for one in kudos:
        body = slash_command_body(
            text=one.text,
            user_id=one.giver,
            team_id=team_id,
            channel_id=one.channel,
            channel_name=one.channel.lower(),
            response_url=fake.response_url(one.name),
        )
        headers = signed_headers(
            body, signing_secret=SIGNING_SECRET, content_type=FORM_CONTENT_TYPE
        )
        headers["Content-Length"] = str(len(body))
        headers["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)"
        headers["Accept"] = "application/json,*/*"
        commands.append(SignedCommand(one.name, body, headers))
    return commands
