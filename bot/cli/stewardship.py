"""`kudos-bot forget-user` and `kudos-bot purge`: data stewardship from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from bot.config import ConfigError, load_database_url, load_pseudonym_secret, load_settings
from bot.deps import Deps, utc_now
from bot.domain.pseudonym import is_user_id, pseudonym
from bot.jobs.retention import purge_due_workspaces
from storage.database import Database
from storage.forget_repo import forget_user, teams_with_user
from storage.schema import upgrade_schema

COMMANDS = frozenset({"forget-user", "purge"})


def add_parsers(commands: Any) -> None:
    """Add the stewardship subcommands to the `kudos-bot` parser."""
    forget = commands.add_parser(
        "forget-user",
        help="erase a person: blank their messages, replace their id by a pseudonym",
    )
    forget.add_argument("user_id", help="the Slack user id, e.g. U024BE7LH")
    forget.add_argument("--team", help="only this workspace (default: every one they appear in)")
    commands.add_parser(
        "purge", help="delete workspaces uninstalled longer ago than the retention period"
    )


def _database(url: str) -> Database:
    database = Database.from_url(url)
    upgrade_schema(database.engine)
    return database


def _forget(args: argparse.Namespace) -> int:
    if not is_user_id(args.user_id):
        raise ConfigError(f"{args.user_id!r} is not a Slack user id (like U024BE7LH).")
    secret = load_pseudonym_secret()
    database = _database(load_database_url())
    with database.transaction() as session:  # every workspace in one transaction
        teams = [args.team] if args.team else teams_with_user(session=session, user_id=args.user_id)
        report = []
        for team_id in teams:
            replacement = pseudonym(secret, team_id, args.user_id)
            changes = forget_user(
                session=session, team_id=team_id, user_id=args.user_id, replacement=replacement
            )
            report.append((team_id, replacement, changes))
    changed = [(t, r, c) for t, r, c in report if any(c.values())]
    if not changed:
        print(f"{args.user_id}: nothing to change (never seen, or already forgotten).")
    for team_id, replacement, changes in changed:
        print(f"{team_id}: {args.user_id} is now {replacement}")
        for what, count in changes.items():
            print(f"  {what}: {count}")
    return 0


def _purge() -> int:
    settings = load_settings()
    deps = Deps(settings=settings, database=_database(settings.database_url))
    purged = purge_due_workspaces(deps, now=utc_now())
    days = settings.data_retention_days_after_uninstall
    if not purged:
        print(f"nothing to purge (retention: {days} days after uninstall)")
    for item in purged:
        total = sum(item.deleted.values())
        print(f"{item.team_id}: uninstalled {item.uninstalled_at:%Y-%m-%d}, {total} rows deleted")
        for table, count in sorted(item.deleted.items()):
            print(f"  {table}: {count}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run `forget-user` or `purge`."""
    return _forget(args) if args.command == "forget-user" else _purge()
