"""`kudos-bot export`: its options, and running it against the database from the environment."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from bot.cli.output import OUT_HELP, out_target
from bot.domain.export_format import ExportFormat
from bot.domain.export_range import ExportRangeError, date_range
from bot.services.export import ExportError, ExportRequest, log_export, write_export
from storage.database import Database

CLI_REQUESTER = "cli"


def add_export_parser(commands: Any) -> None:
    """Declare `kudos-bot export` and its options."""
    export = commands.add_parser("export", help="export kudos (CSV, JSON or JSON Lines)")
    export.add_argument("--format", choices=[f.value for f in ExportFormat], default="json")
    export.add_argument("--since", metavar="DATE", help="from this UTC day (YYYY-MM-DD), included")
    export.add_argument("--until", metavar="DATE", help="to this UTC day (YYYY-MM-DD), included")
    export.add_argument("--team", help="only this workspace (team id)")
    export.add_argument("--value", help="only kudos for this company value (slug or name)")
    export.add_argument("--user", help="only kudos this person (user id) gave or received")
    export.add_argument("--out", type=Path, metavar="FILE", help=OUT_HELP)
    export.add_argument("--summary", action="store_true", help="one row per person, with counts")
    export.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM, for Excel")


def export_request(args: argparse.Namespace) -> ExportRequest:
    """Validate the options into a request; ExportRangeError/ExportError say what was wrong."""
    export_format = ExportFormat(args.format)
    if args.excel and export_format is not ExportFormat.CSV:
        raise ExportError("--excel only applies to --format csv")
    dates = date_range(args.since, args.until, names=("--since", "--until"))
    return ExportRequest(
        export_format=export_format,
        dates=dates,
        team_id=args.team,
        value=args.value,
        user_id=args.user,
        summary=args.summary,
        excel=args.excel,
    )


def run_export(
    args: argparse.Namespace, database: Callable[[], Database], now: Callable[[], datetime]
) -> int:
    """Run `kudos-bot export`; a bad request prints one line and returns 2, leaving no file."""
    try:
        request = export_request(args)
        target = None if args.out is None else out_target(args.out)
        db = database()
        output: AbstractContextManager[TextIO] = (
            nullcontext(sys.stdout) if target is None else target.open()
        )
        with output as out:
            with db.reading() as session:
                count = write_export(session=session, request=request, out=out)
            with db.transaction() as session:
                log_export(
                    session=session,
                    request=request,
                    requested_by=CLI_REQUESTER,
                    now=now(),
                    row_count=count,
                )
    except (ExportRangeError, ExportError) as error:
        print(f"kudos-bot export: {error}", file=sys.stderr)
        return 2
    if args.out is not None:
        print(f"wrote {count} rows to {args.out}", file=sys.stderr)
    return 0
