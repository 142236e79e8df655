"""The `kudos-bot` command line: serve, scheduler, digest, db, export, forget-user, purge."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from slack_sdk.errors import SlackApiError

from bot import stewardship_cli
from bot.app import make_deps, make_web_client, web_client_for
from bot.config import ConfigError, load_database_url, load_settings
from bot.export import write_json_array
from bot.jobs.manual_digest import digest_now
from bot.log_setup import configure_logging
from bot.runner import StartupError, open_database, run_scheduler, run_server
from storage.database import Database
from storage.kudos_repo import iter_kudos
from storage.schema import upgrade_schema


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kudos-bot", description="Difference Makers for Slack")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the app (HTTP, or Socket Mode)")
    serve.add_argument("--port", type=int, help="HTTP port (default: PORT, or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="interface to listen on")  # noqa: S104
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="don't run scheduled posts in this process"
    )
    commands.add_parser("scheduler", help="run only the scheduled posts (digests, prompts)")
    digest = commands.add_parser("digest", help="build a channel's weekly digest now")
    digest.add_argument("--channel", required=True, help="channel id, e.g. C0123456")
    digest.add_argument("--team", help="workspace (team id); default: the channel's schedule")
    digest.add_argument("--dry-run", action="store_true", help="print it instead of posting")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: migrate to the newest schema")
    export = commands.add_parser("export", help="print every kudos")
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("--team", help="only this workspace (team id)")
    stewardship_cli.add_parsers(commands)
    return parser


def _database() -> Database:
    database = Database.from_url(load_database_url())
    upgrade_schema(database.engine)
    return database


def _export(args: argparse.Namespace) -> int:
    database = _database()
    with database.transaction() as session:
        write_json_array(iter_kudos(session=session, team_id=args.team), sys.stdout)
    return 0


def _digest(args: argparse.Namespace) -> int:
    settings = load_settings()
    configure_logging("WARNING", [settings.slack_signing_secret])
    deps = make_deps(settings, open_database(settings))
    client = web_client_for(deps, args.team) if args.team else make_web_client(settings)
    if client is None or not client.token:
        raise ConfigError(
            "no bot token for that workspace: pass --team T of an installed workspace"
        )
    try:
        digest_now(
            deps,
            client,
            channel_id=args.channel,
            team_id=args.team,
            dry_run=args.dry_run,
            out=sys.stdout,
            now=deps.clock(),
        )
    except SlackApiError as error:
        print(f"kudos-bot: Slack said {error.response.get('error')!r}", file=sys.stderr)
        return 1
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in ("serve", "scheduler"):
        settings = load_settings()
        secrets = [settings.slack_signing_secret, settings.slack_client_secret]
        secrets.append(settings.pseudonym_secret)
        configure_logging(settings.log_level, [s for s in secrets if s])
        if args.command == "scheduler":
            return run_scheduler(settings)
        return run_server(
            settings,
            port=args.port,
            host=args.host,
            socket=args.socket,
            scheduler=not args.no_scheduler,
        )
    if args.command == "digest":
        return _digest(args)
    configure_logging("WARNING")
    if args.command in stewardship_cli.COMMANDS:
        return stewardship_cli.run(args)
    if args.command == "db":
        _database()
        print("database schema is up to date")
        return 0
    return _export(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; configuration problems end with one clear line and exit code 2."""
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (ConfigError, StartupError) as error:
        print(f"kudos-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
