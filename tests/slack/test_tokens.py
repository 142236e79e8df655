"""Bot tokens remembered per workspace: a token for a minute, its absence never, and a new
installation taking effect at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import Installation

from bot.config import Settings
from bot.deps import make_deps
from bot.slack.clients import bot_token
from bot.slack.tokens import BotTokens
from storage.database import Database

TEAM = "T9TOKENS"


def _loader(*answers: str | None) -> tuple[list[str], Callable[[str], str | None]]:
    calls: list[str] = []
    queue = list(answers)

    def load(team_id: str) -> str | None:
        calls.append(team_id)
        return queue.pop(0)

    return calls, load


def test_a_token_is_remembered() -> None:
    tokens = BotTokens(monotonic=lambda: 100.0)
    calls, load = _loader("xoxb-one")
    assert tokens.get(TEAM, load) == "xoxb-one"
    assert tokens.get(TEAM, load) == "xoxb-one"
    assert calls == [TEAM]


def test_no_token_is_not_remembered() -> None:
    tokens = BotTokens(monotonic=lambda: 100.0)
    calls, load = _loader(None, "xoxb-installed-again")
    assert tokens.get(TEAM, load) is None
    assert tokens.get(TEAM, load) == "xoxb-installed-again"
    assert calls == [TEAM, TEAM]


def _installation(token: str, day: int) -> Installation:
    return Installation(
        app_id="A0KUDOS",
        team_id=TEAM,
        user_id="UINSTALLER",
        bot_token=token,
        bot_id="B0KUDOS",
        bot_user_id="UBOT",
        bot_scopes="chat:write",
        installed_at=datetime(2026, 3, day, tzinfo=UTC).timestamp(),
    )


def test_a_token_read_while_it_was_forgotten_is_not_remembered() -> None:
    tokens = BotTokens()
    loads: list[str] = []

    def load(team_id: str) -> str:
        loads.append(team_id)
        if len(loads) == 1:  # a reinstall is saved while this read is on its way
            tokens.forget(team_id)
            return "xoxb-old"
        return "xoxb-new"

    assert tokens.get("T1", load) == "xoxb-old"  # what this read found
    assert tokens.get("T1", load) == "xoxb-new"  # but the next one reads again
    assert tokens.get("T1", load) == "xoxb-new" and len(loads) == 2  # and remembers that


def test_saving_an_installation_forgets_the_remembered_token(database: Database) -> None:
    settings = Settings(
        slack_bot_token="",
        slack_signing_secret="signing-secret",
        slack_client_id="1234.5678",
        slack_client_secret="client-secret",
    )
    deps = make_deps(settings, database)
    store = deps.installation_store
    assert store is not None
    store.save(_installation("xoxb-first", 1))

    def load(team_id: str) -> str | None:
        return bot_token(deps.database, deps.settings, store, team_id)

    assert deps.tokens.get(TEAM, load) == "xoxb-first"
    store.save(_installation("xoxb-second", 2))  # installed again: Slack issued a new token
    assert deps.tokens.get(TEAM, load) == "xoxb-second"
