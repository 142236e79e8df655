"""GiveRequest survives the task payload, with its user groups, and reads older payloads."""

from __future__ import annotations

import json

from bot.domain.refusals import RefusalCode
from bot.services.giving.request import GiveRequest, check_request

MSG = "stayed on after the outage to call back every customer"


def _request(**kw: object) -> GiveRequest:
    fields: dict[str, object] = {
        "team_id": "T1",
        "giver_id": "UGIVER",
        "recipient_ids": ("UANA",),
        "value": "respect",
        "message": MSG,
        "channel_id": "CTEAM",
        "request_key": "k1",
    }
    return GiveRequest(**{**fields, **kw})  # type: ignore[arg-type]


def test_groups_round_trip_through_json() -> None:
    request = _request(group_ids=("S1", "S2"), group_labels={"S1": "@support"}, left_out=("UB",))
    stored = json.loads(json.dumps(request.to_payload()))
    assert (stored["group_ids"], stored["left_out"]) == (["S1", "S2"], ["UB"])
    assert GiveRequest.from_payload(stored) == request


def test_a_payload_stored_before_groups_still_reads() -> None:
    newer = ("group_ids", "group_labels", "left_out")
    old = {k: v for k, v in _request().to_payload().items() if k not in newer}
    request = GiveRequest.from_payload(old)
    assert request.group_ids == () and request.left_out == ()
    assert request.group_labels == {}
    assert request == _request()


def test_a_group_alone_is_someone_to_thank() -> None:
    assert check_request(_request(recipient_ids=(), group_ids=("S1",))) is None
    refusal = check_request(_request(recipient_ids=()))
    assert refusal is not None and refusal.code == RefusalCode.NO_RECIPIENT
