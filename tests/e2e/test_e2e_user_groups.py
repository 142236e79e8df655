"""End to end: `/kudos` to a user group, with the escaped text Slack sends (`should_escape`):
`<!subteam^S…|@handle>` (or without a label), mixed with `<@U…|name>` people."""

from __future__ import annotations

import json
from typing import Any

from tests.support.e2e import Workspace

MSG = "stayed on after the outage to call back every customer"


def _posts(ws: Workspace) -> list[dict[str, Any]]:
    return [c.params for c in ws.stack.slack.calls_to("chat.postMessage")]


def _post_to(ws: Workspace, channel: str) -> dict[str, Any]:
    [post] = [p for p in _posts(ws) if p["channel"] == channel]
    return post


def test_every_member_is_thanked_and_mentioned_one_by_one(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SSUPPORT1", ["UANA", "UGIVER", "UBEN"])
    text = f"<!subteam^SSUPPORT1|@support> #respect {MSG}"
    assert ws.command(text, "group", channel_id="CTEAM").status == 200
    confirmation = ws.reply("group")
    assert confirmation["response_type"] == "ephemeral"
    assert "Kudos sent to <@UANA> and <@UBEN>" in confirmation["text"]
    rows = ws.kudos()
    assert sorted(r.receiver_id for r in rows) == ["UANA", "UBEN"]  # the giver left out
    assert len({r.act_id for r in rows}) == 1
    assert sorted(p["channel"] for p in _posts(ws)) == ["CTEAM", "UANA", "UBEN"]
    announcement = json.dumps(_post_to(ws, "CTEAM"))
    assert "<@UANA> and <@UBEN>" in announcement
    for post in _posts(ws):
        assert "<!" not in json.dumps(post)  # the group itself is never pinged
    [call] = ws.stack.slack.calls_to("usergroups.users.list")
    assert call.params == {"usergroup": "SSUPPORT1"}


def test_members_who_cannot_receive_kudos_are_named_to_the_giver(ws: Workspace) -> None:
    ws.stack.slack.add_user("UHELPERBOT", is_bot=True)
    ws.stack.slack.add_user("UGONE", deleted=True)
    ws.stack.slack.add_user_group("SSUPPORT2", ["UANA", "UHELPERBOT", "UGONE"])
    text = f"<!subteam^SSUPPORT2|@support> #respect {MSG}"
    assert ws.command(text, "left-out", channel_id="CTEAM").status == 200
    confirmation = ws.reply("left-out")["text"]
    assert "Kudos sent to <@UANA>" in confirmation
    assert "Not thanked from the user groups you mentioned: <@UHELPERBOT> and <@UGONE>" in (
        confirmation
    )
    assert [r.receiver_id for r in ws.kudos()] == ["UANA"]


def test_people_and_an_unlabelled_group_are_thanked_once_each(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SONCALL2", ["UCAM", "UANA", "UDAN"])
    text = f"<@UANA|ana> <!subteam^SONCALL2> #empathy {MSG}"
    assert ws.command(text, "mixed", channel_id="CTEAM").status == 200
    assert "<@UANA>, <@UCAM> and <@UDAN>" in ws.reply("mixed")["text"]
    assert sorted(r.receiver_id for r in ws.kudos()) == ["UANA", "UCAM", "UDAN"]
    dms = sorted(p["channel"] for p in _posts(ws) if p["channel"] != "CTEAM")
    assert dms == ["UANA", "UCAM", "UDAN"]


def test_a_group_over_the_limit_is_refused_with_its_size(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SALL3", [f"UMEMBER{i:02}" for i in range(34)])
    ws.command(f"<@UANA> <!subteam^SALL3|@everyone-eng> #respect {MSG}", "big")
    answer = ws.reply("big")
    assert answer["response_type"] == "ephemeral"
    assert "That would thank 35 people (`@everyone-eng` has 34 people)" in answer["text"]
    assert "at most 20" in answer["text"]
    assert ws.kudos() == []
    assert _posts(ws) == []


def test_an_unknown_or_empty_group_is_refused(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SEMPTY4", [])
    ws.command(f"<!subteam^SGONE4|@ghosts> #respect {MSG}", "unknown")
    ws.command(f"<!subteam^SEMPTY4|@quiet> #respect {MSG}", "empty")
    assert "Slack doesn't know `@ghosts`" in ws.reply("unknown")["text"]
    assert "There is no one in `@quiet`" in ws.reply("empty")["text"]
    assert ws.kudos() == []
    assert _posts(ws) == []


def test_the_giver_alone_in_the_group_is_self_kudos(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SSOLO5", ["UGIVER"])
    ws.command(f"<!subteam^SSOLO5|@me-myself> #respect {MSG}", "solo")
    assert "can't give them to yourself" in ws.reply("solo")["text"]
    assert ws.kudos() == []


def test_special_mentions_stay_refused_next_to_a_group(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SSUPPORT6", ["UANA"])
    ws.command(f"<!subteam^SSUPPORT6|@support> <!here> #respect {MSG}", "here")
    assert "not to @channel, @here or @everyone" in ws.reply("here")["text"]
    assert ws.stack.slack.calls_to("usergroups.users.list") == []
    assert ws.kudos() == []


def test_a_rate_limited_group_lookup_is_retried(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SSUPPORT7", ["UANA"])
    ws.stack.slack.rate_limit("usergroups.users.list", retry_after=1, times=1)
    ws.command(f"<!subteam^SSUPPORT7|@support> #respect {MSG}", "rl")
    assert ws.reply("rl")["text"].startswith(":white_check_mark:")
    assert len(ws.stack.slack.calls_to("usergroups.users.list")) == 2
    assert [r.receiver_id for r in ws.kudos()] == ["UANA"]


def test_an_install_without_the_scope_says_how_to_fix_it(ws: Workspace) -> None:
    ws.stack.slack.add_user_group("SSUPPORT8", ["UANA"])
    ws.stack.slack.withhold_scope("usergroups:read")
    ws.command(f"<!subteam^SSUPPORT8|@support> #respect {MSG}", "scope")
    assert "reinstall the app" in ws.reply("scope")["text"]
    assert ws.kudos() == []


def test_help_says_groups_work(ws: Workspace) -> None:
    ws.command("help", "help")
    assert "user group" in ws.reply("help")["text"]
