"""The signed `/kudos` slash commands the bench sends, and the replies it expects back."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.fake_slack import FakeSlack
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import FORM_CONTENT_TYPE, signed_headers, slash_command_body

RECIPIENT = "UANA"
MESSAGE = "stayed late to get the release out and wrote the runbook"
CONFIRMATION_PREFIX = ":white_check_mark:"


@dataclass(frozen=True)
class SignedCommand:
    """One signed slash command, ready to send."""

    name: str
    body: bytes
    headers: dict[str, str]


def giver_id(prefix: str, index: int) -> str:
    """The giver of the `index`-th command of a batch named `prefix`."""
    return f"UG{prefix.upper().replace('-', '')}{index:06}"


def signed_commands(
    count: int, *, prefix: str, team_id: str, fake: FakeSlack
) -> list[SignedCommand]:
    """`count` signed `/kudos` bodies, each with a fresh trigger_id and its own response_url.

    Each comes from its own giver, as a workspace's kudos do (one giver would meet the
    daily limit after ten).
    """
    commands = []
    for index in range(count):
        name = f"{prefix}-{index}"
        body = slash_command_body(
            text=f"<@{RECIPIENT}> #respect {MESSAGE}",
            user_id=giver_id(prefix, index),
            team_id=team_id,
            channel_id="CBENCH",
            channel_name="bench",
            response_url=fake.response_url(name),
        )
        headers = signed_headers(
            body, signing_secret=SIGNING_SECRET, content_type=FORM_CONTENT_TYPE
        )
        headers["Content-Length"] = str(len(body))
        headers["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)"
        headers["Accept"] = "application/json,*/*"
        commands.append(SignedCommand(name, body, headers))
    return commands


def unexpected_replies(fake: FakeSlack, names: set[str]) -> list[str]:
    """Posts to these response_urls that are not a kudos confirmation."""
    return [
        f"{response.name}: {str(response.body.get('text', response.body))[:160]}"
        for response in fake.responses()
        if response.name in names
        and not str(response.body.get("text", "")).startswith(CONFIRMATION_PREFIX)
    ]
