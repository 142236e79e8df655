"""RefuseMalformed: a 400 for an envelope Bolt cannot read (what Socket Mode brings unchecked),
and no second look at a body the HTTP gate checked already."""

from __future__ import annotations

from slack_bolt import BoltRequest, BoltResponse

from bot.domain.envelope import ENVELOPE_CHECKED
from handlers.guard import RefuseMalformed

MALFORMED = {"type": "block_actions", "actions": "not an array", "team": {"id": "T1"}}


def _through(request: BoltRequest) -> int:
    def next_() -> BoltResponse:
        return BoltResponse(status=200, body="")

    return RefuseMalformed().process(req=request, resp=BoltResponse(status=200), next=next_).status


def test_a_malformed_socket_mode_request_is_refused() -> None:
    assert _through(BoltRequest(body=MALFORMED, mode="socket_mode")) == 400
    fine = {"type": "block_actions", "actions": [{"action_id": "a"}], "team": {"id": "T1"}}
    assert _through(BoltRequest(body=fine, mode="socket_mode")) == 200


def test_a_body_the_gate_checked_is_not_checked_again() -> None:
    request = BoltRequest(body=MALFORMED, mode="socket_mode")
    request.context[ENVELOPE_CHECKED] = True  # the gate would have refused this one itself
    assert _through(request) == 200
