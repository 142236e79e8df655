"""The `kudos-bot` command line: serve, worker, scheduler, digest, db, export, queue,
forget-user, purge.

Every failure we expect ends with one line on stderr, saying what went wrong and what to check,
never a traceback, and one of these exit codes:

- 2, bad input or configuration: a usage mistake, a bad value (`--since 2026-02-30`, an `--out`
  that is a directory), a missing or malformed setting, a token Slack refuses at start-up. The
  same command fails the same way until the command or the settings change.
- 1, the environment failed: the database is unreachable or not a database of this app, Slack
  is unreachable or answers an error, the disk is full, read-only or forbids the write, the
  reader of stdout went away (`kudos-bot export | head -1`). Check it, then run it again.

`failures` words the lines; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot.cli import failures
from bot.cli import queue as queue_cli
from bot.cli import stewardship as stewardship_cli
from bot.cli.export import add_export_parser, run_export
from bot.config import ConfigError, load_database_url
from bot.deps import utc_now
from bot.runtime.log_setup import configure_logging
from storage.database import Database
from storage.schema import upgrade_schema

SERVICE_COMMANDS = (
    "serve",
    "worker",
    "scheduler",
    "digest",
)  # bot.cli.service, imported only for them


class _Parser(argparse.ArgumentParser):
    """Usage mistakes end with one line naming the problem, and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print `kudos-bot …: message` and exit 2."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_service_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = commands.add_parser("serve", help="run the app (HTTP, or Socket Mode)")
    serve.add_argument("--port", type=int, help="HTTP port (default: PORT, or 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="interface to listen on")  # noqa: S104
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="don't run scheduled jobs in this process"
    )
    serve.add_argument(
        "--no-worker", action="store_true", help="only take requests; a `worker` process runs them"
    )
    commands.add_parser("worker", help="run only the worker: the tasks requests left queued")
    commands.add_parser("scheduler", help="run only the scheduled jobs (digests, prompts, …)")
    digest = commands.add_parser("digest", help="build a channel's weekly digest now")
    digest.add_argument("--channel", required=True, help="channel id, e.g. C0123456")
    digest.add_argument("--team", help="workspace (team id); default: the channel's schedule")
    digest.add_argument("--dry-run", action="store_true", help="print it instead of posting")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kudos-bot", description="Difference Makers for Slack")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_service_parsers(commands)
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: migrate to the newest schema")
    add_export_parser(commands)
    queue_cli.add_parser(commands)
    stewardship_cli.add_parsers(commands)
    return parser


def _database() -> Database:
    database = Database.from_url(load_database_url())
    upgrade_schema(database.engine)
    return database


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in SERVICE_COMMANDS:
        from bot.cli import service as service_cli  # noqa: PLC0415  (Slack and the web server load only here)

        return service_cli.run(args)
    configure_logging("WARNING")
    if args.command in stewardship_cli.COMMANDS:
        return stewardship_cli.run(args)
    if args.command == "queue":
        return queue_cli.run_queue(args, _database, utc_now)
    if args.command == "db":
        _database()
        print("database schema is up to date")
        return 0
    return run_export(args, _database, utc_now)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; expected failures end with one line and exit 2 or 1 (see above)."""
    args = _parser().parse_args(argv)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except ConfigError as error:
        return failures.report(str(error), failures.EXIT_INPUT)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return failures.closed_pipe()
    except failures.EXPECTED as error:
        line = failures.explain(error)
        if line is None:
            raise
        failures.discard_stdout()
        return failures.report(line, failures.EXIT_ENVIRONMENT)
    return code
