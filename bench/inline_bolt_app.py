"""The delivery benchmark's baseline: a bare Bolt app that gives kudos inline, the old shape.

Its `/kudos` listener acks, then, on Bolt's own listener threads (the default
`process_before_response=False`, Bolt's default pool), does the work one step after the other:
users.info of the recipient, an INSERT of the kudos row (table `bench_inline_kudos`),
chat.postMessage to the channel, chat.postMessage DM to the recipient and the confirmation to
the response_url, with slack_sdk's default WebClient. The work after the ack lives only in
memory, on a few threads. It runs behind the same server stack as the real app
(`make_wsgi_app` on `serve_http` of bot.runtime.server, waitress with the same threads).

Run as ``python -m bench.inline_bolt_app --port P`` with SLACK_SIGNING_SECRET, SLACK_API_URL
(a fake Web API: Bolt still calls `auth.test` once) and DATABASE_URL set.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select

from bench.bare_bolt_app import BENCH_TOKEN
from bot.config import normalize_database_url
from bot.runtime.log_setup import configure_logging
from bot.runtime.server import make_wsgi_app, serve_http
from storage.database import Database

CONFIRMATION = ":white_check_mark: Kudos sent to <@{recipient}> for #{value}."
_COMMAND = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s+#([\w-]+)\s+(.+)$", re.DOTALL)

INLINE_KUDOS = Table(
    "bench_inline_kudos",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32), nullable=False, index=True),
    Column("giver_id", String(32), nullable=False),
    Column("receiver_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("value", String(64), nullable=False),
    Column("message", String(2000), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _announcement(giver: str, recipient: str, value: str, message: str) -> dict[str, Any]:
    text = f":tada: <@{giver}> gave <@{recipient}> kudos for *#{value}*"
    block = {"type": "section", "text": {"type": "mrkdwn", "text": f"{text}\n>{message}"}}
    return {"text": text, "blocks": [block]}


def _direct_message(giver: str, value: str, message: str) -> dict[str, Any]:
    text = f"<@{giver}> gave you kudos for #{value}"
    block = {"type": "section", "text": {"type": "mrkdwn", "text": f"{text}\n>{message}"}}
    return {"text": text, "blocks": [block]}


def give_inline(
    client: WebClient, respond: Respond, database: Database, command: dict[str, Any]
) -> None:
    """Do a kudos's whole work, one step after the other, in the calling thread."""
    parsed = _COMMAND.match(str(command.get("text", "")))
    if parsed is None:
        respond(text="Usage: /kudos @someone #value what they did", response_type="ephemeral")
        return
    recipient, value, message = parsed.groups()
    giver, channel = str(command["user_id"]), str(command["channel_id"])
    client.users_info(user=recipient)
    with database.engine.begin() as connection:
        connection.execute(
            INLINE_KUDOS.insert().values(
                team_id=str(command["team_id"]),
                giver_id=giver,
                receiver_id=recipient,
                channel_id=channel,
                value=value,
                message=message,
                created_at=datetime.now(UTC),
            )
        )
    client.chat_postMessage(channel=channel, **_announcement(giver, recipient, value, message))
    client.chat_postMessage(channel=recipient, **_direct_message(giver, value, message))
    respond(text=CONFIRMATION.format(recipient=recipient, value=value), response_type="ephemeral")


def create_inline_app(*, signing_secret: str, slack_api_url: str, database: Database) -> Any:
    """A Bolt app whose `/kudos` acks, then gives the kudos inline on Bolt's listener pool."""
    app = App(
        signing_secret=signing_secret,
        # slack_sdk's default WebClient (default retry handlers), its Web API on this machine.
        client=WebClient(token=BENCH_TOKEN, base_url=slack_api_url),
        token_verification_enabled=False,
        process_before_response=False,
    )  # listener_executor: Bolt's default pool

    def on_kudos(ack: Ack, client: WebClient, respond: Respond, command: dict[str, Any]) -> None:
        ack()
        give_inline(client, respond, database, command)

    app.command("/kudos")(on_kudos)
    return app


def inline_database(url: str) -> Database:
    """The app's engine set-up for `url`, with the baseline's kudos table created."""
    database = Database.from_url(normalize_database_url(url))
    INLINE_KUDOS.create(database.engine, checkfirst=True)
    return database


def stored_inline_kudos(url: str, team_id: str) -> int:
    """How many kudos rows the baseline stored for this workspace."""
    database = inline_database(url)
    try:
        with database.engine.connect() as connection:
            query = select(func.count()).where(INLINE_KUDOS.c.team_id == team_id)
            return int(connection.execute(query).scalar_one())
    finally:
        database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the inline app until terminated."""
    parser = argparse.ArgumentParser(prog="inline_bolt_app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    configure_logging(os.environ.get("LOG_LEVEL", "WARNING"))
    database = inline_database(os.environ["DATABASE_URL"])
    app = create_inline_app(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        slack_api_url=os.environ["SLACK_API_URL"],
        database=database,
    )
    serve_http(make_wsgi_app(app, database), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
