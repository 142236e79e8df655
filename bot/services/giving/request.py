"""A request to give kudos, as every surface (the command, the form) hands it over."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.kudos_text import MAX_RECIPIENTS, check_message
from bot.domain.refusals import KudosRefusal, RefusalCode
from bot.domain.tasks import NewTask, TaskClass
from bot.services.replies import ReplyTo

REACTION = "reaction"


@dataclass(frozen=True)
class GiveRequest:
    """A kudos someone asked to give; `group_ids` are user groups whose members it thanks too
    (the give step asks Slack who they are), `group_labels` how the giver saw them, `left_out`
    the members the give step found could not be thanked."""

    team_id: str
    giver_id: str
    recipient_ids: tuple[str, ...]
    value: str
    message: str
    channel_id: str | None
    request_key: str
    is_private: bool = False
    source_link: str | None = None
    group_ids: tuple[str, ...] = ()
    group_labels: dict[str, str] = field(default_factory=dict)
    via: str = "typed"  # "reaction": no typed message, and the giver may add words later
    left_out: tuple[str, ...] = ()  # group members who can't receive kudos, to tell the giver

    def to_payload(self) -> dict[str, Any]:
        """As stored in a task."""
        lists = {
            "recipient_ids": list(self.recipient_ids),
            "group_ids": list(self.group_ids),
            "left_out": list(self.left_out),
        }
        return {**asdict(self), **lists}

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> GiveRequest:
        """Read back what `to_payload` stored (a payload stored before groups has none)."""
        groups = {
            "group_ids": tuple(data.get("group_ids") or ()),
            "left_out": tuple(data.get("left_out") or ()),
        }
        return cls(**{**data, "recipient_ids": tuple(data["recipient_ids"]), **groups})


def check_request(request: GiveRequest) -> KudosRefusal | None:
    """The rules that need no lookup: someone to thank, not too many named (groups are counted
    once Slack lists them), a fitting message (a reaction has no typed message)."""
    if not request.recipient_ids and not request.group_ids:
        return KudosRefusal(RefusalCode.NO_RECIPIENT, "Pick at least one person to thank.")
    if len(request.recipient_ids) > MAX_RECIPIENTS:
        return KudosRefusal(
            RefusalCode.TOO_MANY_RECIPIENTS, f"One kudos can thank at most {MAX_RECIPIENTS} people."
        )
    return None if request.via == REACTION else check_message(request.message)


def give_task(
    request: GiveRequest, *, reply_to: ReplyTo, app_user_id: str | None, now: datetime
) -> NewTask:
    """The task that gives this kudos (from the form; the command has its own)."""
    return NewTask(
        kind="give",
        key=f"give:{request.team_id}:{request.request_key}",
        klass=TaskClass.GIVING,
        team_id=request.team_id,
        payload={
            "request": request.to_payload(),
            "reply_to": reply_to.to_payload(),
            "app_user_id": app_user_id,
        },
        run_at=now,
    )
