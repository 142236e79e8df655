"""HTTP benchmark of `/kudos`: the real app against bare Bolt apps, over real sockets.

``python -m bench.kudos_http`` (``make bench``) starts a fake Slack Web API in this process, the
real app (`kudos-bot serve`, via tests.support.live_server) and two bare Bolt apps whose
`/kudos` only acks (bench.bare_bolt_app; same Bolt, same WSGI adapter, same waitress set-up):
``bare`` with `process_before_response=False` (Bolt's default: the ack runs on the listener
pool while the request thread polls for it every 10 ms) and ``bare-pbr`` with True (the ack
runs in the request thread). It then sends signed `/kudos <@UANA> #respect ...` slash commands
exactly as Slack does, from 1 and then from 32 clients, each on its own persistent HTTP/1.1
connection, and measures:

* ack latency: from sending a request to having read the whole HTTP response;
* for the real app, completion: the time until every confirmation reached its response_url
  (the last step of giving kudos), and the number of kudos stored, which must equal the number
  of requests sent (exit status 1 and a loud message otherwise).

Everything stays on 127.0.0.1, the number of requests is fixed and every wait is bounded.

This module is the command line; the run is bench.measurement (servers: bench.servers_under_test,
load: bench.load_generator, CPU: bench.resource_usage) and the tables are bench.report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.measurement import measure
from bench.outcome import Outcome
from bench.report import report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.kudos_http",
        description="Benchmark /kudos over HTTP: the real app against bare Bolt apps.",
    )
    parser.add_argument("--requests-1", type=int, default=200, help="requests from 1 client")
    parser.add_argument(
        "--requests-32", type=int, default=1000, help="requests in the --concurrency phase"
    )
    parser.add_argument(
        "--concurrency", type=int, default=32, help="clients of the second phase (default 32)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of the --concurrency phase, taking turns between the servers; the ratio "
        "printed is the median of the rounds' (default 5)",
    )
    parser.add_argument("--warmup", type=int, default=40, help="warm-up requests per server")
    parser.add_argument(
        "--database-url",
        help="sqlite:///path, or postgresql://user@host:port/db to run in a throwaway database "
        "on that server (default: a temporary SQLite file)",
    )
    parser.add_argument(
        "--homes-open",
        action="store_true",
        help="worst case: the recipient and every giver opened Home, so every kudos refreshes "
        "the giver's Home and (once per burst) the recipient's",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--phase-timeout", type=float, default=60.0, help="seconds per phase")
    parser.add_argument(
        "--completion-timeout", type=float, default=60.0, help="seconds to wait for confirmations"
    )
    return parser


def _print_problems(outcome: Outcome, problems: list[str]) -> None:
    print("\n!!! PROBLEMS !!!", file=sys.stderr)
    for problem in problems:
        print(f"!!! {problem}", file=sys.stderr)
    errors = [line for log in outcome.logs.values() for line in log.errors]
    for line in [*outcome.unexpected, *outcome.fake_errors, *errors][:10]:
        print(f"    {line}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 when anything was lost or failed."""
    args = _parser().parse_args(argv)
    if min(args.requests_1, args.requests_32, args.concurrency, args.rounds) < 1 or args.warmup < 0:
        raise SystemExit("request counts and concurrency must be positive")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kudos-bench-") as tmp:
        outcome = measure(args, Path(tmp))
    print()
    print(report(outcome, args.concurrency))
    print(f"(whole run: {time.monotonic() - started:.1f} s)")
    if args.json is not None:
        args.json.write_text(json.dumps(outcome.to_json(), indent=2) + "\n")
    problems = outcome.problems
    if problems:
        _print_problems(outcome, problems)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
