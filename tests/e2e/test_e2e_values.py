"""End to end: `/kudos values` listed by everyone, changed by admins and HR only."""

from __future__ import annotations

import pytest

from tests.support.e2e import Workspace

MSG = "stayed on after the outage to call back every customer"


def _as_admin(ws: Workspace, text: str, name: str) -> str:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command(text, name, user_id="UADMIN")
    return str(ws.reply(name)["text"])


def test_admin_adds_a_value_and_everyone_can_use_it(ws: Workspace) -> None:
    text = 'values add "Own it" :muscle: We finish what we start'
    assert "Added :muscle: *Own it*" in _as_admin(ws, text, "add")
    assert "That name is taken by :muscle: *Own it*" in _as_admin(ws, text, "again")
    assert "Added :trophy: *Ownership*" in _as_admin(ws, "values add Ownership :trophy:", "a3")
    ws.command("values", "list", user_id="UPLAIN")
    listed = ws.reply("list")["text"]
    assert "`#ownership` :trophy: *Ownership*" in listed
    ws.command(f"<@UANA> #ownership {MSG}", "give", user_id="UPLAIN")
    assert ws.reply("give")["text"].startswith(":white_check_mark:")
    assert [r.value for r in ws.kudos()] == ["ownership"]


@pytest.mark.parametrize("tag", ["#R&amp;D", "#r&amp;d", "#r-d", "#R&amp;D."])
def test_a_value_with_an_ampersand_is_given_by_its_tag(ws: Workspace, tag: str) -> None:
    added = _as_admin(ws, "values add R&amp;D :test_tube: research", "add")
    assert "Added :test_tube: *R&amp;D*" in added
    ws.command(f"<@UANA> {tag} {MSG}", "give", user_id="UPLAIN")
    assert "for :test_tube: *R&amp;D*" in ws.reply("give")["text"]
    assert [(r.value, r.value_name) for r in ws.kudos()] == [("r-d", "R&D")]


def test_an_unknown_tag_with_an_ampersand_is_quoted_as_typed(ws: Workspace) -> None:
    ws.command(f"<@UANA> #Q&amp;A {MSG}", "unknown")
    assert "I don't know the value `#Q&amp;A`" in ws.reply("unknown")["text"]
    assert ws.kudos() == []


def test_removed_value_is_retired_listed_as_such_and_revived(ws: Workspace) -> None:
    ws.command(f"<@UANA> #empathy {MSG}", "give")
    ws.reply("give")
    assert "Retired :heart: *Empathy*" in _as_admin(ws, "values remove Empathy", "rm")
    ws.command(f"<@UANA> #empathy {MSG}", "refused")
    assert "I don't know the value `#empathy`" in ws.reply("refused")["text"]
    ws.command("values", "active")
    assert "#empathy" not in ws.reply("active")["text"]
    ws.command("values all", "all")
    assert "`#empathy` :heart: *Empathy* _(retired)_" in ws.reply("all")["text"]
    assert [r.value for r in ws.kudos()] == ["empathy"]  # the past kudos keeps its value
    assert "it is back in use" in _as_admin(ws, "values add Empathy", "back")
    ws.command(f"<@UANA> #empathy {MSG}", "again")
    assert ws.reply("again")["text"].startswith(":white_check_mark:")


def test_rename_moves_the_hashtag_and_past_kudos_follow(ws: Workspace) -> None:
    ws.command(f"<@UANA> #respect {MSG}", "give")
    ws.reply("give")
    assert "hashtag is now `#kindness`" in _as_admin(ws, "values rename #respect Kindness", "mv")
    assert [r.value_name for r in ws.kudos()] == ["Kindness"]


def test_a_value_with_an_ampersand_is_removed_and_echoed_once_escaped(ws: Workspace) -> None:
    assert "Added *R&amp;D*" in _as_admin(ws, "values add R&amp;D", "add")
    assert "Retired *R&amp;D*" in _as_admin(ws, "values remove R&amp;D", "rm")
    unknown = _as_admin(ws, "values remove R&amp;X", "unknown")
    assert "There is no value `R&amp;X` in use" in unknown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("values remove <#C0RESPECT|respect>", "Retired :handshake: *Treat people with respect*"),
        ("values rename <#C0RESPECT|respect> Kindness", "hashtag is now `#kindness`"),
    ],
)
def test_a_hashtag_slack_made_a_channel_link_names_the_value(
    ws: Workspace, text: str, expected: str
) -> None:
    assert expected in _as_admin(ws, text, "change")


def test_hr_may_change_values(ws: Workspace) -> None:
    _as_admin(ws, "hr add <@UHR>", "grant")
    ws.command("values add Curiosity :mag:", "hr", user_id="UHR")
    assert "Added :mag: *Curiosity*" in ws.reply("hr")["text"]


@pytest.mark.parametrize(
    ("text", "user_id", "expected"),
    [
        ("values add Curiosity", "UPLAIN", "Only workspace admins and owners"),
        ("values remove respect", "UPLAIN", "Only workspace admins and owners"),
        ("values frobnicate", "UADMIN", "I didn't understand that"),
        ("values add x", "UADMIN", "can't be a value name"),
        ("values add &lt;!channel&gt; party", "UADMIN", "can't be a value name"),
        ('values add "Grit" :Not Emoji: text', "UADMIN", "isn't an emoji code"),
        ("values add " + "\ufb03" * 40, "UADMIN", "its hashtag would be 120 characters"),
        ("values rename respect " + "\ufb03" * 40, "UADMIN", "its hashtag would be 120"),
        ("values remove nothing-like-this", "UADMIN", "There is no value `nothing-like-this`"),
        ("values remove", "UADMIN", "Say which value to remove"),
        ("values rename respect", "UADMIN", "Say which value and its new name"),
        ("values rename respect Empathy", "UADMIN", "That name is taken by :heart: *Empathy*"),
        ("values add Kindness :heart:", "UADMIN", ":heart: *Empathy* already has that emoji"),
    ],
)
def test_refusals_are_private_and_change_nothing(
    ws: Workspace, text: str, user_id: str, expected: str
) -> None:
    ws.stack.slack.add_user("UADMIN", is_admin=True)
    ws.command(text, "no", user_id=user_id)
    answer = ws.reply("no")
    assert answer["response_type"] == "ephemeral"
    assert expected in answer["text"]
    assert "Nothing changed" in answer["text"] or "Usage:" in answer["text"]
    assert "<!" not in answer["text"]
    ws.command("values all", "after")
    after = ws.reply("after")["text"]
    assert after.count("\n") == 6 and "(retired)" not in after
