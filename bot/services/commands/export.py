"""`/kudos export …` and `/kudos export log`: for workspace admins/owners and HR only."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import export as export_blocks
from bot.domain.export_format import ExportFormat, NameLookup
from bot.domain.export_range import DateRange, ExportRangeError, slack_export_words
from bot.domain.permissions import Role, has_role_or_admin
from bot.services.commands.call import SlashCall, Subcommand
from bot.services.export import ExportRequest, log_export, write_export
from bot.slack.errors import USER_GONE
from storage.export_log_repo import recent_exports
from storage.roles_repo import roles_of

log = logging.getLogger(__name__)

# Workspace policy can refuse files from apps; the DM itself may be unavailable.
CANNOT_UPLOAD = frozenset(
    {"file_type_not_allowed", "restricted_action", "channel_not_found", "not_in_channel"}
)
LOG_LENGTH = 15


def _may_export(call: SlashCall) -> bool:
    with call.deps.database.transaction() as session:
        roles = roles_of(session=session, team_id=call.team_id, user_id=call.user_id)
    return has_role_or_admin(call.caller_now(), roles, Role.HR)


def display_names(client: WebClient) -> NameLookup:
    """Display names from users.info, asked once per person per export."""
    cache: dict[str, str] = {}

    def name_of(user_id: str) -> str:
        if user_id not in cache:
            try:
                user = client.users_info(user=user_id)["user"]
            except SlackApiError as error:
                if error.response.get("error") not in USER_GONE:
                    raise
                user = {}
            profile = user.get("profile") or {}
            cache[user_id] = str(
                profile.get("display_name") or profile.get("real_name") or user.get("name") or ""
            )
        return cache[user_id]

    return name_of


def _send(call: SlashCall, dates: DateRange, export_format: ExportFormat) -> None:
    request = ExportRequest(
        export_format=export_format,
        dates=dates,
        team_id=call.team_id,
        excel=export_format is ExportFormat.CSV,
    )
    filename = export_blocks.export_filename(call.team_id, dates, export_format.value)
    with tempfile.TemporaryDirectory(prefix="kudos-export-") as folder:
        path = Path(folder) / filename
        names = display_names(call.client)
        with (
            path.open("w", encoding="utf-8", newline="") as out,
            call.deps.database.reading() as session,
        ):
            count = write_export(session=session, request=request, out=out, names=names)
        if count == 0:
            call.reply(export_blocks.nothing_to_send(dates))
            return
        if not _upload(call, path, filename, export_blocks.upload_comment(dates, count)):
            return
    with call.deps.database.transaction() as session:
        log_export(
            session=session,
            request=request,
            requested_by=call.user_id,
            now=call.deps.clock(),
            row_count=count,
        )
    call.reply(export_blocks.sent_confirmation(dates, count, export_format.value))


def _upload(call: SlashCall, path: Path, filename: str, comment: str) -> bool:
    try:
        channel = call.client.conversations_open(users=call.user_id)["channel"]["id"]
        call.client.files_upload_v2(
            channel=channel,
            file=str(path),
            filename=filename,
            title=filename,
            initial_comment=comment,
        )
    except SlackApiError as error:
        code = str(error.response.get("error"))
        if code not in CANNOT_UPLOAD:
            raise
        log.info("could not upload an export for %s: %s", call.user_id, code)
        call.reply(export_blocks.cannot_upload(code))
        return False
    return True


def _show_log(call: SlashCall) -> None:
    with call.deps.database.transaction() as session:
        entries = recent_exports(session=session, team_id=call.team_id, limit=LOG_LENGTH)
        text = export_blocks.export_log_text(entries)
    call.reply(text)


def export_command(call: SlashCall) -> None:
    """`/kudos export [range] [csv|json]` sends a file by DM; `/kudos export log` lists exports."""
    if not _may_export(call):
        call.reply(export_blocks.REFUSAL)
        return
    if call.args.strip().casefold() == "log":
        _show_log(call)
        return
    try:
        dates, word = slack_export_words(call.args, call.deps.clock().date())
    except ExportRangeError as error:
        call.reply(export_blocks.not_understood(str(error)))
        return
    _send(call, dates, ExportFormat(word))


SUBCOMMANDS: dict[str, Subcommand] = {"export": export_command}
