"""End to end, single-token mode: uninstall and token revocation mark the workspace."""

from __future__ import annotations

from datetime import datetime

from bot.slack.oauth import NOT_INSTALLED
from storage.workspaces_repo import uninstalled_at
from tests.support.e2e import Workspace, install, wait_until
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import SlackSender


def _uninstalled_at(ws: Workspace) -> datetime | None:
    with ws.stack.database.transaction() as session:
        return uninstalled_at(session=session, team_id=ws.team_id)


def _send(ws: Workspace, event: dict[str, object]) -> None:
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    assert sender.event(event, team_id=ws.team_id).status == 200


def test_uninstall_marks_the_workspace_and_its_return_clears_the_mark(ws: Workspace) -> None:
    ws.command("help", "before")
    ws.reply("before")
    _send(ws, {"type": "app_uninstalled", "event_ts": "1700000000.000100"})
    ws.wait_for_log(f"workspace {ws.team_id}: app uninstalled")
    first = _uninstalled_at(ws)
    assert first is not None
    _send(ws, {"type": "app_uninstalled", "event_ts": "1700000000.000200"})  # a retry
    ws.wait_for_log(f"workspace {ws.team_id}: app uninstalled")
    assert _uninstalled_at(ws) == first
    gone = ws.command("help", "gone")  # installation deleted: answered without Bolt's ERROR
    assert NOT_INSTALLED in gone.body.decode()
    install(ws.stack, ws.team_id)  # installed again, as the OAuth redirect saves it
    wait_until(lambda: _uninstalled_at(ws) is None, "the mark is cleared")
    ws.command("help", "back")
    ws.reply("back")
    assert "ERROR" not in ws.log()


def test_bot_token_revocation_marks_user_token_revocation_does_not(ws: Workspace) -> None:
    _send(ws, {"type": "tokens_revoked", "tokens": {"oauth": ["UANA"]}})
    ws.wait_for_log(f"workspace {ws.team_id}: user tokens revoked")
    assert _uninstalled_at(ws) is None
    _send(ws, {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}})
    ws.wait_for_log(f"workspace {ws.team_id}: bot token revoked")
    assert _uninstalled_at(ws) is not None
