"""`/kudos digest …` and `/kudos prompt …`: show, start or stop a channel's weekly post."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.domain.permissions import Role, has_role_or_admin
from bot.domain.schedule import (
    DIGEST,
    PROMPT,
    USAGE,
    ScheduleRefusal,
    ScheduleRequest,
    Scope,
    describe_slot,
    describe_weekly,
    next_slot,
    parse_schedule,
)
from bot.services.commands.call import SlashCall, Subcommand
from bot.slack.errors import CHANNEL_UNREACHABLE
from storage.roles_repo import roles_of
from storage.schedules_repo import Schedule, schedule_of, subscribe, unsubscribe
from storage.values_repo import ensure_workspace

_WHAT = {DIGEST: "weekly digest", PROMPT: "weekly reflection prompt"}
_INVITE = "invite me with `/invite @Difference Makers`, then try again"
_REFUSED = (
    ":no_entry: Only workspace admins and owners, and people they make managers "
    "(`/kudos managers add @person`), can change this channel's {what}."
)


def _usage(kind: str) -> str:
    scope = " [scope:workspace]" if kind == DIGEST else ""
    return (
        f"Usage: `/kudos {kind} on {USAGE}{scope}` (defaults: Monday 09:00 in your time zone), "
        f"`/kudos {kind} off`, or `/kudos {kind}` to see the schedule."
    )


def _covers(schedule: Schedule) -> str:
    if schedule.kind != DIGEST:
        return ""
    if schedule.scope is Scope.WORKSPACE:
        return ", celebrating kudos from the whole workspace"
    return ", celebrating kudos received by this channel's members"


def _summary(call: SlashCall, schedule: Schedule) -> str:
    upcoming = next_slot(schedule.weekly, call.deps.clock())
    return (
        f"{describe_weekly(schedule.weekly)}{_covers(schedule)}. "
        f"Next post: {describe_slot(upcoming, schedule.weekly.tz)}."
    )


def _channel_problem(call: SlashCall, channel_id: str) -> str | None:
    """Why the app could not post in this channel, or None when it can."""
    if not channel_id.startswith(("C", "G")):
        return "Run this in the channel that should get it, not in a direct message."
    try:
        channel = call.client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        if error.response.get("error") not in CHANNEL_UNREACHABLE:
            raise
        return f"I can't see this channel: {_INVITE}."
    if channel.get("is_archived"):
        return "This channel is archived, so I can't post in it."
    if not channel.get("is_member"):
        return f"I'm not in this channel yet: {_INVITE}."
    return None


def _may_schedule(call: SlashCall) -> bool:
    with call.deps.database.transaction() as session:
        roles = roles_of(session=session, team_id=call.team_id, user_id=call.user_id)
    return has_role_or_admin(call.caller_now(), roles, Role.MANAGER)


def _refusal(
    call: SlashCall, kind: str, channel_id: str, request: ScheduleRequest | ScheduleRefusal
) -> str | None:
    """What stops `on` (bad input, no permission, unreachable channel), or None."""
    if isinstance(request, ScheduleRefusal):
        return f":warning: {request.reason} Nothing changed.\n{_usage(kind)}"
    if kind == PROMPT and request.scope is not None:
        return f":warning: `scope:` applies only to digests. Nothing changed.\n{_usage(kind)}"
    if not _may_schedule(call):
        return _REFUSED.format(what=_WHAT[kind])
    problem = _channel_problem(call, channel_id)
    return f":warning: {problem} Nothing changed." if problem else None


def _turn_on(call: SlashCall, kind: str, channel_id: str, words: list[str]) -> None:
    request = parse_schedule(words)
    refusal = _refusal(call, kind, channel_id, request)
    if refusal or not isinstance(request, ScheduleRequest):
        call.reply(refusal or _usage(kind))
        return
    now = call.deps.clock()
    schedule = Schedule(
        team_id=call.team_id,
        channel_id=channel_id,
        kind=kind,
        weekly=request.weekly(call.caller().tz),
        scope=request.scope or Scope.CHANNEL,
        subscribed_by=call.user_id,
        active_since=now,
    )
    with call.deps.database.transaction() as session:
        ensure_workspace(session=session, team_id=call.team_id, now=now)
        subscribe(session=session, schedule=schedule)
    call.reply(f":white_check_mark: The {_WHAT[kind]} is on here: {_summary(call, schedule)}")


def _turn_off(call: SlashCall, kind: str, channel_id: str) -> None:
    if not _may_schedule(call):
        call.reply(_REFUSED.format(what=_WHAT[kind]))
        return
    with call.deps.database.transaction() as session:
        removed = unsubscribe(
            session=session, team_id=call.team_id, channel_id=channel_id, kind=kind
        )
    if removed:
        call.reply(f":white_check_mark: The {_WHAT[kind]} is off in this channel.")
    else:
        call.reply(f"There was no {_WHAT[kind]} in this channel; nothing changed.")


def _show(call: SlashCall, kind: str, channel_id: str) -> None:
    with call.deps.database.transaction() as session:
        schedule = schedule_of(
            session=session, team_id=call.team_id, channel_id=channel_id, kind=kind
        )
    if schedule is None:
        call.reply(f"No {_WHAT[kind]} in this channel.\n{_usage(kind)}")
        return
    call.reply(f"*The {_WHAT[kind]} here:* {_summary(call, schedule)}\n{_usage(kind)}")


def _handle(call: SlashCall, kind: str) -> None:
    words = call.args.split()
    action = words[0].casefold() if words else "show"
    channel_id = str(call.command.get("channel_id") or "")
    if action == "on":
        _turn_on(call, kind, channel_id, words[1:])
    elif action == "off" and len(words) == 1:
        _turn_off(call, kind, channel_id)
    elif action == "show":
        _show(call, kind, channel_id)
    else:
        call.reply(f":warning: I didn't understand that. {_usage(kind)}")


def _for(kind: str) -> Subcommand:
    def handle(call: SlashCall) -> None:
        _handle(call, kind)

    return handle


SUBCOMMANDS: dict[str, Subcommand] = {kind: _for(kind) for kind in (DIGEST, PROMPT)}
