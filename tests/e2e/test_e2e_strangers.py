"""End to end: people of another organisation (Slack Connect) are refused privately, from the
command and from the form, and nothing is stored; the Enterprise Grid org's own are thanked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.e2e import Workspace
from tests.support.interactions import (
    global_shortcut,
    modal_state,
    submitted_view,
    view_submission,
)
from tests.support.live_server import SIGNING_SECRET
from tests.support.slack_requests import SlackSender

MSG = "stayed on after the outage to call back every customer"
REFUSED = "is in another organisation (Slack Connect); kudos are for people in this workspace"


def _posts(ws: Workspace) -> list[dict[str, Any]]:
    return [c.params for c in ws.stack.slack.calls_to("chat.postMessage")]


def _stranger(ws: Workspace, kind: str) -> str:
    """A person of another organisation, registered with the fake Slack under a fresh id."""
    user_id = f"UEXT{kind.upper()}{ws.team_id[1:6]}"
    if kind == "team":
        ws.stack.slack.add_user(user_id, team_id="T0PARTNER")
    elif kind == "stranger":
        ws.stack.slack.add_user(user_id, is_stranger=True)
    else:
        ws.stack.slack.add_user(user_id, team_id="T0PARTNER", enterprise_id="E0PARTNER")
    return user_id


@pytest.mark.parametrize("kind", ["team", "stranger", "enterprise"])
def test_kudos_to_a_slack_connect_user_is_refused_privately(ws: Workspace, kind: str) -> None:
    stranger = _stranger(ws, kind)
    assert ws.command(f"<@UANA> <@{stranger}> #respect {MSG}", "ext").status == 200
    answer = ws.reply("ext")
    assert answer["response_type"] == "ephemeral"
    assert f"<@{stranger}> {REFUSED}" in answer["text"]
    assert "Nothing was saved" in answer["text"]
    assert ws.kudos() == []
    assert _posts(ws) == []


def test_the_grid_orgs_own_people_are_thanked(ws: Workspace) -> None:
    giver, colleague = f"UGRIDG{ws.team_id[1:6]}", f"UGRIDC{ws.team_id[1:6]}"
    ws.stack.slack.add_user(giver, enterprise_id="E0GRID")
    ws.stack.slack.add_user(colleague, team_id="T0SISTER", enterprise_id="E0GRID")
    ws.command(f"<@{colleague}> #respect {MSG}", "grid", user_id=giver)
    assert ws.reply("grid")["text"].startswith(":white_check_mark:")
    assert [r.receiver_id for r in ws.kudos()] == [colleague]


def test_the_form_to_a_slack_connect_user_is_refused_by_dm(ws: Workspace) -> None:
    stranger = _stranger(ws, "team")
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    opening = global_shortcut("give_kudos", team_id=ws.team_id, user_id="UGIVER")
    assert sender.interaction(opening).status == 200
    opened = ws.stack.slack.wait_for_calls("views.open")[-1].params["view"]
    state = modal_state([stranger], "respect", MSG, channel_id="CTEAM")
    view = submitted_view(opened, state, "VEXT" + ws.team_id)
    result = sender.interaction(view_submission(view, team_id=ws.team_id, user_id="UGIVER"))
    assert (result.status, result.body) == (200, b"")  # not cached yet: checked after the ack
    (dm,) = ws.stack.slack.wait_for_calls("chat.postMessage")
    assert dm.params["channel"] == "UGIVER"
    assert f"<@{stranger}> {REFUSED}" in dm.params["text"]
    assert ws.kudos() == []
