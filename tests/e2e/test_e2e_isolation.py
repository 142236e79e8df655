"""Two workspaces in one database: no surface of one ever shows the other's data.

Each surface is a function that makes workspace B show what it shows and returns that text.
Features add their surface to SURFACES (digests, exports, …) and it is checked the same way.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest

from tests.support.e2e import Workspace, install

SHARED_USER = "USHARED"  # on Enterprise Grid one person can be in both workspaces
A_MARKERS = (
    "Zebra stripes",
    ":zebra_face:",
    "SECRETA",
    "UAMANAGER",
    "UAHR",
    "UAGIVER",
)  # never typed in B
MSG_A = "SECRETA fixed the release on a Sunday"


def _seed_workspace_a(a: Workspace) -> None:
    a.stack.slack.add_user("UAADMIN", is_admin=True)
    a.open_home(SHARED_USER)
    steps = [
        ('values add "Zebra stripes" :zebra_face: SECRETA value', "UAADMIN"),
        ("managers add <@UAMANAGER>", "UAADMIN"),
        ("hr add <@UAHR>", "UAADMIN"),
        ("values remove empathy", "UAADMIN"),
        (f"<@{SHARED_USER}> #zebra-stripes {MSG_A}", "UAGIVER"),
    ]
    for index, (text, user_id) in enumerate(steps):
        a.command(text, f"a{index}", user_id=user_id)
        assert a.reply(f"a{index}")["text"].startswith(":white_check_mark:")
    a.wait_for_home(SHARED_USER, MSG_A)  # the refresh after the kudos, before B is looked at


def _answer(b: Workspace, text: str, user_id: str = SHARED_USER) -> str:
    name = f"b-{uuid.uuid4().hex[:8]}"
    b.command(text, name, user_id=user_id)
    return json.dumps(b.reply(name))


def _home(b: Workspace) -> str:
    return json.dumps(b.open_home(SHARED_USER))


SURFACES: dict[str, Callable[[Workspace], str]] = {
    "help": lambda b: _answer(b, "help"),
    "values": lambda b: _answer(b, "values"),
    "values all": lambda b: _answer(b, "values all"),
    "give, unknown value": lambda b: _answer(b, "<@UBEN> #zebra-stripes thanks for all the help"),
    "give": lambda b: _answer(b, "<@UBEN> #respect thanks for all the help today"),
    "managers": lambda b: _answer(b, "managers"),
    "hr": lambda b: _answer(b, "hr"),
    "remove a value of A": lambda b: _answer(b, "values remove zebra-stripes", "UBADMIN"),
    "rename a value of A": lambda b: _answer(b, "values rename zebra-stripes Lions", "UBADMIN"),
    "home": _home,
}


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_no_surface_shows_the_other_workspaces_data(ws: Workspace, surface: str) -> None:
    a = ws
    b = Workspace(ws.stack, "T" + uuid.uuid4().hex[:10].upper())
    install(ws.stack, b.team_id)
    _seed_workspace_a(a)
    a.stack.slack.add_user("UBADMIN", is_admin=True)
    shown = SURFACES[surface](b)
    leaked = [marker for marker in A_MARKERS if marker in shown]
    assert not leaked, f"{surface} in workspace B shows {leaked}: {shown[:500]}"
    assert [r.value for r in a.kudos()] == ["zebra-stripes"]  # A is untouched


@pytest.mark.parametrize("surface", ["values all", "managers", "hr", "home"])
def test_the_same_surfaces_do_show_it_in_its_own_workspace(ws: Workspace, surface: str) -> None:
    _seed_workspace_a(ws)
    shown = SURFACES[surface](ws)
    assert any(marker in shown for marker in A_MARKERS), shown[:500]
