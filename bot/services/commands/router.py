"""`/kudos …` after the ack: a subcommand when the first word names one, a bare `/kudos` opens
the form, anything else gives kudos."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import kudos as kudos_blocks
from bot.domain.kudos_text import parse_kudos
from bot.domain.refusals import KudosRefusal
from bot.domain.tasks import NewTask, Task, TaskClass
from bot.services.commands import export, limits, reactions, roles, schedules, stats, values
from bot.services.commands.call import SlashCall, Subcommand
from bot.services.giving.give import give_now, refuse, tell_failed, tell_it_went_wrong
from bot.services.giving.request import GiveRequest
from bot.services.modal import open_modal_now
from bot.services.replies import ReplyTo, send_private
from bot.services.tasks import Finish, TaskContext, TaskHandler

COMMAND_FIELDS = ("team_id", "user_id", "channel_id", "text", "response_url", "trigger_id")


def show_help(call: SlashCall) -> None:
    """`/kudos help`."""
    call.reply(kudos_blocks.help_text())


SUBCOMMANDS: dict[str, Subcommand] = {
    "help": show_help,
    **values.SUBCOMMANDS,
    **roles.SUBCOMMANDS,
    **stats.SUBCOMMANDS,
    **limits.SUBCOMMANDS,
    **reactions.SUBCOMMANDS,
    **schedules.SUBCOMMANDS,
    **export.SUBCOMMANDS,
}
SLOW_SUBCOMMANDS = frozenset({"export"})
SUBCOMMAND_WENT_WRONG = (
    ":warning: Something went wrong on our side (reference `t{id}`), and your command may not "
    "have finished. Please try again in a minute; if it keeps happening, tell your Slack admin."
)


def _subcommand(text: str) -> tuple[Subcommand | None, str]:
    words = text.strip().split(maxsplit=1)
    subcommand = SUBCOMMANDS.get(words[0].casefold()) if words else None
    return subcommand, words[1] if len(words) > 1 else ""


def gives_kudos(command: dict[str, Any]) -> bool:
    """Whether this `/kudos` gives kudos: it has text and its first word names no subcommand."""
    text = command.get("text", "")
    return bool(text.strip()) and _subcommand(text)[0] is None


def _klass(command: dict[str, Any]) -> TaskClass:
    if gives_kudos(command):
        return TaskClass.GIVING
    words = str(command.get("text", "")).split(maxsplit=1)
    slow = bool(words) and words[0].casefold() in SLOW_SUBCOMMANDS
    return TaskClass.BACKGROUND if slow else TaskClass.INTERACTIVE


def command_task(command: dict[str, Any], *, app_user_id: str | None, now: datetime) -> NewTask:
    """The task for one `/kudos` invocation (its trigger_id makes a retry the same task)."""
    fields = {name: command.get(name) for name in COMMAND_FIELDS}
    team_id = str(command.get("team_id"))
    request_key = str(command.get("trigger_id") or uuid.uuid4().hex)
    return NewTask(
        kind="command",
        key=f"command:{team_id}:{request_key}",
        klass=_klass(command),
        team_id=team_id,
        payload={
            "command": fields,
            "app_user_id": app_user_id,
            "reply_to": ReplyTo(
                str(command.get("user_id")), command.get("response_url"), now
            ).to_payload(),
        },
        run_at=now,
    )


def _give(ctx: TaskContext, command: dict[str, Any], reply_to: ReplyTo) -> Finish:
    parsed = parse_kudos(command.get("text") or "")
    if isinstance(parsed, KudosRefusal):
        return refuse(ctx, reply_to, kudos_blocks.refusal_text(parsed))
    request = GiveRequest(
        team_id=str(command["team_id"]),
        giver_id=str(command["user_id"]),
        recipient_ids=parsed.recipient_ids,
        value=parsed.value,
        message=parsed.message,
        channel_id=command.get("channel_id"),
        request_key=str(command.get("trigger_id") or ctx.task.key),
        group_ids=parsed.group_ids,
        group_labels=parsed.group_labels,
    )
    return give_now(ctx, request, reply_to=reply_to, app_user_id=ctx.payload["app_user_id"])


def _run_command(ctx: TaskContext) -> Finish:
    command = ctx.payload["command"]
    reply_to = ReplyTo.from_payload(ctx.payload["reply_to"])
    text = command.get("text") or ""
    if not text.strip():
        open_modal_now(
            ctx,
            trigger_id=str(command["trigger_id"]),
            reply_to=reply_to,
            channel_id=command.get("channel_id"),
        )
        return Finish()
    subcommand, args = _subcommand(text)
    if subcommand is None:
        return _give(ctx, command, reply_to)

    def respond(text: str) -> None:
        send_private(ctx, reply_to, text)

    subcommand(SlashCall(command, args, respond, ctx.client(), ctx.deps))
    return Finish()


def _tell_command_failed(session: Session, task: Task, reason: str, now: datetime) -> None:
    """A kudos (or the form) that failed was not saved; a failed subcommand may not have run."""
    if _subcommand(task.payload["command"].get("text") or "")[0] is None:
        tell_it_went_wrong(session, task, reason, now)
    else:
        tell_failed(session, task, now, text=SUBCOMMAND_WENT_WRONG)


COMMAND = TaskHandler(run=_run_command, on_failed=_tell_command_failed)
