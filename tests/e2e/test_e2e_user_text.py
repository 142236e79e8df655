"""End to end: what people type is shown as text, in every place it reaches mrkdwn.

Slack escapes `&`, `<` and `>` in a slash command's text but sends a form's text raw; either way
the announcement, the DM and Home show exactly what was typed: no disguised link, no ping.
"""

from __future__ import annotations

import json
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

DISGUISED = "<https://evil.example/login|https://acme.slack.com/review>"
HOSTILE = f"see {DISGUISED} and <@UEVE> in <#CSECRET> <!channel> \u202eQ&A"
SHOWN = (
    "see &lt;https://evil.example/login|https://acme.slack.com/review&gt; and &lt;@UEVE&gt; "
    "in &lt;#CSECRET&gt; &lt;!channel&gt; Q&amp;A"
)


def _give_by_form(ws: Workspace, message: str) -> None:
    sender = SlackSender(ws.stack.server.events_url, SIGNING_SECRET)
    opened = global_shortcut("give_kudos", team_id=ws.team_id, user_id="UGIVER")
    assert sender.interaction(opened).status == 200
    view = ws.stack.slack.wait_for_calls("views.open")[-1].params["view"]
    state = modal_state(["UANA"], "respect", message, channel_id="CTEAM")
    submitted = submitted_view(view, state, "VTEXT" + ws.team_id)
    result = sender.interaction(view_submission(submitted, team_id=ws.team_id, user_id="UGIVER"))
    assert (result.status, result.body) == (200, b"")


def _posted_to(ws: Workspace, channel: str, count: int = 3) -> dict[str, Any]:
    posts = ws.stack.slack.wait_for_calls("chat.postMessage", count=count)
    return next(p.params for p in posts if p.params["channel"] == channel)


def test_a_form_message_is_shown_as_typed_in_the_channel_the_dm_and_home(ws: Workspace) -> None:
    ws.open_home("UANA")
    _give_by_form(ws, HOSTILE)
    for channel in ("CTEAM", "UANA"):
        blocks = json.dumps(_posted_to(ws, channel)["blocks"], ensure_ascii=False)
        assert SHOWN in blocks
        assert "<https://evil" not in blocks and "<@UEVE>" not in blocks
        assert "<!channel>" not in blocks and "\u202e" not in blocks
    home = json.dumps(ws.wait_for_home("UANA", "evil.example"), ensure_ascii=False)
    assert SHOWN in home
    (stored,) = ws.kudos()
    assert stored.message == SHOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UANA> #respect Q&amp;A done", "at least 10 characters"),  # 10 sent, 8 seen
        ("<@UANA> #respect " + "\u200b" * 12, "at least 10 characters"),
        ("<@UANA> #respect " + "\ufe0f" * 12, "at least 10 characters"),
        ("<@UANA> #respect " + "\u3164" * 12, "at least 10 characters"),
        ("<@UANA> #respect " + "\u2800" * 12, "at least 10 characters"),
        ("<@UANA> #respect " + "\U000e0041" * 12, "at least 10 characters"),
    ],
)
def test_a_command_message_is_counted_as_a_person_sees_it(
    ws: Workspace, text: str, expected: str
) -> None:
    assert ws.command(text, "short").status == 200
    assert expected in ws.reply("short")["text"]
    assert ws.kudos() == []


def test_a_labelled_link_in_a_command_loses_its_label(ws: Workspace) -> None:
    text = "<@UANA> #respect fixed it, see <https://evil.example|https://acme.slack.com/x>"
    assert ws.command(text, "link").status == 200
    blocks = json.dumps(_posted_to(ws, "CGENERAL", count=2)["blocks"])
    assert "<https://evil.example>" in blocks
    assert "acme.slack.com" not in blocks


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("@x<!channel>", id="broadcast"),
        pytest.param("@x<https://evil.example>", id="link"),
        pytest.param("@x<!subteam^S1|@ops>", id="user-group"),
    ],
)
def test_an_unknown_name_is_quoted_back_without_its_tokens(ws: Workspace, typed: str) -> None:
    text = f"<@UANA> #respect {typed} thanks for staying on after the outage"
    assert ws.command(text, "unknown").status == 200
    answer = ws.reply("unknown")["text"]
    assert "I couldn't find anyone called @x." in answer
    assert "<!" not in answer and "evil.example" not in answer
    assert ws.kudos() == []


JOINED = "\U0001f9d1\u200d\U0001f4bb shipped it, \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


@pytest.mark.parametrize("surface", ["command", "form"])
def test_emoji_and_scripts_keep_their_joiners(ws: Workspace, surface: str) -> None:
    if surface == "command":
        assert ws.command(f"<@UANA> #respect {JOINED}", "joined", channel_id="CTEAM").status == 200
        ws.reply("joined")
    else:
        _give_by_form(ws, JOINED)
    announced = json.dumps(_posted_to(ws, "CTEAM", count=2)["blocks"], ensure_ascii=False)
    assert JOINED in announced
    assert [k.message for k in ws.kudos()] == [JOINED]


def test_a_long_escaped_message_is_announced_and_dmed_whole(ws: Workspace) -> None:
    message = "&amp;&amp;&amp;&amp; " * 190  # 949 characters seen, 3989 sent
    assert ws.command(f"<@UANA> #respect {message}", "long", channel_id="CTEAM").status == 200
    assert ws.reply("long")["text"].startswith(":white_check_mark:")
    for channel in ("CTEAM", "UANA"):
        blocks = _posted_to(ws, channel, 2)["blocks"][1:]
        sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
        quoted = " ".join(s for s in sections if s.startswith(">"))
        assert quoted.count("&amp;") == 4 * 190
        assert all(len(s) <= 3000 and not s.endswith(("&", "&a", "&am", "&amp")) for s in sections)
