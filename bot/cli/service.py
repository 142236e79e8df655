"""`kudos-bot serve`, `worker`, `scheduler` and `digest`: the commands that talk to Slack.

Imported only for these commands, so exports and maintenance commands start fast; only `serve`
loads the Bolt app and its listeners (bot.runtime.runner, bot.app).
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.failures import report, startup_failure
from bot.config import ConfigError, Settings, load_settings
from bot.deps import make_deps
from bot.jobs.manual_digest import digest_now
from bot.runtime.log_setup import configure_logging
from bot.runtime.startup import StartupError, open_database, run_scheduler, run_worker
from bot.slack.clients import make_web_client, web_client_for


def _configure(settings: Settings) -> None:
    secrets = [settings.slack_signing_secret, settings.slack_client_secret]
    secrets.append(settings.pseudonym_secret)
    configure_logging(settings.log_level, [s for s in secrets if s])


def _digest(args: argparse.Namespace, settings: Settings) -> int:
    deps = make_deps(settings, open_database(settings))
    client = web_client_for(deps, args.team) if args.team else make_web_client(settings)
    if client is None or not client.token:
        raise ConfigError("no bot token for that workspace: pass --team T of an installed one")
    digest_now(
        deps,
        client,
        channel_id=args.channel,
        team_id=args.team,
        dry_run=args.dry_run,
        out=sys.stdout,
        now=deps.clock(),
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Run `serve`, `worker`, `scheduler` or `digest`; start-up problems end with one line."""
    settings = load_settings()
    try:
        if args.command == "digest":
            configure_logging("WARNING", [settings.slack_signing_secret])
            # Slack failures end the command with one line (bot.cli.main): no log lines too.
            logging.getLogger("slack_sdk").setLevel(logging.CRITICAL)
            return _digest(args, settings)
        _configure(settings)
        if args.command == "scheduler":
            return run_scheduler(settings)
        if args.command == "worker":
            return run_worker(settings)
        from bot.runtime.runner import run_server  # noqa: PLC0415  (serving loads the Bolt app)

        return run_server(
            settings,
            port=args.port,
            host=args.host,
            socket=args.socket,
            scheduler=not args.no_scheduler,
            worker=not args.no_worker,
        )
    except StartupError as error:  # 2 for a refused setting, 1 if the database or network failed
        return report(*startup_failure(error))
